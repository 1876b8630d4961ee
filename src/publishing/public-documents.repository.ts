import { sql } from 'kysely';
import type { AppContext } from '../app/context.js';
import type { Db, Executor } from '../db/database.js';
import { canonicalJson } from '../shared/json.js';
import { sm3Hex } from '../crypto/sm.js';
import { presentItem } from './public.presenter.js';
import { loadPublicItems, type PublicItem, type PublicUnit } from './public.queries.js';
import { safeJson } from './public-response.js';
import type { PublicItemTable } from './public-documents.table.js';
import { itemsCiting, repealedBasisNotices } from './basis-notice.queries.js';

/**
 * Writes the public read model (public-documents.table.ts): a publication rewrites its item's row, theme rows
 * and the counters they contribute to, in the publication's transaction, so a committed publication and its
 * public documents are one fact. `rebuildPublicDocuments` rewrites everything in batches (reindex, upgrade).
 */

type UnitForDocs = PublicUnit & { updatedAt: string };

async function unitsFor(db: Executor, unitIds: readonly string[]): Promise<Map<string, UnitForDocs>> {
  if (!unitIds.length) return new Map();
  const rows = await db
    .selectFrom('units')
    .select(['id', 'name', 'short_name', 'uscc', 'website', 'online_system_url', 'address', 'phone', 'updated_at'])
    .where('id', 'in', [...new Set(unitIds)])
    .execute();
  return new Map(
    rows.map((u) => [
      u.id,
      {
        id: u.id,
        name: u.name,
        shortName: u.short_name,
        uscc: u.uscc,
        website: u.website,
        onlineSystemUrl: u.online_system_url,
        address: u.address,
        phone: u.phone,
        itemCount: 0,
        updatedAt: u.updated_at,
      },
    ]),
  );
}

/** The API document of an item (what follows the envelope) and the SM3 of its canonical form. */
export function apiDocument(
  app: AppContext,
  item: PublicItem,
  unit: PublicUnit | undefined,
): { json: string; hash: string } {
  const data = presentItem(item, unit, app.config);
  return { json: safeJson(data), hash: sm3Hex(canonicalJson(data)) };
}

const audiences = (objects: readonly string[]) => ({
  person: objects.includes('1'),
  corporate: objects.some((o) => o !== '1'),
});

function rowOf(app: AppContext, item: PublicItem, unit: UnitForDocs | undefined): PublicItemTable {
  const objects = item.content.serviceObjects ?? [];
  const serves = audiences(objects);
  const doc = apiDocument(
    app,
    {
      ...item,
      unit: { id: item.unit.id, name: unit?.name ?? item.unit.name, website: unit?.website ?? item.unit.website },
    },
    unit,
  );
  return {
    item_id: item.itemId,
    code: item.code,
    unit_id: item.unit.id,
    unit_name: unit?.name ?? item.unit.name,
    task_code: item.taskCode,
    handling_code: item.handlingCode,
    parent_code: item.parentCode,
    name: item.name,
    type: item.type,
    granularity: item.granularity,
    life_state: item.lifeState,
    version: item.version,
    published_at: item.publishedAt,
    content_hash: item.contentHash,
    service_objects: JSON.stringify(objects),
    serves_person: serves.person ? 1 : 0,
    serves_corporate: serves.corporate ? 1 : 0,
    seq: item.lastPublication.seq,
    units_at: unit?.updatedAt ?? '',
    api_json: doc.json,
    api_hash: doc.hash,
    basis_notice: null,
  };
}

function themeRowsOf(item: PublicItem) {
  const serves = audiences(item.content.serviceObjects ?? []);
  const rows: Array<{ item_id: string; audience: string; theme: string; serves: number }> = [];
  for (const [audience, themes] of [
    ['person', item.content.ext?.personThemes],
    ['corporate', item.content.ext?.corporateThemes],
  ] as const) {
    for (const theme of new Set(themes ?? []))
      rows.push({ item_id: item.itemId, audience, theme, serves: serves[audience] ? 1 : 0 });
  }
  return rows;
}

/** The counters a row contributes to (public_counts). */
function countKeys(
  row: Pick<PublicItemTable, 'type' | 'unit_id'>,
  themes: ReadonlyArray<{ audience: string; theme: string; serves: number }>,
): string[] {
  return [
    'all\u0000',
    `type\u0000${row.type}`,
    `unit\u0000${row.unit_id}`,
    ...themes.filter((t) => t.serves).map((t) => `theme:${t.audience}\u0000${t.theme}`),
  ];
}

