import type { Kysely } from 'kysely';

/**
 * Workflow: review comments on versions, change requests (调整申请) with their deadline, lineage for
 * merges and splits, adjustment obligations opened by legal events / directives / catalogue changes, the
 * publication log (one row per public change, numbered by a global sequence), in-app notifications, an
 * e-mail outbox, and job slots that let several instances share one schedule.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('review_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('item_versions.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    // Dotted element path (`content.materials.1.name`); null for a comment on the whole version.
    .addColumn('field_path', 'text')
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_comments_version').on('review_comments').column('version_id').execute();

  await db.schema
    .createTable('change_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('item_id', 'text', (c) => c.references('items.id'))
    .addColumn('version_id', 'text', (c) => c.references('item_versions.id'))
    // add | change | cancel | merge | split
    .addColumn('kind', 'text', (c) => c.notNull())
    // e.g. art16.1 (设定依据废止或失效) — see src/workflow/grounds.ts
    .addColumn('ground', 'text', (c) => c.notNull())
    .addColumn('ground_explanation', 'text')
    // JSON: { docNo, title, article, effectiveDate }
    .addColumn('ground_document', 'text')
    .addColumn('ground_arisen_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    // open | submitted | completed | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('first_submitted_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('obligation_id', 'text')
    .addColumn('summary', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('change_requests_unit_status')
    .on('change_requests')
    .columns(['unit_id', 'status', 'due_on'])
    .execute();
  await db.schema.createIndex('change_requests_item').on('change_requests').column('item_id').execute();

  await db.schema
    .createTable('change_request_items')
    .addColumn('change_request_id', 'text', (c) => c.notNull().references('change_requests.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    // source (merged/split away) | target (resulting item)
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('change_request_items_pk', ['change_request_id', 'item_id'])
    .execute();
  await db.schema.createIndex('change_request_items_item').on('change_request_items').column('item_id').execute();

  await db.schema
    .createTable('obligations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('item_id', 'text', (c) => c.references('items.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ground', 'text', (c) => c.notNull())
    // legal_event | directive | catalogue_version
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('ground_arisen_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    // open | in_change | no_change_pending | resolved | dismissed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('change_request_id', 'text')
    .addColumn('justification', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('obligations_unit_status')
    .on('obligations')
    .columns(['unit_id', 'status', 'due_on'])
    .execute();
  await db.schema.createIndex('obligations_source').on('obligations').columns(['source_type', 'source_id']).execute();

  await db.schema
    .createTable('publications')
    // Global publication sequence: every public change gets the next number (feeds, sync status, caches).
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('item_versions.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    // add | change | cancel | suspend | resume
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('change_request_id', 'text')
    .addColumn('ground', 'text')
    .addColumn('summary', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .execute();
  await db.schema.createIndex('publications_item').on('publications').columns(['item_id', 'seq']).execute();
  await db.schema.createIndex('publications_time').on('publications').column('published_at').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('link', 'text')
    // Makes a notification idempotent (e.g. one "deadline near" per request per day).
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_user')
    .on('notifications')
    .columns(['user_id', 'read_at', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notifications_dedupe')
    .on('notifications')
    .columns(['user_id', 'dedupe_key'])
    .unique()
    .execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['sent_at', 'next_attempt_at']).execute();

  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    // The time slot (e.g. the minute) this run covers; the primary key lets exactly one instance claim it.
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'slot'])
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'alerts',
    'job_runs',
    'mail_outbox',
    'notifications',
    'publications',
    'obligations',
    'change_request_items',
    'change_requests',
    'review_comments',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
