import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import * as items from '../items/item.repository.js';
import type { ItemRow } from '../items/item.table.js';
import { afterPublication } from '../publishing/after-publication.js';
import { errors } from '../shared/errors.js';
import { insertPublication, nextPublicationSeq } from './workflow.repository.js';

/**
 * 暂停 / 恢复 a published item (事项状态 在用 ⇄ 暂停). The public keeps seeing the item with its state, so
 * the change is a publication like any other (feeds and channels follow it). 取消 is not here: it is a
 * change request with an Art. 16 ground.
 */
export async function setLifeState(
  uc: UseCaseContext,
  itemId: string,
  to: 'suspended' | 'active',
  reason: string,
): Promise<ItemRow> {
  authorize(uc.actor, 'item.life');
  if (reason.trim().length < 4) throw errors.field('reason', '请说明暂停或恢复的理由');
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const item = await items.findItem(trx, unitScope(uc.actor), itemId);
    if (!item) throw errors.notFound('事项');
    const from = to === 'suspended' ? 'active' : 'suspended';
    if (item.life_state !== from || !item.published_version_id)
      throw errors.invalidState(to === 'suspended' ? '只有在用的已发布事项可以暂停' : '事项未处于暂停状态');
    if (!(await items.setLifeState(trx, item.id, from, to, now)))
      throw errors.invalidState('状态已被他人改变，请刷新后重试');
    const version = await items.findVersion(trx, item.published_version_id);
    const seq = await nextPublicationSeq(trx, uc.app.db.dialect);
    const kind = to === 'suspended' ? 'suspend' : 'resume';
    await insertPublication(trx, {
      seq,
      item_id: item.id,
      version_id: item.published_version_id,
      unit_id: item.unit_id,
      kind,
      change_request_id: null,
      ground: null,
      summary: reason.trim(),
      content_hash: version!.content_hash,
      published_at: now,
      published_by: uc.actor.id,
    });
    await afterPublication(uc.app, trx, { seq, itemId: item.id, kind });
    await audit({
      action: to === 'suspended' ? 'item.suspended' : 'item.resumed',
      target: { type: 'item', id: item.id },
      reason: reason.trim(),
    });
    return { ...item, life_state: to, lock_version: item.lock_version + 1 };
  });
}
