import type { Kysely } from 'kysely';

/**
 * The public read model (docs/performance.md): each public item's documents written when it is published,
 * keyed by its code, so public reads are indexed lookups of ready bytes instead of a snapshot of the whole
 * catalogue. Derived data: `shixiang reindex` rebuilds it from the published versions.
 * Frozen in time: never import application code here, never edit after it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('public_items')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    // 实施编码, or 实施编码-业务办理项编码: the public key.
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    // The unit's name as the list sort key (kept in step by unit updates).
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('task_code', 'text', (c) => c.notNull())
    .addColumn('handling_code', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('granularity', 'text', (c) => c.notNull())
    .addColumn('life_state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    // JSON array of 服务对象 codes, and the two audiences the portal filters by.
    .addColumn('service_objects', 'text', (c) => c.notNull())
    .addColumn('serves_person', 'integer', (c) => c.notNull())
    .addColumn('serves_corporate', 'integer', (c) => c.notNull())
    // The item's latest publication sequence.
    .addColumn('seq', 'integer', (c) => c.notNull())
    // The unit's updated_at when the document was written: a later unit change means re-render on read.
    .addColumn('units_at', 'text', (c) => c.notNull())
    // The public API's item document (the JSON after the publication envelope) and the SM3 of its canonical form.
    .addColumn('api_json', 'text', (c) => c.notNull())
    .addColumn('api_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('public_items_sorted')
    .on('public_items')
    .columns(['unit_name', 'task_code', 'handling_code'])
    .execute();
  await db.schema
    .createIndex('public_items_unit')
    .on('public_items')
    .columns(['unit_id', 'task_code', 'handling_code'])
    .execute();
  await db.schema
    .createIndex('public_items_type')
    .on('public_items')
    .columns(['type', 'unit_name', 'task_code', 'handling_code'])
    .execute();
  await db.schema.createIndex('public_items_parent').on('public_items').column('parent_code').execute();

  // Life-event themes per item and audience; `serves` says whether the item serves that audience.
  await db.schema
    .createTable('public_item_themes')
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('serves', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('public_item_themes_pk', ['item_id', 'audience', 'theme'])
    .execute();
  await db.schema
    .createIndex('public_item_themes_theme')
    .on('public_item_themes')
    .columns(['theme', 'audience', 'serves'])
    .execute();

  // Counters the home page and filters show (all / type / unit / theme per audience), maintained per publication.
  await db.schema
    .createTable('public_counts')
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('public_counts_pk', ['dim', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('public_counts').execute();
  await db.schema.dropTable('public_item_themes').execute();
  await db.schema.dropTable('public_items').execute();
}
