import type { Kysely } from 'kysely';

/**
 * The search index's version: one row that every write of the index raises in its transaction, so that a
 * search can keep its totals per version (search.service.ts) and know, inside its read snapshot, whether they
 * still hold. Frozen in time: never import application code here, never edit after it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_index_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('search_index_state').values({ id: 1, version: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_index_state').execute();
}
