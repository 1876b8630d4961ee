import { PostgresAdapter, sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect, Executor, Trx } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { PreparedDoc } from './search-doc.js';
import type { PgSearchDocColumns } from './search.table.js';

/**
 * All SQL of the search index, and the only place (with the migration) where search differs by dialect:
 * the token indexes (FTS5 `search_name_fts`, `search_body_fts` / GIN on `name_tsv`, `body_tsv`) and the
 * substring function.
 * No rules here: `search-plan.ts` decides what a query means, this file only runs it.
 *
 * Tokens consist of letters, marks, digits and '§' (tokenize.ts), so quoting them as "t" (FTS5) or 't'
 * (tsquery) needs no escaping.
 */

const FTS_TABLES = ['search_name_fts', 'search_body_fts'] as const;
type FtsTable = (typeof FTS_TABLES)[number];

/** Tells the engines apart from an open transaction too (a Trx carries no Db.dialect). */
export function dialectOf(db: Executor): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** doc_id of each given item that is indexed. */
export async function findDocIds(trx: Trx, itemIds: string[]): Promise<Map<string, number>> {
  if (!itemIds.length) return new Map();
  const rows = await trx.selectFrom('search_docs').select(['item_id', 'doc_id']).where('item_id', 'in', itemIds).execute();
  return new Map(rows.map((r) => [r.item_id, Number(r.doc_id)]));
}

/** The highest doc_id in [first, end), if any. */
export async function findLastDocId(trx: Trx, first: number, end: number): Promise<number | undefined> {
  const row = await trx
    .selectFrom('search_docs')
    .select((eb) => eb.fn.max('doc_id').as('last'))
    .where('doc_id', '>=', first)
    .where('doc_id', '<', end)
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? undefined : Number(row.last);
}

interface DocWrite {
  docId: number;
  doc: PreparedDoc;
}

/** Inserts documents under new doc_ids; returns the item ids inserted (a row conflicting on either key is skipped). */
export async function insertDocs(trx: Trx, docs: DocWrite[]): Promise<Set<string>> {
  if (!docs.length) return new Set();
  const inserted = await docsTable(trx, docs).onConflict((oc) => oc.doNothing()).returning(['doc_id', 'item_id']).execute();
  const done = new Set(inserted.map((r) => r.item_id));
  await insertFtsRows(trx, docs.filter((d) => done.has(d.doc.itemId)));
  return done;
}

/** Rewrites documents that keep their doc_id. */
export async function updateDocs(trx: Trx, docs: DocWrite[]): Promise<void> {
  if (!docs.length) return;
  const isPostgres = dialectOf(trx) === 'postgres';
  await docsTable(trx, docs)
    .onConflict((oc) => oc.column('doc_id').doUpdateSet((eb) => ({
      name_norm: eb.ref('excluded.name_norm'),
      ...(isPostgres ? { name_tsv: eb.ref('excluded.name_tsv'), body_tsv: eb.ref('excluded.body_tsv') } : {}),
    })))
    .execute();
  if (isPostgres) return;
  for (const table of FTS_TABLES) await sql`delete from ${sql.table(table)} where rowid in (${sql.join(docs.map((d) => d.docId))})`.execute(trx);
  await insertFtsRows(trx, docs);
}

/** INSERT INTO search_docs of the documents, with the token columns on PostgreSQL. */
function docsTable(trx: Trx, docs: DocWrite[]) {
  const isPostgres = dialectOf(trx) === 'postgres';
  return trx
    .withTables<{ search_docs: Partial<PgSearchDocColumns> }>()
    .insertInto('search_docs')
    .values(docs.map(({ docId, doc }) => ({
      doc_id: docId,
      item_id: doc.itemId,
      name_norm: doc.nameNorm,
      ...(isPostgres ? {
        name_tsv: sql<string>`array_to_tsvector(${doc.nameTokens}::text[])`,
        body_tsv: sql<string>`array_to_tsvector(${[...new Set([...doc.nameTokens, ...doc.textTokens])]}::text[])`,
      } : {}),
    })));
}

