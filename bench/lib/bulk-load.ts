import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../src/app/context.js';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { newVersionRow } from '../../src/items/item-rows.js';
import type { ItemRow, ItemVersionRow } from '../../src/items/item.table.js';
import { newId } from '../../src/shared/ids.js';
import type { PublicationRow } from '../../src/workflow/workflow.table.js';
// @ts-expect-error plain ESM generator without types
import { generateCatalog } from './gen-catalog.mjs';
import {
  contentOf,
  createUnits,
  loaderContext,
  type GenItem,
  type LoadResult,
  type LoadedItem,
} from './load-catalogue.js';

/** Rows written per INSERT statement group (one transaction each). */
const BATCH = 500;

/**
 * The scale loader (BENCH_LOAD=sql): the same generated catalogue as `importCatalogue`, written as plain rows
 * (items, their one version, the publication) in batches of 500 per transaction, with no rules, audit or hook
 * per item; `shixiang reindex` then builds the derived tables (citations, public documents, search index) the
 * way an upgrade or a migration from another system does. Units go through `createUnit`. `dir/all.jsonl`
 * holds every item as an import line (for `shixiang check`).
 */
export async function bulkLoadCatalogue(
  ctx: AppContext,
  n: number,
  dir: string,
  region = '330106',
  progress?: (done: number) => void,
): Promise<LoadResult> {
  const uc = loaderContext(ctx);
  const start = performance.now();
  const { units, usccs } = await createUnits(uc, region);
  const seqRow = await ctx.db.kysely
    .selectFrom('publications')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirst();
  let seq = Number(seqRow?.m ?? 0);
  const now = new Date().toISOString();
  const all = fs.openSync(path.join(dir, 'all.jsonl'), 'w');
  const loaded: LoadedItem[] = [];
  let items: ItemRow[] = [];
  let versions: ItemVersionRow[] = [];
  let publications: PublicationRow[] = [];
  const flush = async () => {
    if (!items.length) return;
    const batch = { items, versions, publications };
    items = [];
    versions = [];
    publications = [];
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < batch.items.length; i += 100)
        await trx
          .insertInto('items')
          .values(batch.items.slice(i, i + 100))
          .execute();
      for (let i = 0; i < batch.versions.length; i += 100)
        await trx
          .insertInto('item_versions')
          .values(batch.versions.slice(i, i + 100))
          .execute();
      for (let i = 0; i < batch.publications.length; i += 100)
        await trx
          .insertInto('publications')
          .values(batch.publications.slice(i, i + 100))
          .execute();
    });
    progress?.(loaded.length);
  };
  let i = 0;
  for (const g of generateCatalog({ n, seed: 42, region }) as Iterable<GenItem>) {
    i++;
    if (g.status === 'archived') continue;
    const content = contentOf(g, i, region);
    const unitId = units.get(g.unit)!;
    const taskCode = composeTaskCode({
      uscc: usccs.get(g.unit)!,
      level: ctx.config.jurisdiction.level,
      catalogCode: content.catalogCode!,
    });
    fs.writeSync(all, `${JSON.stringify({ taskCode, granularity: 'main', content })}\n`);
    const published = g.status === 'published';
    const id = newId();
    const versionId = newId();
    const version = newVersionRow(versionId, id, 1, content, null, now, published ? '初始迁移' : undefined);
    items.push({
      id,
      unit_id: unitId,
      parent_id: null,
      granularity: 'main',
      task_code: taskCode,
      handling_code: '',
      catalog_code: content.catalogCode!,
      origin: 'self',
      name: content.name,
      type: content.type ?? '',
      life_state: 'active',
      workflow_state: published ? 'published' : 'draft',
      lock_version: 1,
      draft_version_id: published ? null : versionId,
      published_version_id: published ? versionId : null,
      error_count: 0,
      warning_count: 0,
      created_at: now,
      created_by: null,
      updated_at: now,
      updated_by: null,
    });
    versions.push(published ? { ...version, state: 'published', published_at: now } : version);
    if (published) {
      publications.push({
        seq: ++seq,
        item_id: id,
        version_id: versionId,
        unit_id: unitId,
        kind: 'add',
        change_request_id: null,
        ground: null,
        summary: '初始迁移',
        content_hash: version.content_hash,
        published_at: now,
        published_by: null,
      });
    }
    loaded.push({ code: taskCode, itemId: id, unitId, name: g.name, conditions: g.conditions, published });
    if (items.length >= BATCH) await flush();
  }
  await flush();
  fs.closeSync(all);
  return { units, items: loaded, seconds: (performance.now() - start) / 1000 };
}
