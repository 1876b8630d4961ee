import type { Kysely } from 'kysely';

/**
 * Public feedback (公众反映, issue 15 point 6) without personal data: the guide page's "这个指南对您有帮助吗？"
 * votes as counts per item and day, the optional reasons as text only, searches that found nothing as counts per
 * normalised query and day, and the bureau's reviews of flagged items. No address, session or time of day is kept.
 * Legal documents get the address of their official text, which the link checker follows (point 2).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('guide_votes')
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('helpful', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unhelpful', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('guide_votes_pk', ['item_id', 'day'])
    .execute();
  await db.schema
    .createTable('guide_vote_reasons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('helpful', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('guide_vote_reasons_item').on('guide_vote_reasons').columns(['item_id', 'day']).execute();
  await db.schema
    .createTable('search_misses')
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('search_misses_pk', ['query', 'day'])
    .execute();
  await db.schema.createIndex('search_misses_day').on('search_misses').column('day').execute();
  await db.schema
    .createTable('feedback_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feedback_reviews_item')
    .on('feedback_reviews')
    .columns(['item_id', 'reviewed_at'])
    .execute();
  await db.schema.alterTable('legal_documents').addColumn('url', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('legal_documents').dropColumn('url').execute();
  await db.schema.dropTable('feedback_reviews').execute();
  await db.schema.dropTable('search_misses').execute();
  await db.schema.dropTable('guide_vote_reasons').execute();
  await db.schema.dropTable('guide_votes').execute();
}
