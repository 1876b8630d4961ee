import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * Search index for the public portal (docs/search.md). `search_docs` is the same on both engines; the token
 * index is the dialect difference: two FTS5 tables on SQLite, two text[] columns with GIN on PostgreSQL.
 * Both receive the same token sets verbatim, so both engines find the same documents.
 * Frozen in time: never import application code here, never edit after it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('search_docs')
    // Assigned by the application (name length × 2^24 + a sequence, below 2^34). On SQLite exactly
    // 'integer primary key', so that it is the rowid the FTS5 rows point at.
    .addColumn('doc_id', pg ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().unique())
    .addColumn('name_norm', 'text', (c) => c.notNull())
    .execute();

  if (pg) {
    await db.schema
      .alterTable('search_docs')
      .addColumn('name_tokens', sql`text[]`, (c) => c.notNull())
      .addColumn('body_tokens', sql`text[]`, (c) => c.notNull())
      .execute();
    // Searches read only GIN bitmaps and the heap rows they point at (search.repository.ts, readSnapshot), so
    // the token arrays go out of line (the name's ~1 kB too), keeping rows near 150 bytes: a common token's
    // 40,000 matches then sit on ~1,600 pages instead of ~12,000. name_norm stays inline.
    await sql`alter table search_docs set (toast_tuple_target = 256)`.execute(db);
    // A small pending list: publishes still batch their GIN updates, and searches scan little unsorted data.
    await sql`create index search_docs_name_tokens on search_docs using gin (name_tokens) with (gin_pending_list_limit = 256)`.execute(
      db,
    );
    await sql`create index search_docs_body_tokens on search_docs using gin (body_tokens) with (gin_pending_list_limit = 256)`.execute(
      db,
    );
  } else {
    // Two contentless FTS5 tables mirror the two token-array columns (tokens live only in the index).
    // detail=none: queries are AND/NOT of whole tokens, so no positions or columns are needed. The 'ascii'
    // tokenizer splits only at ASCII non-alphanumerics and folds only ASCII case, so our space-separated,
    // lower-cased tokens are indexed exactly as given.
    for (const table of ['search_name_fts', 'search_body_fts']) {
      await sql`create virtual table ${sql.table(table)} using fts5(tokens, content='', contentless_delete=1, detail=none, tokenize='ascii')`.execute(
        db,
      );
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    await sql`drop table search_body_fts`.execute(db);
    await sql`drop table search_name_fts`.execute(db);
  }
  await db.schema.dropTable('search_docs').execute();
}
