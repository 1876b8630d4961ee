import { PostgresAdapter, sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect, Executor, Trx } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { PreparedDoc } from './search-doc.js';
import type { PgSearchDocColumns } from './search.table.js';

/**
 * All SQL of the search index, and the only place (with the migration) where search differs by dialect:
 * the token indexes (FTS5 `search_name_fts`, `search_body_fts` / GIN on `name_tokens`, `body_tokens`), the
 * substring function, and the planner setting of searches.
 * No rules here: `search-plan.ts` decides what a query means, this file only runs it.
 *
 * Tokens consist of letters, marks, digits and '§' (tokenize.ts), so quoting them as "t" in FTS5 queries
 * needs no escaping; PostgreSQL receives them as array parameters.
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
  const rows = await trx
    .selectFrom('search_docs')
    .select(['item_id', 'doc_id'])
    .where('item_id', 'in', itemIds)
    .execute();
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
  await raiseVersion(trx);
  const inserted = await docsTable(trx, docs)
    .onConflict((oc) => oc.doNothing())
    .returning('item_id')
    .execute();
  const done = new Set(inserted.map((r) => r.item_id));
  await insertFtsRows(
    trx,
    docs.filter((d) => done.has(d.doc.itemId)),
  );
  return done;
}

/** Rewrites documents that keep their doc_id. */
export async function updateDocs(trx: Trx, docs: DocWrite[]): Promise<void> {
  if (!docs.length) return;
  await raiseVersion(trx);
  const isPostgres = dialectOf(trx) === 'postgres';
  await docsTable(trx, docs)
    .onConflict((oc) =>
      oc
        .column('doc_id')
        .doUpdateSet((eb) => ({
          name_norm: eb.ref('excluded.name_norm'),
          ...(isPostgres
            ? { name_tokens: eb.ref('excluded.name_tokens'), body_tokens: eb.ref('excluded.body_tokens') }
            : {}),
        }))
        // An unchanged document is not rewritten: on PostgreSQL each rewrite re-enters its ~600 body tokens
        // into the GIN index, which made a rebuild of an indexed catalogue (`shixiang reindex`) crawl.
        .where(
          isPostgres
            ? sql<SqlBool>`(search_docs.name_norm, search_docs.name_tokens, search_docs.body_tokens) is distinct from (excluded.name_norm, excluded.name_tokens, excluded.body_tokens)`
            : sql<SqlBool>`true`,
        ),
    )
    .execute();
  if (isPostgres) return;
  for (const table of FTS_TABLES)
    await sql`delete from ${sql.table(table)} where rowid in (${sql.join(docs.map((d) => d.docId))})`.execute(trx);
  await insertFtsRows(trx, docs);
}

/**
 * Every write of the index raises its version in the same transaction, so a reader's snapshot tells which
 * version it sees (totals are kept per version: search.service.ts).
 */
async function raiseVersion(trx: Trx): Promise<void> {
  await trx
    .updateTable('search_index_state')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

/** INSERT INTO search_docs of the documents, with the token columns on PostgreSQL. */
function docsTable(trx: Trx, docs: DocWrite[]) {
  const isPostgres = dialectOf(trx) === 'postgres';
  return trx
    .withTables<{ search_docs: Partial<PgSearchDocColumns> }>()
    .insertInto('search_docs')
    .values(
      docs.map(({ docId, doc }) => ({
        doc_id: docId,
        item_id: doc.itemId,
        name_norm: doc.nameNorm,
        ...(isPostgres
          ? { name_tokens: doc.nameTokens, body_tokens: [...new Set([...doc.nameTokens, ...doc.textTokens])] }
          : {}),
      })),
    );
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
  await raiseVersion(trx);
  if (dialectOf(trx) === 'sqlite') {
    for (const table of FTS_TABLES) {
      await sql`delete from ${sql.table(table)} where rowid in (select doc_id from search_docs where item_id in (${sql.join(itemIds)}))`.execute(
        trx,
      );
    }
  }
  const result = await trx.deleteFrom('search_docs').where('item_id', 'in', itemIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listItemIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom('search_docs').select('item_id').execute()).map((r) => r.item_id);
}

/**
 * After bulk writes: merge FTS5 segments (SQLite); flush the GIN pending lists and refresh the token
 * statistics the planner chooses plans by (PostgreSQL). Not inside a transaction: VACUUM cannot run in one.
 */
export async function optimizeIndex(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`vacuum analyze search_docs`.execute(db);
  else
    for (const table of FTS_TABLES)
      await sql`insert into ${sql.table(table)} (${sql.ref(table)}) values ('optimize')`.execute(db);
}

/**
 * A set of documents, as the search plan describes it: token conditions on either the name or the body
 * index, which the engine answers, and conditions on the stored normalised name, checked on its candidates.
 */
export interface DocSet {
  /** Tokens the name must have (search_name_fts / name_tokens). */
  nameHas?: string[];
  /** …and a token it must not have. Only with nameHas. */
  nameLacks?: string;
  /** Tokens name and guide texts must have together (search_body_fts / body_tokens). Not with nameHas. */
  bodyHas?: string[];
  /** Strings the normalised name must contain. */
  nameContains?: string[];
  /** String the normalised name must start with, or (negated) must not. */
  nameStartsWith?: { text: string; isNegated: boolean };
  /** Documents to leave out. */
  except?: DocSet;
}

export interface Page {
  offset: number;
  limit: number;
}

/** Reads the document sets of one search, on one read-only snapshot (so counts and pages agree). */
export interface SnapshotReader {
  /** The index version the snapshot sees: equal versions hold the same documents. */
  version: string;
  count(set: DocSet): Promise<number>;
  /** Item ids of a page of the set, in doc_id order. `size` is the set's count (PostgreSQL plans by it). */
  list(set: DocSet, size: number, page: Page): Promise<string[]>;
}

/** What the search use cases run on: the application's database handle (its query builder). */
export interface SearchDb {
  kysely: Kysely<Database>;
}

/** Runs `fn` in a transaction of its own (a batch of a rebuild: readers keep seeing the other batches). */
export function inOwnTransaction<T>(db: SearchDb, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(fn);
}

export function readSnapshot<T>(db: Kysely<Database>, fn: (reader: SnapshotReader) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const { version } = await trx
        .selectFrom('search_index_state')
        .select('version')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      const v = String(version);
      return fn(dialectOf(trx) === 'postgres' ? await postgresReader(trx, v) : sqliteReader(trx, v));
    });
}

