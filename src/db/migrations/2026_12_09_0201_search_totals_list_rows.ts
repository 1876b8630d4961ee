import type { Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * Two reads of the public side that touched every hit or every row (docs/performance.md):
 * - the search index's version: one row that every write of the index raises in its transaction, so that a
 *   search keeps its totals per version (search.service.ts) and knows, inside its read snapshot, whether they
 *   still hold;
 * - on SQLite, the list filtered by unit and type read from the index alone: it holds the list columns, so a page
 *   of 50 reads a few index pages instead of 50 table rows, each on pages of its own beside its stored document.
 *   It supersedes the narrower index of 2026_12_08_1002 (its leading columns). PostgreSQL keeps that one: its rows
 *   are small (documents are stored out of line) and a B-tree entry there has a size limit that a long name
 *   could exceed.
 * Frozen in time: never import application code here, never edit after it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_index_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('search_index_state').values({ id: 1, version: 0 }).execute();
  if (isPostgres(db)) return;
  await db.schema
    .createIndex('public_items_unit_type_list')
    .on('public_items')
    .columns([
      'unit_id',
      'type',
      'task_code',
      'handling_code',
      'item_id',
      'code',
      'name',
      'granularity',
      'life_state',
      'unit_name',
      'service_objects',
      'version',
      'published_at',
      'content_hash',
    ])
    .execute();
  await db.schema.dropIndex('public_items_unit_type').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    await db.schema
      .createIndex('public_items_unit_type')
      .on('public_items')
      .columns(['unit_id', 'type', 'task_code', 'handling_code'])
      .execute();
    await db.schema.dropIndex('public_items_unit_type_list').execute();
  }
  await db.schema.dropTable('search_index_state').execute();
}
