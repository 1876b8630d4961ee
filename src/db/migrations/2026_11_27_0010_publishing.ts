import type { Kysely } from 'kysely';

/**
 * Same-source publishing (Art. 20) and public explanation requests (Art. 21): registered channels with
 * their last sync report, webhook deliveries with every attempt, and the explanation requests with their
 * encrypted contact details, deadline, answer and FAQ decision.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // portal | unit_site | other
    .addColumn('kind', 'text', (c) => c.notNull())
    // The unit whose items the channel shows; null = the whole catalogue (the district portal).
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('site_url', 'text')
    .addColumn('webhook_url', 'text')
    // Field-encrypted (AAD channels.webhook_secret:<id>): the key receivers verify signatures with.
    .addColumn('webhook_secret', 'text')
    // SM3 of the channel's report token (sxc_…); the token itself is shown once.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('poll_url', 'text')
    // webhook | poll | report | widget | export: how the channel is expected to keep in step.
    .addColumn('expected_sync', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('reported_seq', 'integer')
    .addColumn('reported_hash', 'text')
    .addColumn('reported_at', 'text')
    // report | poll
    .addColumn('reported_via', 'text')
    // Set when a report first showed a different catalogue for a sequence the channel is current on.
    .addColumn('drift_since', 'text')
    .addColumn('last_poll_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('channel_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    // publication | repush
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    // The exact JSON body that is signed and sent (frozen when enqueued).
    .addColumn('payload', 'text', (c) => c.notNull())
    // pending | delivered
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    // Lease: an instance sending the delivery holds it until then (several instances, one sender).
    .addColumn('locked_until', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('channel_deliveries_due')
    .on('channel_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('channel_deliveries_channel')
    .on('channel_deliveries')
    .columns(['channel_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('channel_delivery_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('channel_deliveries.id'))
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('channel_delivery_attempts_delivery')
    .on('channel_delivery_attempts')
    .columns(['delivery_id', 'attempted_at'])
    .execute();

  await db.schema
    .createTable('explanation_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tracking_no', 'text', (c) => c.notNull().unique())
    // Keyed hash of the requester's tracking key (the key itself is shown once, on the receipt).
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    // The published version the requester was reading.
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('item_name', 'text', (c) => c.notNull())
    // Field-encrypted (AAD explanation_requests.<column>:<id>); both optional (DATA-01).
    .addColumn('requester_name', 'text')
    .addColumn('contact', 'text')
    // Blind index (HMAC-SM3) of the contact, for "all requests from this number".
    .addColumn('contact_index', 'text')
    .addColumn('question', 'text', (c) => c.notNull())
    // open | answered
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answered_by', 'text')
    // none | proposed | approved | declined
    .addColumn('faq_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('faq_question', 'text')
    .addColumn('faq_answer', 'text')
    .addColumn('faq_decided_at', 'text')
    .addColumn('faq_decided_by', 'text')
    .addColumn('faq_note', 'text')
    // The publication that added the FAQ to the item.
    .addColumn('faq_seq', 'integer')
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('explanation_requests_unit')
    .on('explanation_requests')
    .columns(['unit_id', 'status', 'due_on'])
    .execute();
  await db.schema
    .createIndex('explanation_requests_faq')
    .on('explanation_requests')
    .columns(['faq_status', 'answered_at'])
    .execute();
  await db.schema
    .createIndex('explanation_requests_contact')
    .on('explanation_requests')
    .column('contact_index')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['explanation_requests', 'channel_delivery_attempts', 'channel_deliveries', 'channels'])
    await db.schema.dropTable(t).execute();
}
