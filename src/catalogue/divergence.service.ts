import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import * as items from '../items/item.repository.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { notifyRoles } from '../workflow/notify.js';
import type { DivergenceRequestRow } from './catalogue.table.js';
import * as repo from './catalogue.repository.js';

/** catalogCode: a code the loaded catalogue does not hold, on record while the upper level assigns one (Art. 8). */
import { isCodeOf } from '../domain/enums.js';
import {
  DIVERGENCE_FIELDS,
  DIVERGENCE_STATUSES,
  type DivergenceField,
  type DivergenceStatus,
} from './divergence.enums.js';
export { DIVERGENCE_FIELDS, DIVERGENCE_STATUSES, type DivergenceField, type DivergenceStatus };

/**
 * The only way to ask for a local divergence from an inherited element: a recorded request that the centre
 * forwards to the upper level. The item itself does not change; if the upper level agrees, its next catalogue
 * version carries the new text and the item takes it over.
 */
export async function requestDivergence(
  uc: UseCaseContext,
  itemId: string,
  input: { field: string; proposed: string; reason: string },
): Promise<DivergenceRequestRow> {
  authorize(uc.actor, 'catalogue.claim');
  const field = input.field;
  if (!isCodeOf(DIVERGENCE_FIELDS, field)) throw errors.field('field', '请选择要调整的基本要素');
  if (!input.proposed.trim()) throw errors.field('proposed', '请填写建议的内容');
  if ([...input.reason.trim()].length < 10) throw errors.field('reason', '请说明理由和依据（不少于10个字）');
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const item = await items.findItem(trx, unitScope(uc.actor), itemId);
    if (!item) throw errors.notFound('事项');
    if (item.origin !== 'claimed' && field !== 'catalogCode')
      throw errors.invalidState('只有认领的事项有继承要素；自建事项可直接修改');
    const row: DivergenceRequestRow = {
      id: newId(),
      item_id: item.id,
      unit_id: item.unit_id,
      catalog_code: item.catalog_code,
      field,
      proposed: input.proposed.trim().slice(0, 4000),
      reason: input.reason.trim().slice(0, 4000),
      status: 'recorded',
      answer: null,
      created_at: now,
      created_by: uc.actor.id,
      answered_at: null,
      answered_by: null,
    };
    await repo.insertDivergence(trx, row);
    await audit({
      action: 'catalogue.divergence_requested',
      target: { type: 'divergence_request', id: row.id },
      after: row,
      details: { itemId: item.id, field: row.field },
    });
    await notifyRoles(
      trx,
      now,
      ['verifier', 'publisher'],
      undefined,
      {
        kind: 'obligation',
        title: `基本要素调整建议：${item.name}`,
        body: `${DIVERGENCE_FIELDS[field]} → ${row.proposed}`,
        link: '/console/catalogue/divergences',
      },
      false,
    );
    return row;
  });
}

export async function listDivergences(
  uc: UseCaseContext,
): Promise<Array<DivergenceRequestRow & { item_name: string; unit_name: string }>> {
  authorize(uc.actor, 'catalogue.read');
  const scope = unitScope(uc.actor);
  if (scope.kind === 'none') return [];
  return repo.listDivergences(uc.app.db.kysely, scope.kind === 'unit' ? scope.unitId : undefined);
}

/** The centre records what it did with the request (forwarded) and what the upper level answered. */
export async function answerDivergence(
  uc: UseCaseContext,
  id: string,
  input: { status: Exclude<DivergenceStatus, 'recorded'>; answer?: string },
): Promise<DivergenceRequestRow> {
  authorize(uc.actor, 'catalogue.manage');
  if (!['forwarded', 'accepted', 'rejected'].includes(input.status))
    throw errors.field('status', '应为 forwarded、accepted 或 rejected');
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const row = await repo.findDivergence(trx, id);
    if (!row) throw errors.notFound('调整建议');
    if (row.status === 'accepted' || row.status === 'rejected') throw errors.invalidState('该建议已有上级答复');
    const patch = {
      status: input.status,
      answer: input.answer?.trim() || row.answer,
      answered_at: now,
      answered_by: uc.actor.id,
    };
    await repo.answerDivergence(trx, id, patch);
    await audit({
      action: 'catalogue.divergence_answered',
      target: { type: 'divergence_request', id },
      details: { status: input.status, answer: patch.answer },
    });
    await notifyRoles(
      trx,
      now,
      ['unit_clerk'],
      row.unit_id,
      {
        kind: 'obligation',
        title: `基本要素调整建议：${DIVERGENCE_STATUSES[input.status]}`,
        body: patch.answer ?? undefined,
        link: '/console/catalogue/divergences',
      },
      false,
    );
    return { ...row, ...patch };
  });
}
