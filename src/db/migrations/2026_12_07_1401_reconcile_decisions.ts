import type { Kysely } from 'kysely';

/**
 * Decisions taken on differences between this catalogue and the provincial system's copy (reconciliation,
 * issue 14): one per element of an item. `theirs_hash` is the SM3 of the provincial value decided on, so when
 * the province changes that element again the difference comes back instead of staying hidden.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reconcile_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_code', 'text', (c) => c.notNull())
    .addColumn('handling_code', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('theirs_hash', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reconcile_decisions_element', ['task_code', 'handling_code', 'path'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reconcile_decisions').execute();
}
