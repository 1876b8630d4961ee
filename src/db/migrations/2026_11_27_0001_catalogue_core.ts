import type { Kysely } from 'kysely';

/**
 * Foundation: implementing units, the base catalogue, items with their versions, and the audit trail.
 * Frozen in time: never import application code here, never edit after it has shipped.
 *
 * Column conventions (both dialects): ids are text (UUID), timestamps ISO-8601 UTC text, dates YYYY-MM-DD
 * text, booleans integer 0/1, JSON documents text. This keeps one migration set and identical results
 * on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('short_name', 'text')
    .addColumn('uscc', 'text', (c) => c.notNull().unique())
    .addColumn('nature', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('online_system_url', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('unit_review_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('catalogue_entries')
    .addColumn('catalog_code', 'text', (c) => c.primaryKey())
    .addColumn('local_catalog_code', 'text')
    .addColumn('parent_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('set_basis', 'text', (c) => c.notNull())
    .addColumn('use_levels', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('entry_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('source_level', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalogue_entries_name').on('catalogue_entries').column('name').execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('parent_id', 'text', (c) => c.references('items.id'))
    .addColumn('granularity', 'text', (c) => c.notNull())
    .addColumn('task_code', 'text', (c) => c.notNull())
    // '' rather than NULL so that the unique index below also covers 主项/子项 rows on both engines.
    .addColumn('handling_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('catalog_code', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('self'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('life_state', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('workflow_state', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('draft_version_id', 'text')
    .addColumn('published_version_id', 'text')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  // Cancelled items keep their row, so this index alone guarantees a code is never reused.
  await db.schema
    .createIndex('items_code_unique')
    .on('items')
    .columns(['task_code', 'handling_code'])
    .unique()
    .execute();
  await db.schema.createIndex('items_unit').on('items').columns(['unit_id', 'updated_at']).execute();
  await db.schema.createIndex('items_catalog_code').on('items').column('catalog_code').execute();
  await db.schema.createIndex('items_type').on('items').column('type').execute();
  await db.schema.createIndex('items_parent').on('items').column('parent_id').execute();
  await db.schema.createIndex('items_updated').on('items').column('updated_at').execute();

  await db.schema
    .createTable('item_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text')
    .addColumn('change_request_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('verified_by', 'text')
    .addColumn('publish_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .addColumn('superseded_at', 'text')
    .execute();
  await db.schema
    .createIndex('item_versions_item_seq')
    .on('item_versions')
    .columns(['item_id', 'seq'])
    .unique()
    .execute();
  await db.schema.createIndex('item_versions_state').on('item_versions').columns(['state', 'submitted_at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('session_ref', 'text')
    .addColumn('request_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('before_digest', 'text')
    .addColumn('after_digest', 'text')
    .addColumn('details', 'text')
    .addColumn('prev_mac', 'text', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_ts').on('audit_log').column('ts').execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_type', 'target_id']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'ts']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_log', 'item_versions', 'items', 'catalogue_entries', 'units']) {
    await db.schema.dropTable(t).execute();
  }
}
