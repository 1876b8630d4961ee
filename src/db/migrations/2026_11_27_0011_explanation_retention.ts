import type { Kysely } from 'kysely';

/**
 * DATA-03: explanation requests no longer keep a blind index of the requester's contact (it was written but never
 * read, and only served to link one citizen's requests), and record when the retention job erased the requester's
 * name and contact. SQLite ≥ 3.35 drops columns; the index on the column goes first (SQLite refuses otherwise).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('explanation_requests_contact').execute();
  await db.schema.alterTable('explanation_requests').dropColumn('contact_index').execute();
  // When the name and contact were erased (retention job), null while they are kept.
  await db.schema.alterTable('explanation_requests').addColumn('contact_erased_at', 'text').execute();
  // The retention job's sweep: answered requests by answer time.
  await db.schema
    .createIndex('explanation_requests_retention')
    .on('explanation_requests')
    .columns(['status', 'answered_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('explanation_requests_retention').execute();
  await db.schema.alterTable('explanation_requests').dropColumn('contact_erased_at').execute();
  await db.schema.alterTable('explanation_requests').addColumn('contact_index', 'text').execute();
  await db.schema
    .createIndex('explanation_requests_contact')
    .on('explanation_requests')
    .column('contact_index')
    .execute();
}
