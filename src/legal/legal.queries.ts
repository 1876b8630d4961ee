import type { Executor } from '../db/database.js';
import type { ItemRow } from '../items/item.table.js';
import type { DirectiveRow, LegalEventRow } from './legal.table.js';

/**
 * Reads of the legal use cases (directives, legal events, the citation index) that are not the register's own
 * (legal.repository.ts): the items, units and catalogue entries a decision concerns.
 */

/** The heads (working and published version) of the given items that exist. */
export function itemHeads(
  db: Executor,
  itemIds: readonly string[],
): Promise<Array<Pick<ItemRow, 'id' | 'draft_version_id' | 'published_version_id'>>> {
  if (!itemIds.length) return Promise.resolve([]);
  return db
    .selectFrom('items')
    .select(['id', 'draft_version_id', 'published_version_id'])
    .where('id', 'in', [...itemIds])
    .execute();
}

/** Stored content of the given versions (any order). */
export function versionContents(db: Executor, ids: readonly string[]): Promise<Array<{ id: string; content: string }>> {
  return ids.length
    ? db
        .selectFrom('item_versions')
        .select(['id', 'content'])
        .where('id', 'in', [...ids])
        .execute()
    : Promise.resolve([]);
}

/** Item ids after `afterId` in id order, `limit` at a time (a rebuild's batches). */
export async function itemIdsAfter(db: Executor, afterId: string, limit: number): Promise<string[]> {
  return (await db.selectFrom('items').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute()).map(
    (r) => r.id,
  );
}

export function itemsByIds(db: Executor, ids: readonly string[]): Promise<ItemRow[]> {
  return db
    .selectFrom('items')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function versionContent(db: Executor, versionId: string): Promise<string> {
  return (await db.selectFrom('item_versions').select('content').where('id', '=', versionId).executeTakeFirstOrThrow())
    .content;
}

/** Names of the base-catalogue entries with the given 基本编码 (any status). */
export async function catalogueEntryNames(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  return new Map(
    (
      await db
        .selectFrom('catalogue_entries')
        .select(['catalog_code', 'name'])
        .where('catalog_code', 'in', [...codes])
        .execute()
    ).map((e) => [e.catalog_code, e.name]),
  );
}

/** Published catalogue-level items (主项、子项) not cancelled that carry one of the codes, by unit name then 实施编码. */
export function publishedItemsWithCodes(db: Executor, codes: readonly string[]) {
  return db
    .selectFrom('items as i')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .select(['i.id', 'i.name', 'i.task_code', 'i.catalog_code', 'i.unit_id', 'u.name as unit_name'])
    .where('i.catalog_code', 'in', [...codes])
    .where('i.life_state', '<>', 'cancelled')
    .where('i.published_version_id', 'is not', null)
    .where('i.granularity', '<>', 'handling')
    .orderBy('u.name')
    .orderBy('i.task_code')
    .execute();
}

export function unitsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<Array<{ id: string; name: string; active: number }>> {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'active'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Which of the units already implement which of the codes (items not cancelled). */
export function unitCodesInUse(
  db: Executor,
  unitIds: readonly string[],
  codes: readonly string[],
): Promise<Array<{ unit_id: string; catalog_code: string }>> {
  return db
    .selectFrom('items')
    .select(['unit_id', 'catalog_code'])
    .where('unit_id', 'in', [...unitIds])
    .where('catalog_code', 'in', [...codes])
    .where('life_state', '<>', 'cancelled')
    .execute();
}

/** Directives recorded earlier under a 文号 and kind. */
export function directivesNamed(
  db: Executor,
  docNo: string,
  kind: DirectiveRow['kind'],
): Promise<Array<Pick<DirectiveRow, 'codes' | 'recorded_at'>>> {
  return db
    .selectFrom('directives')
    .select(['codes', 'recorded_at'])
    .where('doc_no', '=', docNo)
    .where('kind', '=', kind)
    .execute();
}

export async function listDirectives(
  db: Executor,
  f: { limit: number; offset: number },
): Promise<{ rows: DirectiveRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('directives')
      .selectAll()
      .orderBy('recorded_at', 'desc')
      .orderBy('id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    db
      .selectFrom('directives')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findDirective(db: Executor, id: string): Promise<DirectiveRow | undefined> {
  return db.selectFrom('directives').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface CitingPublishedItem {
  itemId: string;
  name: string;
  taskCode: string;
  catalogCode: string;
  unitId: string;
  unitName: string;
  bases: string[];
  articles: string[];
}

/** Published items (in use or suspended) whose head content cites the document, one entry per item. */
export async function citingPublishedItems(db: Executor, docId: string): Promise<CitingPublishedItem[]> {
  const rows = await db
    .selectFrom('legal_citations as c')
    .innerJoin('items as i', 'i.id', 'c.item_id')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .select([
      'c.item_id',
      'c.article',
      'c.basis',
      'i.name',
      'i.task_code',
      'i.catalog_code',
      'i.unit_id',
      'u.name as unit_name',
    ])
    .where('c.doc_id', '=', docId)
    .where('i.life_state', '<>', 'cancelled')
    .where('i.published_version_id', 'is not', null)
    .orderBy('u.name')
    .orderBy('i.task_code')
    .orderBy('i.handling_code')
    .execute();
  const byItem = new Map<string, CitingPublishedItem>();
  for (const r of rows) {
    const e = byItem.get(r.item_id) ?? {
      itemId: r.item_id,
      name: r.name,
      taskCode: r.task_code,
      catalogCode: r.catalog_code,
      unitId: r.unit_id,
      unitName: r.unit_name,
      bases: [],
      articles: [],
    };
    if (!e.bases.includes(r.basis)) e.bases.push(r.basis);
    if (r.article && !e.articles.includes(r.article)) e.articles.push(r.article);
    byItem.set(r.item_id, e);
  }
  return [...byItem.values()];
}

/** Items whose head content cites any of the documents. */
export async function itemsCiting(db: Executor, docIds: readonly string[]): Promise<string[]> {
  return (
    await db
      .selectFrom('legal_citations')
      .select('item_id')
      .distinct()
      .where('doc_id', 'in', [...docIds])
      .execute()
  ).map((c) => c.item_id);
}

export type LegalEventView = LegalEventRow & { doc_title: string };

export async function listLegalEvents(
  db: Executor,
  f: { docId?: string; limit: number; offset: number },
): Promise<{ rows: LegalEventView[]; total: number }> {
  const base = db
    .selectFrom('legal_events as e')
    .innerJoin('legal_documents as d', 'd.id', 'e.doc_id')
    .$if(!!f.docId, (qb) => qb.where('e.doc_id', '=', f.docId!));
  const [rows, count] = await Promise.all([
    base
      .selectAll('e')
      .select('d.title as doc_title')
      .orderBy('e.recorded_at', 'desc')
      .orderBy('e.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findLegalEvent(db: Executor, id: string): Promise<LegalEventView | undefined> {
  return db
    .selectFrom('legal_events as e')
    .innerJoin('legal_documents as d', 'd.id', 'e.doc_id')
    .selectAll('e')
    .select('d.title as doc_title')
    .where('e.id', '=', id)
    .executeTakeFirst();
}

/** The register document a legal event is about (an "add" obligation from it cites it as 设定依据). */
export function documentOfEvent(
  db: Executor,
  eventId: string,
): Promise<{ id: string; title: string; doc_no: string | null } | undefined> {
  return db
    .selectFrom('legal_events as e')
    .innerJoin('legal_documents as d', 'd.id', 'e.doc_id')
    .select(['d.id', 'd.title', 'd.doc_no'])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
}
