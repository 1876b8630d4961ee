import type { Kysely } from 'kysely';

/**
 * Art. 18(三) 实施机构职能调整: a unit renamed, merged into another, split, or losing items to another unit.
 * The reorganisation is recorded once (its ground date, what moved where, the change requests it opened);
 * a unit that ceased keeps its row (history, accounts to reassign) with the unit that took over from it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unit_reorganisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // rename | merge | split | transfer
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_date', 'text', (c) => c.notNull())
    .addColumn('explanation', 'text')
    // JSON: { docNo?, title? } of the 机构编制 decision
    .addColumn('ground_document', 'text')
    // JSON: string[] of unit ids
    .addColumn('source_unit_ids', 'text', (c) => c.notNull())
    .addColumn('target_unit_ids', 'text', (c) => c.notNull())
    // JSON: Array<{ itemId, toUnitId, changeRequestId, successorId? }>
    .addColumn('moves', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('unit_reorganisations_created').on('unit_reorganisations').column('created_at').execute();
  await db.schema.alterTable('units').addColumn('successor_unit_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('units').dropColumn('successor_unit_id').execute();
  await db.schema.dropTable('unit_reorganisations').execute();
}
