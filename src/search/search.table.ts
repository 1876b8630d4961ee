import type { Insertable, Selectable } from 'kysely';

/**
 * One searchable item (one the portal may show): its rank key and normalised name.
 * Derived data: `rebuildIndex` recreates every row from the items, so there are no foreign keys.
 *
 * The token index beside it differs by dialect (migration 2026_11_27_0005_search): on SQLite the FTS5 tables
 * `search_name_fts` and `search_body_fts` (rowid = doc_id), on PostgreSQL the GIN-indexed columns in
 * PgSearchDocColumns. Both hold the same token sets.
 */
export interface SearchDocTable {
  /**
   * Rank within a tier (search-doc.docIdRange: name length, then indexing order). Result lists are in doc_id
   * order, so an engine can stop after one page. Kept while the name length stays.
   */
  doc_id: number;
  item_id: string;
  /** The normalised name (tokenize.normalize), for the exact check of long or mixed terms. */
  name_norm: string;
}
export type SearchDocRow = Selectable<SearchDocTable>;
export type NewSearchDocRow = Insertable<SearchDocTable>;

/** Columns that exist only on PostgreSQL, each with a GIN index. */
export interface PgSearchDocColumns {
  /** Name tokens, start markers and filter keys (as search_name_fts). */
  name_tokens: string[];
  /** name_tokens plus the guide texts' tokens (as search_body_fts). */
  body_tokens: string[];
}

/** One row (id 1): the search index's version, raised by every write of the index (migration 2026_12_09_0201). */
export interface SearchIndexStateTable {
  id: number;
  version: number;
}
