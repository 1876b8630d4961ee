import type { Kysely } from 'kysely';

/**
 * Evaluation and supervision (Art. 10–11, 22–23): spot checks the bureau records against a unit's item (a task
 * for the unit, tracked to closure), and the link checker's record of every URL an item publishes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('spot_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('required_fix', 'text', (c) => c.notNull())
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    // open → answered (the unit says what it fixed) → closed (the supervisor accepts); answered → open when sent back.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('close_note', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('spot_checks_unit').on('spot_checks').columns(['unit_id', 'status']).execute();
  await db.schema.createIndex('spot_checks_due').on('spot_checks').column('due_on').execute();

  await db.schema
    .createTable('link_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    // online | form | sample | result_sample | legal_basis …: which element of the published guide links there.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // ok | failed | refused (not on the allow-list, or a private address)
    .addColumn('last_status', 'text')
    .addColumn('last_http_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_checked_at', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failing_since', 'text')
    // Set while the unit has an open task for this link (N failures in a row); cleared when it recovers.
    .addColumn('task_opened_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('link_checks_item_url')
    .on('link_checks')
    .columns(['item_id', 'kind', 'url'])
    .unique()
    .execute();
  await db.schema.createIndex('link_checks_unit').on('link_checks').columns(['unit_id', 'last_status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('link_checks').execute();
  await db.schema.dropTable('spot_checks').execute();
}
