import { isLegalDocStatus } from './legal.enums.js';
import { type UnitScope, scopedUnitId } from '../auth/policy.js';
import type { Executor } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import type { RuleContext } from '../rules/types.js';
import type { Insertable, Updateable } from 'kysely';
import type {
  DirectiveRow,
  LegalArticleRow,
  LegalCitationTable,
  LegalDocumentRow,
  LegalDocumentTable,
  LegalEventRow,
} from './legal.table.js';
import { containsText } from '../db/like.js';

/** Register entries (title, status) for the `docId`s a content cites; empty when it cites none. */
export async function registerEntriesCited(
  db: Executor,
  content: Pick<ItemContent, 'setBasis' | 'implBasis'>,
): Promise<NonNullable<RuleContext['legalDocuments']>> {
  const ids = [
    ...new Set(
      [...(content.setBasis ?? []), ...(content.implBasis ?? [])]
        .map((c) => c.docId)
        .filter((id): id is string => !!id),
    ),
  ];
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('legal_documents')
    .select(['id', 'title', 'status'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, status: r.status }]));
}

export interface DocumentFilter {
  q?: string;
  kind?: string;
  status?: string;
  offset: number;
  limit: number;
}

export type DocumentListRow = LegalDocumentRow & { citing_items: number };

export async function listDocuments(
  db: Executor,
  f: DocumentFilter,
): Promise<{ rows: DocumentListRow[]; total: number }> {
  const q = f.q?.replace(/[%_\\]/g, '');
  const base = db
    .selectFrom('legal_documents as d')
    .$if(!!q, (qb) =>
      qb.where((eb) => eb.or([containsText('d.title', q!), eb('d.doc_no', '=', f.q!), eb('d.id', '=', f.q!)])),
    )
    .$if(!!f.kind, (qb) => qb.where('d.kind', '=', f.kind!))
    // An unknown status matches nothing, as the plain comparison did.
    .$if(!!f.status, (qb) =>
      f.status && isLegalDocStatus(f.status) ? qb.where('d.status', '=', f.status) : qb.where((eb) => eb.lit(false)),
    );
  const [rows, count] = await Promise.all([
    base
      .selectAll('d')
      .select((eb) =>
        eb
          .selectFrom('legal_citations as c')
          .select((e) => e.fn.count<number>('c.item_id').distinct().as('n'))
          .whereRef('c.doc_id', '=', 'd.id')
          .as('citing_items'),
      )
      .orderBy('d.title')
      .orderBy('d.id')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, citing_items: Number(r.citing_items ?? 0) })), total: Number(count.n) };
}

export async function findDocument(db: Executor, id: string): Promise<LegalDocumentRow | undefined> {
  return db.selectFrom('legal_documents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function articlesOf(db: Executor, docId: string): Promise<LegalArticleRow[]> {
  return db.selectFrom('legal_articles').selectAll().where('doc_id', '=', docId).orderBy('seq').execute();
}

export async function replaceArticles(
  db: Executor,
  docId: string,
  articles: readonly { number: string; text: string }[],
): Promise<void> {
  await db.deleteFrom('legal_articles').where('doc_id', '=', docId).execute();
  if (articles.length)
    await db
      .insertInto('legal_articles')
      .values(articles.map((a, i) => ({ doc_id: docId, seq: i + 1, number: a.number, text: a.text })))
      .execute();
}

export interface CitingItem {
  itemId: string;
  name: string;
  taskCode: string;
  unitId: string;
  unitName: string;
  lifeState: string;
  workflowState: string;
  isPublished: boolean;
  /** set (设定依据) and/or impl (实施依据). */
  bases: string[];
  articles: string[];
}

/** Items whose head content cites the document (within the actor's unit scope), one entry per item. */
export async function citingItems(db: Executor, scope: UnitScope, docId: string): Promise<CitingItem[]> {
  if (scope.kind === 'none') return [];
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
      'i.unit_id',
      'u.name as unit_name',
      'i.life_state',
      'i.workflow_state',
      'i.published_version_id',
    ])
    .where('c.doc_id', '=', docId)
    .$if(scope.kind === 'unit', (qb) => qb.where('i.unit_id', '=', scopedUnitId(scope)!))
    .orderBy('u.name')
    .orderBy('i.name')
    .orderBy('i.id')
    .execute();
  const byItem = new Map<string, CitingItem>();
  for (const r of rows) {
    const entry = byItem.get(r.item_id) ?? {
      itemId: r.item_id,
      name: r.name,
      taskCode: r.task_code,
      unitId: r.unit_id,
      unitName: r.unit_name,
      lifeState: r.life_state,
      workflowState: r.workflow_state,
      isPublished: r.published_version_id !== null,
      bases: [],
      articles: [],
    };
    if (!entry.bases.includes(r.basis)) entry.bases.push(r.basis);
    if (r.article && !entry.articles.includes(r.article)) entry.articles.push(r.article);
    byItem.set(r.item_id, entry);
  }
  return [...byItem.values()];
}