async function addCounts(db: Executor, deltas: Map<string, number>): Promise<void> {
  const rows = [...deltas]
    .filter(([, n]) => n)
    .map(([k, n]) => {
      const [dim, key] = k.split('\u0000') as [string, string];
      return { dim, key, n };
    });
  // One multi-row upsert per 500 counters (each key once per statement: PostgreSQL refuses a row affected twice).
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('public_counts')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['dim', 'key']).doUpdateSet((eb) => ({ n: eb('public_counts.n', '+', eb.ref('excluded.n')) })),
      )
      .execute();
}

async function insertRows(
  db: Executor,
  rows: PublicItemTable[],
  themes: ReturnType<typeof themeRowsOf>,
): Promise<void> {
  // Bounded statements: a row has ~21 parameters, both engines accept a few thousand per statement.
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('public_items')
      .values(rows.slice(i, i + 200))
      .execute();
  for (let i = 0; i < themes.length; i += 500)
    await db
      .insertInto('public_item_themes')
      .values(themes.slice(i, i + 500))
      .execute();
}

async function deleteRows(db: Executor, itemIds: readonly string[]): Promise<void> {
  await db.deleteFrom('public_item_themes').where('item_id', 'in', itemIds).execute();
  await db.deleteFrom('public_items').where('item_id', 'in', itemIds).execute();
}

/**
 * Rewrites one item's public documents as of now (inside the publication's transaction): its row and theme
 * rows when it is public, nothing when it is not (cancelled), and the counters by the difference.
 */
export async function refreshPublicDocument(app: AppContext, trx: Executor, itemId: string): Promise<void> {
  await refreshPublicDocuments(app, trx, [itemId]);
}

/**
 * `refreshPublicDocument` of each of the items (distinct ids; a batch of publications), with one query or
 * multi-row statement per table for the batch and the counters moved by the summed differences.
 */
export async function refreshPublicDocuments(
  app: AppContext,
  trx: Executor,
  itemIds: readonly string[],
): Promise<void> {
  if (!itemIds.length) return;
  const ids = [...itemIds];
  const [old, oldThemes, items] = await Promise.all([
    trx.selectFrom('public_items').select(['item_id', 'type', 'unit_id']).where('item_id', 'in', ids).execute(),
    trx
      .selectFrom('public_item_themes')
      .select(['item_id', 'audience', 'theme', 'serves'])
      .where('item_id', 'in', ids)
      .execute(),
    loadPublicItems(trx, ids),
  ]);
  const deltas = new Map<string, number>();
  const move = (keys: string[], by: number) => {
    for (const k of keys) deltas.set(k, (deltas.get(k) ?? 0) + by);
  };
  const themesOf = new Map<string, typeof oldThemes>();
  for (const t of oldThemes) themesOf.set(t.item_id, [...(themesOf.get(t.item_id) ?? []), t]);
  for (const row of old) move(countKeys(row, themesOf.get(row.item_id) ?? []), -1);
  await deleteRows(trx, ids);
  const units = await unitsFor(
    trx,
    items.map((i) => i.unit.id),
  );
  const rows = items.map((i) => rowOf(app, i, units.get(i.unit.id)));
  const themes = items.map(themeRowsOf);
  await insertRows(trx, rows, themes.flat());
  await refreshBasisNotices(
    trx,
    items.map((i) => i.itemId),
  );
  for (const [k, row] of rows.entries()) move(countKeys(row, themes[k]!), 1);
  await addCounts(trx, deltas);
}

/** A unit's new name in the list rows (their sort key); the documents follow on read (units_at). */
export async function renameUnitInDocuments(trx: Executor, unitId: string, name: string): Promise<void> {
  await trx
    .updateTable('public_items')
    .set({ unit_name: name })
    .where('unit_id', '=', unitId)
    .where('unit_name', '!=', name)
    .execute();
}

export interface RebuildDocumentsResult {
  written: number;
  removed: number;
}

/**
 * The read model rebuilt from the published versions, in batches of `batch` items, each its own short
 * transaction (readers keep seeing every other item meanwhile), then stale rows removed and the counters
 * recomputed. Idempotent; safe while the server runs.
 */
