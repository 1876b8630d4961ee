import type { Kysely } from 'kysely';

/**
 * The list page filtered by unit and type (the portal's and the API's most common filter) read from one index
 * range: its page in catalogue order and its total without visiting rows of the unit's other types.
 * Frozen in time: never import application code here, never edit after it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('public_items_unit_type')
    .on('public_items')
    .columns(['unit_id', 'type', 'task_code', 'handling_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('public_items_unit_type').execute();
}
