import type { AppContext } from '../../src/app/context.js';
import { inTransaction, type UseCaseContext } from '../../src/app/use-case.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import type { ItemContent } from '../../src/domain/item-content.js';
import * as items from '../../src/items/item.repository.js';
import { createItem, newVersionRow } from '../../src/items/item.service.js';
import { itemCode } from '../../src/publishing/public.queries.js';
import { newId } from '../../src/shared/ids.js';
import { createChangeRequest } from '../../src/workflow/change-request.service.js';
import { setLifeState } from '../../src/workflow/life.service.js';
import { publishVersion } from '../../src/workflow/publish.js';
import { licenceContent } from './factories.js';

/**
 * Published items for the publishing tests, through the real publication path (`publishVersion`: sequence,
 * publication log, afterPublication hook: search index and webhooks) but without walking every item
 * through review: the workflow has its own tests. Content is taken as given, so tests can publish
 * payloads the rules engine would warn about.
 */

let catalogSeq = 0;
const systemUc = (ctx: AppContext): UseCaseContext => ({ app: ctx, actor: SYSTEM_ACTOR, meta: {} });

/** A fresh 基本编码 (12 characters) so items of one unit never share a 实施编码. */
export const nextCatalogCode = () => `0009${String(10_000_000 + ++catalogSeq * 7).slice(-8)}`;

export interface PublishedItem {
  id: string;
  code: string;
  seq: number;
}

export async function publishItem(
  ctx: AppContext,
  unitId: string,
  overrides: Partial<ItemContent> = {},
): Promise<PublishedItem> {
  const content = licenceContent({ catalogCode: nextCatalogCode(), ...overrides });
  const row = await createItem(systemUc(ctx), { unitId, granularity: 'main', content });
  const seq = await inTransaction(systemUc(ctx), async (trx) => {
    await trx.updateTable('item_versions').set({ state: 'verified' }).where('id', '=', row.draft_version_id!).execute();
    const item = (await items.findItem(trx, { kind: 'all' }, row.id))!;
    const version = (await items.findVersion(trx, row.draft_version_id!))!;
    return (await publishVersion(ctx, trx, {
      item,
      version,
      from: ['verified'],
      publishedBy: null,
      now: ctx.clock.now().toISOString(),
    }))!;
  });
  return { id: row.id, code: itemCode(row.task_code, row.handling_code), seq };
}

/** A 变更 of a published item: a new version with `patch` applied, published (no change request behind it). */
export async function republishItem(ctx: AppContext, itemId: string, patch: Partial<ItemContent>): Promise<number> {
  return inTransaction(systemUc(ctx), async (trx) => {
    const item = (await items.findItem(trx, { kind: 'all' }, itemId))!;
    const current = (await items.findVersion(trx, item.published_version_id!))!;
    const content = { ...(JSON.parse(current.content) as ItemContent), ...patch };
    const version = {
      ...newVersionRow(
        newId(),
        item.id,
        (await items.maxVersionSeq(trx, item.id)) + 1,
        content,
        null,
        ctx.clock.now().toISOString(),
      ),
      state: 'verified' as const,
    };
    await items.insertVersion(trx, version);
    return (await publishVersion(ctx, trx, {
      item,
      version,
      from: ['verified'],
      publishedBy: null,
      now: ctx.clock.now().toISOString(),
      summary: '测试变更',
    }))!;
  });
}

export const suspendItem = (ctx: AppContext, itemId: string) =>
  setLifeState(systemUc(ctx), itemId, 'suspended', '测试：专项整治暂停受理');

/** A 取消 through a change request (Art. 16), published: the item leaves the catalogue, the log keeps it. */
export async function cancelItem(ctx: AppContext, itemId: string): Promise<number> {
  const today = new Date(ctx.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const cr = await createChangeRequest(systemUc(ctx), {
    kind: 'cancel',
    itemId,
    ground: 'art16.2',
    groundArisenOn: today,
    groundDocument: { docNo: '晋政发〔2026〕1号' },
    summary: '省政府决定取消',
  });
  return inTransaction(systemUc(ctx), async (trx) => {
    await trx.updateTable('item_versions').set({ state: 'verified' }).where('id', '=', cr.version_id!).execute();
    const item = (await items.findItem(trx, { kind: 'all' }, itemId))!;
    const version = (await items.findVersion(trx, cr.version_id!))!;
    return (await publishVersion(ctx, trx, {
      item,
      version,
      from: ['verified'],
      publishedBy: null,
      now: ctx.clock.now().toISOString(),
    }))!;
  });
}
