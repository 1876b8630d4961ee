import type { Executor } from '../db/database.js';
import { preparedQuery } from '../db/prepared.js';
import type { PublicItem } from './public.queries.js';

/**
 * Reads of the public read model (public-documents.table.ts): one indexed lookup per point read, lists and
 * totals from indexed list rows with LIMIT/OFFSET, counters from public_counts. No read touches more rows
 * than it shows, except the manifests (a scope's hash covers all its items) and the static export.
 */

/** What lists show of an item (portal lists, API summaries, search hits). */
export interface PublicListItem {
  itemId: string;
  code: string;
  name: string;
  type: string;
  granularity: string;
  lifeState: string;
  unit: { id: string; name: string };
  serviceObjects: string[];
  version: number;
  publishedAt: string;
  contentHash: string;
}

const LIST_COLUMNS = [
  'item_id',
  'code',
  'name',
  'type',
  'granularity',
  'life_state',
  'unit_id',
  'unit_name',
  'service_objects',
  'version',
  'published_at',
  'content_hash',
] as const;

type ListRow = {
  item_id: string;
  code: string;
  name: string;
  type: string;
  granularity: string;
  life_state: string;
  unit_id: string;
  unit_name: string;
  service_objects: string;
  version: number;
  published_at: string;
  content_hash: string;
};

const listItemOfRow = (r: ListRow): PublicListItem => ({
  itemId: r.item_id,
  code: r.code,
  name: r.name,
  type: r.type,
  granularity: r.granularity,
  lifeState: r.life_state,
  unit: { id: r.unit_id, name: r.unit_name },
  serviceObjects: JSON.parse(r.service_objects) as string[],
  version: Number(r.version),
  publishedAt: r.published_at,
  contentHash: r.content_hash,
});

/** The list form of a full item (the static export lists from its own snapshot). */
export const listItemOf = (i: PublicItem): PublicListItem => ({
  itemId: i.itemId,
  code: i.code,
  name: i.name,
  type: i.type,
  granularity: i.granularity,
  lifeState: i.lifeState,
  unit: { id: i.unit.id, name: i.unit.name },
  serviceObjects: [...(i.content.serviceObjects ?? [])],
  version: i.version,
  publishedAt: i.publishedAt,
  contentHash: i.contentHash,
});

export interface PublicDocument {
  itemId: string;
  code: string;
  unitId: string;
  name: string;
  parentCode: string | null;
  seq: number;
  unitsAt: string;
  apiJson: string;
  apiHash: string;
  /** The repealed-设定依据 notice the item shows, if any (basis-notice.queries.ts). */
  basisNotice: string | null;
}

const DOCUMENT_COLUMNS = [
  'item_id',
  'code',
  'unit_id',
  'name',
  'parent_code',
  'seq',
  'units_at',
  'api_json',
  'api_hash',
  'basis_notice',
] as const;
const documentByCode = preparedQuery<DocumentRow, [string]>((db) =>
  db.selectFrom('public_items').select(DOCUMENT_COLUMNS).where('code', '=', ''),
);
const documentById = preparedQuery<DocumentRow, [string]>((db) =>
  db.selectFrom('public_items').select(DOCUMENT_COLUMNS).where('item_id', '=', ''),
);
type DocumentRow = {
  item_id: string;
  code: string;
  unit_id: string;
  name: string;
  parent_code: string | null;
  seq: number;
  units_at: string;
  api_json: string;
  api_hash: string;
  basis_notice: string | null;
};

const documentOf = (r: DocumentRow): PublicDocument => ({
  itemId: r.item_id,
  code: r.code,
  unitId: r.unit_id,
  name: r.name,
  parentCode: r.parent_code,
  seq: Number(r.seq),
  unitsAt: r.units_at,
  apiJson: r.api_json,
  apiHash: r.api_hash,
  basisNotice: r.basis_notice,
});

/** One public item's ready document: the public point read (a statement compiled once, one indexed lookup). */
export async function findPublicDocument(
  db: Executor,
  by: { code: string } | { itemId: string },
): Promise<PublicDocument | undefined> {
  const [r] = 'code' in by ? await documentByCode(db, by.code) : await documentById(db, by.itemId);
  return r && documentOf(r);
}

/** The full item behind a document (its API JSON carries every PublicItem field but the internal id). */
export const publicItemOf = (d: PublicDocument): PublicItem => ({
  ...(JSON.parse(d.apiJson) as Omit<PublicItem, 'itemId'>),
  itemId: d.itemId,
});

/** The code, name and latest publication of public items with the given codes. */
export async function namesByCode(
  db: Executor,
  codes: readonly string[],
): Promise<Array<{ code: string; name: string; seq: number }>> {
  if (!codes.length) return [];
  const rows = await db.selectFrom('public_items').select(['code', 'name', 'seq']).where('code', 'in', codes).execute();
  return rows.map((r) => ({ code: r.code, name: r.name, seq: Number(r.seq) }));
}