/** Documents an item may cite (not repealed or expired), for pickers: by title, at most `limit`. */
export function citableDocuments(
  db: Executor,
  limit: number,
): Promise<Array<Pick<LegalDocumentRow, 'id' | 'title' | 'doc_no' | 'status'>>> {
  return db
    .selectFrom('legal_documents')
    .select(['id', 'title', 'doc_no', 'status'])
    .where('status', 'in', ['in_force', 'amended'])
    .orderBy('title')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function documentsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<Array<Pick<LegalDocumentRow, 'id' | 'title' | 'doc_no'>>> {
  return ids.length
    ? db
        .selectFrom('legal_documents')
        .select(['id', 'title', 'doc_no'])
        .where('id', 'in', [...ids])
        .execute()
    : Promise.resolve([]);
}

export async function insertDocument(db: Executor, row: LegalDocumentRow): Promise<void> {
  await db.insertInto('legal_documents').values(row).execute();
}

/** Edits a document's description if it is still at `version` (bumps it); false when someone saved first. */
export async function updateDocumentIfVersion(
  db: Executor,
  id: string,
  version: number,
  patch: Updateable<LegalDocumentTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('legal_documents')
    .set((eb) => ({ ...patch, lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', id)
    .where('lock_version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A legal event's change of a document's status, dates or successor (bumps its version: an open edit form is stale). */
export async function recordDocumentChange(
  db: Executor,
  id: string,
  patch: Updateable<LegalDocumentTable>,
): Promise<void> {
  await db
    .updateTable('legal_documents')
    .set((eb) => ({ ...patch, lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function insertLegalEvent(db: Executor, row: LegalEventRow): Promise<void> {
  await db.insertInto('legal_events').values(row).execute();
}

export async function insertDirective(db: Executor, row: DirectiveRow): Promise<void> {
  await db.insertInto('directives').values(row).execute();
}

/** Replaces an item's rows of the citation index. */
/** The citation-index rows of the given items replaced by `rows` (multi-row inserts). */
export async function replaceCitations(
  db: Executor,
  itemIds: readonly string[],
  rows: readonly Insertable<LegalCitationTable>[],
): Promise<void> {
  if (!itemIds.length) return;
  await db
    .deleteFrom('legal_citations')
    .where('item_id', 'in', [...itemIds])
    .execute();
  await insertCitations(db, rows);
}

/** Adds citation-index rows of items that had none (new items), in multi-row inserts of 500. */
export async function insertCitations(db: Executor, rows: readonly Insertable<LegalCitationTable>[]): Promise<void> {
  for (let k = 0; k < rows.length; k += 500)
    await db
      .insertInto('legal_citations')
      .values(rows.slice(k, k + 500))
      .execute();
}

/** Sets the 设定依据 fingerprints of many items, in multi-row upserts of 500. */
export async function saveBasisKeys(
  db: Executor,
  rows: ReadonlyArray<{ item_id: string; set_basis_key: string }>,
): Promise<void> {
  for (let k = 0; k < rows.length; k += 500) {
    await db
      .insertInto('item_basis')
      .values(rows.slice(k, k + 500))
      .onConflict((oc) =>
        oc.column('item_id').doUpdateSet((eb) => ({ set_basis_key: eb.ref('excluded.set_basis_key') })),
      )
      .execute();
  }
}
