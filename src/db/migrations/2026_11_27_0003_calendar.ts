import { sql, type Kysely } from 'kysely';

/**
 * The working-day calendar: loaded State Council holiday notices and the dates they change (domain.md §5).
 * Frozen in time: never import application code here, never edit after it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Unique so that concurrent boots inserting the bundled notices collide instead of duplicating.
    .addColumn('year', 'integer', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text')
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('bundled', 'admin')`))
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addColumn('loaded_by', 'text')
    .execute();

  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('OFF', 'WORK')`))
    .addColumn('holiday', 'text', (c) => c.notNull())
    .addColumn('notice_id', 'text', (c) => c.notNull().references('calendar_notices.id'))
    .execute();
  await db.schema.createIndex('calendar_days_notice').on('calendar_days').column('notice_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_days').execute();
  await db.schema.dropTable('calendar_notices').execute();
}