/** SQLite: the documents' rows in both FTS5 tables (the body index holds the name's tokens too). */
async function insertFtsRows(trx: Trx, unordered: DocWrite[]): Promise<void> {
  if (!unordered.length || dialectOf(trx) === 'postgres') return;
  // In ascending rowid order: FTS5 flushes its pending segment whenever a rowid is not above the last one,
  // which in random order means a flush per row and three times the work.
  const docs = [...unordered].sort((a, b) => a.docId - b.docId);
  const names = docs.map(({ docId, doc }) => sql`(${docId}, ${doc.nameTokens.join(' ')})`);
  await sql`insert into search_name_fts (rowid, tokens) values ${sql.join(names)}`.execute(trx);
  const bodies = docs.map(({ docId, doc }) => sql`(${docId}, ${[...doc.nameTokens, ...doc.textTokens].join(' ')})`);
  await sql`insert into search_body_fts (rowid, tokens) values ${sql.join(bodies)}`.execute(trx);
}

export async function deleteDocs(trx: Trx, itemIds: string[]): Promise<number> {
  if (!itemIds.length) return 0;
  if (dialectOf(trx) === 'sqlite') {
    for (const table of FTS_TABLES) {
      await sql`delete from ${sql.table(table)} where rowid in (select doc_id from search_docs where item_id in (${sql.join(itemIds)}))`.execute(trx);
    }
  }
  const result = await trx.deleteFrom('search_docs').where('item_id', 'in', itemIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listItemIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom('search_docs').select('item_id').execute()).map((r) => r.item_id);
}

/**
 * After bulk writes: merge FTS5 segments (SQLite); flush GIN pending lists and mark pages all-visible, which
 * lets counts skip the heap (PostgreSQL). Not inside a transaction: VACUUM cannot run in one.
 */
export async function optimizeIndex(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`vacuum analyze search_docs`.execute(db);
  else for (const table of FTS_TABLES) await sql`insert into ${sql.table(table)} (${sql.ref(table)}) values ('optimize')`.execute(db);
}

/**
 * A set of documents, as the search plan describes it: token conditions on either the name or the body
 * index, which the engine answers, and conditions on the stored normalised name, checked on its candidates.
 */
export interface DocSet {
  /** Tokens the name must have (search_name_fts / name_tsv). */
  nameHas?: string[];
  /** …and a token it must not have. Only with nameHas. */
  nameLacks?: string;
  /** Tokens name and guide texts must have together (search_body_fts / body_tsv). Not with nameHas. */
  bodyHas?: string[];
  /** Strings the normalised name must contain. */
  nameContains?: string[];
  /** String the normalised name must start with, or (negated) must not. */
  nameStartsWith?: { text: string; isNegated: boolean };
  /** Documents to leave out. */
  except?: DocSet;
}

/** Item ids of the set, in doc_id order. */
export async function listDocs(db: Executor, set: DocSet, page: { offset: number; limit: number }): Promise<string[]> {
  let query;
  if (dialectOf(db) === 'postgres') {
    query = db.selectFrom('search_docs as d').select('d.item_id').where(pgConditions(set, 'd')).orderBy('d.doc_id');
  } else {
    // FTS5 yields rowids in ascending order, so a page is read off the front of the index and rows are
    // fetched only for the hits (and for the candidates of name checks, if any).
    const fts = ftsOf(set);
    query = withFts(db)
      .selectFrom(`${fts.table} as f`)
      .innerJoin('search_docs as d', 'd.doc_id', 'f.rowid')
      .select('d.item_id')
      .where(sql<SqlBool>`f.${sql.ref(fts.table)} match ${fts.query}`)
      .where(sqliteRowConditions(set, 'd'))
      .orderBy('f.rowid');
  }
  const rows = await query.offset(page.offset).limit(page.limit).execute();
  return rows.map((r) => r.item_id);
}

