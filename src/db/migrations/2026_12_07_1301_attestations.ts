import type { Kysely } from 'kysely';

/**
 * Art. 15: the unit answers for the accuracy, truth and completeness of what it submits. Each submission and
 * each 单位审核 approval may carry that statement, recorded with who made it (name as shown then) and when.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attestations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('item_versions.id'))
    // submission | unit_approval
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('attested_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attestations_item').on('attestations').columns(['item_id', 'attested_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attestations').execute();
}