const childrenQuery = preparedQuery<{ code: string; name: string; seq: number }, [string]>((db) =>
  db
    .selectFrom('public_items')
    .select(['code', 'name', 'seq'])
    .where('parent_code', '=', '')
    .orderBy('unit_name')
    .orderBy('task_code')
    .orderBy('handling_code'),
);

/** Public children of an item (业务办理项 under their 事项), in list order. */
export async function childrenOf(
  db: Executor,
  code: string,
): Promise<Array<{ code: string; name: string; seq: number }>> {
  return (await childrenQuery(db, code)).map((r) => ({ code: r.code, name: r.name, seq: Number(r.seq) }));
}

export interface ListFilter {
  unitId?: string;
  type?: string;
  audience?: 'person' | 'corporate';
  theme?: string;
}

/** A page of public items matching the filter, in catalogue order (unit name, then code), and the total. */
export async function listPublicItems(
  db: Executor,
  f: ListFilter,
  offset: number,
  limit: number,
): Promise<{ rows: PublicListItem[]; total: number }> {
  const base = db
    .selectFrom('public_items as p')
    .$if(!!f.unitId, (qb) => qb.where('p.unit_id', '=', f.unitId!))
    .$if(!!f.type, (qb) => qb.where('p.type', '=', f.type!))
    .$if(f.audience === 'person', (qb) => qb.where('p.serves_person', '=', 1))
    .$if(f.audience === 'corporate', (qb) => qb.where('p.serves_corporate', '=', 1))
    .$if(!!f.theme, (qb) =>
      qb.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('public_item_themes as t')
            .select('t.item_id')
            .whereRef('t.item_id', '=', 'p.item_id')
            .where('t.theme', '=', f.theme!)
            .$if(!!f.audience, (q) => q.where('t.audience', '=', f.audience!)),
        ),
      ),
    );
  // Within one unit the unit name is constant: ordering by code alone lets the (unit_id, code) index serve it.
  const ordered = f.unitId
    ? base.orderBy('p.task_code').orderBy('p.handling_code')
    : base.orderBy('p.unit_name').orderBy('p.task_code').orderBy('p.handling_code');
  const [rows, count] = await Promise.all([
    ordered
      .select(LIST_COLUMNS.map((c) => `p.${c}` as const))
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(listItemOfRow), total: Number(count.n) };
}

/** List rows of the given items (search hits), by item id. */
export async function listItemsByIds(db: Executor, itemIds: readonly string[]): Promise<Map<string, PublicListItem>> {
  if (!itemIds.length) return new Map();
  const rows = await db
    .selectFrom('public_items')
    .select([...LIST_COLUMNS])
    .where('item_id', 'in', itemIds)
    .execute();
  return new Map(rows.map((r) => [r.item_id, listItemOfRow(r)]));
}

export async function readCounts(db: Executor): Promise<Array<{ dim: string; key: string; n: number }>> {
  const rows = await db.selectFrom('public_counts').select(['dim', 'key', 'n']).where('n', '>', 0).execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The manifest entries of those of the items that are public now, by item id. */
export async function manifestEntriesOf(
  db: Executor,
  itemIds: readonly string[],
): Promise<Map<string, { code: string; contentHash: string; lifeState: string }>> {
  if (!itemIds.length) return new Map();
  const rows = await db
    .selectFrom('public_items')
    .select(['item_id', 'code', 'content_hash', 'life_state'])
    .where('item_id', 'in', [...itemIds])
    .execute();
  return new Map(rows.map((r) => [r.item_id, { code: r.code, contentHash: r.content_hash, lifeState: r.life_state }]));
}

/** (code, content hash, state) of every public item in a scope: what its manifest hashes. */
export async function manifestRows(
  db: Executor,
  unitId: string | null,
): Promise<Array<{ code: string; contentHash: string; lifeState: string }>> {
  const rows = await db
    .selectFrom('public_items')
    .select(['code', 'content_hash', 'life_state'])
    .$if(!!unitId, (qb) => qb.where('unit_id', '=', unitId!))
    .execute();
  return rows.map((r) => ({ code: r.code, contentHash: r.content_hash, lifeState: r.life_state }));
}

/** Every public item (the static export, a CLI command), read in batches of ready documents. */
export async function* allPublicItems(db: Executor, unitId?: string): AsyncIterable<PublicItem> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('public_items')
      .select(DOCUMENT_COLUMNS)
      .$if(!!unitId, (qb) => qb.where('unit_id', '=', unitId!))
      .where('code', '>', after)
      .orderBy('code')
      .limit(1000)
      .execute();
    if (!rows.length) return;
    after = rows.at(-1)!.code;
    for (const r of rows) yield publicItemOf(documentOf(r));
  }
}