export async function rebuildPublicDocuments(
  app: AppContext,
  o: { batch?: number; onBatch?: (done: number) => void } = {},
): Promise<RebuildDocumentsResult> {
  const db: Db = app.db;
  const size = o.batch ?? 500;
  let after = '';
  let written = 0;
  for (;;) {
    const ids = (
      await db.kysely
        .selectFrom('items')
        .select('id')
        .where('published_version_id', 'is not', null)
        .where('life_state', '!=', 'cancelled')
        .where('id', '>', after)
        .orderBy('id')
        .limit(size)
        .execute()
    ).map((r) => r.id);
    if (!ids.length) break;
    after = ids.at(-1)!;
    await db.kysely.transaction().execute(async (trx) => {
      const items = await loadPublicItems(trx, ids);
      const units = await unitsFor(
        trx,
        items.map((i) => i.unit.id),
      );
      await deleteRows(trx, ids);
      await insertRows(
        trx,
        items.map((i) => rowOf(app, i, units.get(i.unit.id))),
        items.flatMap(themeRowsOf),
      );
      await refreshBasisNotices(trx, ids);
    });
    written += ids.length;
    o.onBatch?.(written);
    // Let requests in between batches (the rebuild may run inside a serving process).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return db.kysely.transaction().execute(async (trx) => {
    const publicIds = trx
      .selectFrom('items')
      .select('id')
      .where('published_version_id', 'is not', null)
      .where('life_state', '!=', 'cancelled');
    await trx.deleteFrom('public_item_themes').where('item_id', 'not in', publicIds).execute();
    const removed = await trx.deleteFrom('public_items').where('item_id', 'not in', publicIds).executeTakeFirst();
    await trx.deleteFrom('public_counts').execute();
    await trx
      .insertInto('public_counts')
      .columns(['dim', 'key', 'n'])
      .expression((eb) =>
        eb
          .selectFrom('public_items')
          .select([eb.val('all').as('dim'), eb.val('').as('key'), eb.fn.countAll<number>().as('n')]),
      )
      .execute();
    for (const [dim, col] of [
      ['type', 'type'],
      ['unit', 'unit_id'],
    ] as const) {
      await trx
        .insertInto('public_counts')
        .columns(['dim', 'key', 'n'])
        .expression((eb) =>
          eb
            .selectFrom('public_items')
            .select([eb.val(dim).as('dim'), `${col} as key`, eb.fn.countAll<number>().as('n')])
            .groupBy(col),
        )
        .execute();
    }
    await trx
      .insertInto('public_counts')
      .columns(['dim', 'key', 'n'])
      .expression((eb) =>
        eb
          .selectFrom('public_item_themes as t')
          .select([sql<string>`'theme:' || t.audience`.as('dim'), 't.theme as key', eb.fn.countAll<number>().as('n')])
          .where('t.serves', '=', 1)
          .groupBy(['t.audience', 't.theme']),
      )
      .execute();
    return { written, removed: Number(removed.numDeletedRows) };
  });
}

/**
 * After the upgrade that introduced the read model: written once at boot when it is empty while published
 * items exist (later rebuilds are `shixiang reindex`). Returns the number of items written, 0 when nothing was due.
 */
export async function backfillPublicDocuments(app: AppContext): Promise<number> {
  const [docs, published] = await Promise.all([
    app.db.kysely.selectFrom('public_items').select('item_id').limit(1).executeTakeFirst(),
    app.db.kysely
      .selectFrom('items')
      .select('id')
      .where('published_version_id', 'is not', null)
      .where('life_state', '!=', 'cancelled')
      .limit(1)
      .executeTakeFirst(),
  ]);
  if (docs || !published) return 0;
  return (await rebuildPublicDocuments(app)).written;
}

/**
 * Keeps `public_items.basis_notice` in step with the legal register: called in the transaction of every
 * write that can change it (an item's citations, a legal event, an edit of a register document, the
 * publication that writes the item's documents). Items that are not public have no row and are skipped.
 */
export async function refreshBasisNotices(db: Executor, itemIds: readonly string[]): Promise<void> {
  if (!itemIds.length) return;
  const notices = await repealedBasisNotices(db, itemIds);
  const none = itemIds.filter((id) => !notices.has(id));
  for (let i = 0; i < none.length; i += 500) {
    await db
      .updateTable('public_items')
      .set({ basis_notice: null })
      .where('item_id', 'in', none.slice(i, i + 500))
      .where('basis_notice', 'is not', null)
      .execute();
  }
  for (const [itemId, notice] of notices)
    await db.updateTable('public_items').set({ basis_notice: notice }).where('item_id', '=', itemId).execute();
}

/** After a register document changed (status, title, date): the notices of the items citing it. */
export async function refreshBasisNoticesOfDocuments(db: Executor, docIds: readonly string[]): Promise<void> {
  await refreshBasisNotices(db, await itemsCiting(db, docIds));
}
