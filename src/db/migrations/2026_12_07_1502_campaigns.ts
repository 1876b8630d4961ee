import type { Kysely } from 'kysely';

/** Clean-up campaigns (目录清理, Art. 22): the bureau's campaign and the answer for each in-scope item. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('instructions', 'text', (c) => c.notNull())
    // JSON arrays; null = every unit / every type.
    .addColumn('unit_ids', 'text')
    .addColumn('types', 'text')
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    // open | closed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .execute();
  await db.schema
    .createTable('campaign_items')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    // pending | confirmed | changed | cancel_proposed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('change_request_id', 'text')
    .addColumn('ground', 'text')
    .addColumn('note', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addPrimaryKeyConstraint('campaign_items_pk', ['campaign_id', 'item_id'])
    .execute();
  await db.schema.createIndex('campaign_items_unit').on('campaign_items').columns(['unit_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('campaign_items').execute();
  await db.schema.dropTable('campaigns').execute();
}