export async function countDocs(db: Executor, set: DocSet): Promise<number> {
  let query;
  if (dialectOf(db) === 'postgres') {
    query = db.selectFrom('search_docs as d').select((eb) => eb.fn.countAll<number>().as('n')).where(pgConditions(set, 'd'));
  } else {
    const fts = ftsOf(set);
    const base = withFts(db).selectFrom(`${fts.table} as f`).where(sql<SqlBool>`f.${sql.ref(fts.table)} match ${fts.query}`);
    // Without name checks or exceptions the count is taken inside the FTS5 index, without reading a row.
    query = !nameConditions(set, 'd', 'instr').length && !set.except
      ? base.select((eb) => eb.fn.countAll<number>().as('n'))
      : base.innerJoin('search_docs as d', 'd.doc_id', 'f.rowid').select((eb) => eb.fn.countAll<number>().as('n')).where(sqliteRowConditions(set, 'd'));
  }
  return Number((await query.executeTakeFirstOrThrow()).n);
}

const withFts = (db: Executor) => db.withTables<Record<FtsTable, { rowid: number }>>();

/** The FTS5 table and query for the set's token conditions. */
function ftsOf(set: DocSet): { table: FtsTable; query: string } {
  const quote = (tokens: string[]) => tokens.map((t) => `"${t}"`).join(' AND ');
  if (set.bodyHas) return { table: 'search_body_fts', query: quote(set.bodyHas) };
  if (!set.nameHas) throw new TypeError('a DocSet needs token conditions');
  // FTS5's NOT is binary: "a NOT b".
  return { table: 'search_name_fts', query: set.nameLacks ? `(${quote(set.nameHas)}) NOT "${set.nameLacks}"` : quote(set.nameHas) };
}

/** What FTS5 does not check: substrings of the name, and the exception (evaluated once, as a subquery). */
function sqliteRowConditions(set: DocSet, alias: string): Expression<SqlBool> {
  const conditions = nameConditions(set, alias, 'instr');
  if (set.except) {
    const fts = ftsOf(set.except);
    const inner = `${alias}x`;
    const checks = nameConditions(set.except, inner, 'instr');
    conditions.push(checks.length || set.except.except
      ? sql`${sql.ref(`${alias}.doc_id`)} not in (select ${sql.ref(`${inner}.doc_id`)} from ${sql.table(fts.table)} as fx
        join search_docs as ${sql.table(inner)} on ${sql.ref(`${inner}.doc_id`)} = fx.rowid
        where fx.${sql.ref(fts.table)} match ${fts.query} and ${sqliteRowConditions(set.except, inner)})`
      : sql`${sql.ref(`${alias}.doc_id`)} not in (select rowid from ${sql.table(fts.table)} where ${sql.ref(fts.table)} match ${fts.query})`);
  }
  return all(conditions);
}

function pgConditions(set: DocSet, alias: string): Expression<SqlBool> {
  const tsquery = (has: string[], lacks?: string) => [...has.map((t) => `'${t}'`), ...(lacks ? [`!'${lacks}'`] : [])].join(' & ');
  const conditions = [
    ...(set.nameHas ? [sql`${sql.ref(`${alias}.name_tsv`)} @@ ${tsquery(set.nameHas, set.nameLacks)}::tsquery`] : []),
    ...(set.bodyHas ? [sql`${sql.ref(`${alias}.body_tsv`)} @@ ${tsquery(set.bodyHas)}::tsquery`] : []),
    ...nameConditions(set, alias, 'strpos'),
    ...(set.except ? [sql`not ${pgConditions(set.except, alias)}`] : []),
  ];
  return all(conditions);
}

/** Substring conditions on the normalised name, with the engine's position function (1-based, 0 = absent). */
function nameConditions(set: DocSet, alias: string, positionFunction: 'instr' | 'strpos'): RawBuilder<unknown>[] {
  const at = (needle: string) => sql`${sql.raw(positionFunction)}(${sql.ref(`${alias}.name_norm`)}, ${needle})`;
  return [
    ...(set.nameContains ?? []).map((text) => sql`${at(text)} > 0`),
    ...(set.nameStartsWith ? [sql`${at(set.nameStartsWith.text)} ${sql.raw(set.nameStartsWith.isNegated ? '<>' : '=')} 1`] : []),
  ];
}

const all = (conditions: RawBuilder<unknown>[]): Expression<SqlBool> =>
  conditions.length ? sql<SqlBool>`(${sql.join(conditions, sql` and `)})` : sql<SqlBool>`true`;