function sqliteReader(trx: Trx, version: string): SnapshotReader {
  return {
    version,
    async count(set) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from (${sqliteDocIds(set)})`.execute(trx);
      return Number(rows[0]?.n ?? 0);
    },
    async list(set, _size, page) {
      // FTS5 yields rowids in ascending order, so a page is read off the front of the index (merged with the
      // exception's index, if any) and rows are fetched only for the page's hits.
      const { rows } = await sql<{ item_id: string }>`select d.item_id
        from (${sqliteDocIds(set)} order by doc_id limit ${page.limit} offset ${page.offset}) as p
        join search_docs as d on d.doc_id = p.doc_id order by p.doc_id`.execute(trx);
      return rows.map((r) => r.item_id);
    },
  };
}

/**
 * How PostgreSQL reads a set: through the GIN bitmaps (then sorting by doc_id), or along doc_id, testing each
 * row and stopping after the page. Testing a row decompresses its token arrays, stored out of line: at
 * 100,000 items a tested row costs about as much as 50 rows read through the bitmap. The planner, left alone,
 * walked doc_id order for rare tokens (LIMIT with a misestimate) and took seconds, so the choice is made
 * here from the set's exact size: the ordered walk only where hits are dense. Only for sets on the body
 * index: name hits cluster by name length, which is what orders doc_id. The walk is capped, and falls back
 * to the bitmap if the hits are not where their density promised.
 * Sequential scans are never allowed; JIT is off, as the disabled plans' cost penalty would otherwise
 * trigger ~250 ms of compilation.
 */
type PgScan = 'bitmap' | 'ordered';
const ORDERED_ROW_COST = 50;

/**
 * Rows to walk in doc_id order for a page of a set of `size` on a table of `tableRows` (-1: unknown), or
 * undefined to read the bitmap: four times the rows the hits' density predicts, plus slack, if that is
 * cheaper than the bitmap. Only for sets on the body index (see above).
 */
export function orderedWalkLength(size: number, tableRows: number, page: Page, isBodySet: boolean): number | undefined {
  if (!isBodySet || tableRows <= 0 || size <= 0) return undefined;
  const walk = Math.ceil((4 * (page.offset + page.limit) * tableRows) / size) + 50;
  return walk * ORDERED_ROW_COST < size ? walk : undefined;
}

async function postgresReader(trx: Trx, version: string): Promise<SnapshotReader> {
  // Starts in bitmap mode, which counts always use, so concurrent counts need no switch.
  const { rows } = await sql<{ n: number }>`select reltuples::float8 as n, set_config('enable_seqscan', 'off', true),
    set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true)
    from pg_class where oid = 'search_docs'::regclass`.execute(trx);
  const tableRows = rows[0]?.n ?? -1;
  let current: PgScan = 'bitmap';
  const use = async (scan: PgScan) => {
    if (scan === current) return;
    current = scan;
    await sql`select set_config('enable_indexscan', ${scan === 'ordered' ? 'on' : 'off'}, true),
      set_config('enable_bitmapscan', ${scan === 'bitmap' ? 'on' : 'off'}, true)`.execute(trx);
  };
  const bitmapPage = async (set: DocSet, page: Page) => {
    await use('bitmap');
    return trx
      .selectFrom('search_docs as d')
      .select('d.item_id')
      .where(pgConditions(set, 'd', 'bitmap'))
      .orderBy('d.doc_id')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
  };
  return {
    version,
    async count(set) {
      await use('bitmap');
      const row = await trx
        .selectFrom('search_docs as d')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(pgConditions(set, 'd', 'bitmap'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async list(set, size, page) {
      const walk = orderedWalkLength(size, tableRows, page, set.bodyHas !== undefined);
      if (walk === undefined) return (await bitmapPage(set, page)).map((r) => r.item_id);
      await use('ordered');
      const walked = await trx
        .selectFrom(trx.selectFrom('search_docs').selectAll().orderBy('doc_id').limit(walk).as('d'))
        .select('d.item_id')
        .where(pgConditions(set, 'd', 'ordered'))
        .orderBy('d.doc_id')
        .offset(page.offset)
        .limit(page.limit)
        .execute();
      const expected = Math.min(page.limit, size - page.offset);
      return (walked.length >= expected ? walked : await bitmapPage(set, page)).map((r) => r.item_id);
    },
  };
}

/** The FTS5 table and query for the set's token conditions. */
function ftsOf(set: DocSet): { table: FtsTable; query: string } {
  const quote = (tokens: string[]) => tokens.map((t) => `"${t}"`).join(' AND ');
  if (set.bodyHas) return { table: 'search_body_fts', query: quote(set.bodyHas) };
  if (!set.nameHas) throw new TypeError('a DocSet needs token conditions');
  // FTS5's NOT is binary: "a NOT b".
  return {
    table: 'search_name_fts',
    query: set.nameLacks ? `(${quote(set.nameHas)}) NOT "${set.nameLacks}"` : quote(set.nameHas),
  };
}

/**
 * SQLite: the doc_ids of a set, ascending, as a select of one column `doc_id`. Rows of search_docs are read only
 * for name checks. An exception is a compound EXCEPT, which SQLite runs as a merge of the two ordered rowid
 * streams: a page stops after its last hit, instead of first collecting every doc_id of the exception (a common
 * term's 10,000 name hits for one page of text hits).
 */
function sqliteDocIds(set: DocSet): RawBuilder<unknown> {
  const fts = ftsOf(set);
  const checks = nameConditions(set, 'd', 'instr');
  const own = checks.length
    ? sql`select f.rowid as doc_id from ${sql.table(fts.table)} as f join search_docs as d on d.doc_id = f.rowid
        where f.${sql.ref(fts.table)} match ${fts.query} and ${all(checks)}`
    : sql`select rowid as doc_id from ${sql.table(fts.table)} where ${sql.ref(fts.table)} match ${fts.query}`;
  if (!set.except) return own;
  // EXCEPT is left-associative: an exception with its own exception is read as one subquery.
  const except = sqliteDocIds(set.except);
  return sql`${own} except ${set.except.except ? sql`select doc_id from (${except})` : except}`;
}

/**
 * PostgreSQL conditions. For a bitmap scan, negated sets are NOT IN subqueries, answered by the index
 * (hashed); for an ordered scan, every condition is tested on the row, which is then read anyway.
 */
function pgConditions(set: DocSet, alias: string, scan: PgScan): Expression<SqlBool> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const inner = `${alias}x`;
  const not = (other: DocSet) =>
    scan === 'ordered'
      ? sql`not ${pgConditions(other, alias, scan)}`
      : sql`${column('doc_id')} not in (select ${sql.ref(`${inner}.doc_id`)} from search_docs as ${sql.table(inner)} where ${pgConditions(other, inner, scan)})`;
  const conditions = [
    ...(set.nameHas ? [sql`${column('name_tokens')} @> ${set.nameHas}::text[]`] : []),
    // Given the name has nameHas, lacking the token is not being in the (small) set that has both.
    ...(set.nameHas && set.nameLacks ? [not({ nameHas: [...set.nameHas, set.nameLacks] })] : []),
    ...(set.bodyHas ? [sql`${column('body_tokens')} @> ${set.bodyHas}::text[]`] : []),
    ...nameConditions(set, alias, 'strpos'),
    ...(set.except ? [not(set.except)] : []),
  ];
  return all(conditions);
}

/** Substring conditions on the normalised name, with the engine's position function (1-based, 0 = absent). */
function nameConditions(set: DocSet, alias: string, positionFunction: 'instr' | 'strpos'): RawBuilder<unknown>[] {
  const at = (needle: string) => sql`${sql.raw(positionFunction)}(${sql.ref(`${alias}.name_norm`)}, ${needle})`;
  return [
    ...(set.nameContains ?? []).map((text) => sql`${at(text)} > 0`),
    ...(set.nameStartsWith
      ? [sql`${at(set.nameStartsWith.text)} ${sql.raw(set.nameStartsWith.isNegated ? '<>' : '=')} 1`]
      : []),
  ];
}

const all = (conditions: RawBuilder<unknown>[]): Expression<SqlBool> =>
  conditions.length ? sql<SqlBool>`(${sql.join(conditions, sql` and `)})` : sql<SqlBool>`true`;
