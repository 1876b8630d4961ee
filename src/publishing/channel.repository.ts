import type { Executor } from '../db/database.js';
import type { ChannelDeliveryAttemptRow, ChannelDeliveryRow, ChannelRow, NewChannelRow } from './channel.table.js';
import { publicVersionNumber } from './public.queries.js';

/** SQL of channels, their deliveries and delivery attempts. */

export type ChannelListRow = ChannelRow & { unit_name: string | null };

export async function listChannels(db: Executor): Promise<ChannelListRow[]> {
  return db
    .selectFrom('channels as c')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .selectAll('c')
    .select('u.name as unit_name')
    .orderBy('c.active', 'desc')
    .orderBy('c.kind')
    .orderBy('c.name')
    .execute();
}

export async function findChannel(db: Executor, id: string): Promise<ChannelListRow | undefined> {
  return db
    .selectFrom('channels as c')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .selectAll('c')
    .select('u.name as unit_name')
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function findChannelByTokenHash(db: Executor, tokenHash: string): Promise<ChannelRow | undefined> {
  return db.selectFrom('channels').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertChannel(db: Executor, row: NewChannelRow): Promise<void> {
  await db.insertInto('channels').values(row).execute();
}

export async function updateChannelIfVersion(
  db: Executor,
  id: string,
  version: number,
  patch: Partial<ChannelRow>,
): Promise<boolean> {
  const res = await db
    .updateTable('channels')
    .set({ ...patch, lock_version: version + 1 })
    .where('id', '=', id)
    .where('lock_version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function updateChannel(db: Executor, id: string, patch: Partial<ChannelRow>): Promise<void> {
  await db.updateTable('channels').set(patch).where('id', '=', id).execute();
}

/** Active channels with a webhook that show this unit's items (their own unit, or every unit). */
/** Active channels with a webhook, in a stable order (a publication's deliveries are enqueued in it). */
export async function webhookChannels(db: Executor): Promise<ChannelRow[]> {
  return db
    .selectFrom('channels')
    .selectAll()
    .where('active', '=', 1)
    .where('webhook_url', 'is not', null)
    .orderBy('id')
    .execute();
}

/** Active channels the centre polls (they have a status URL), at most `limit`. */
export function pollableChannels(db: Executor, limit: number): Promise<ChannelRow[]> {
  return db
    .selectFrom('channels')
    .selectAll()
    .where('active', '=', 1)
    .where('poll_url', 'is not', null)
    .limit(limit)
    .execute();
}

/** Stores why the last poll of a channel failed (a fixed text, prefixed with the time). */
export async function recordPollError(db: Executor, id: string, error: string): Promise<void> {
  await db.updateTable('channels').set({ last_poll_error: error }).where('id', '=', id).execute();
}

/** What a webhook says of one publication: the log entry, its item and unit, and the published content. */
/** What the deliveries of the publications say about them, in sequence order. */
export function publicationsToDeliver(db: Executor, seqs: readonly number[]) {
  return db
    .selectFrom('publications as p')
    .innerJoin('items as i', 'i.id', 'p.item_id')
    .innerJoin('item_versions as v', 'v.id', 'p.version_id')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select([
      'p.seq',
      'p.item_id',
      'p.kind',
      'p.ground',
      'p.summary',
      'p.content_hash',
      'p.published_at',
      'p.unit_id',
      'u.name as unit_name',
      'i.task_code',
      'i.handling_code',
      'i.life_state',
      publicVersionNumber,
      'v.content',
    ])
    .where('p.seq', 'in', [...seqs])
    .orderBy('p.seq')
    .execute();
}

export async function insertDelivery(db: Executor, row: ChannelDeliveryRow): Promise<void> {
  await insertDeliveries(db, [row]);
}

/** Deliveries of a batch of publications, in multi-row inserts. */
export async function insertDeliveries(db: Executor, rows: readonly ChannelDeliveryRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('channel_deliveries')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Releases a delivery's lease and puts it off until `nextAttemptAt` without counting an attempt. */
export async function parkDelivery(db: Executor, id: string, nextAttemptAt: string, error: string): Promise<void> {
  await db
    .updateTable('channel_deliveries')
    .set({ locked_until: null, next_attempt_at: nextAttemptAt, last_error: error })
    .where('id', '=', id)
    .execute();
}

/** Channels with a pending delivery due now, oldest first. */
export async function channelsWithDueDeliveries(db: Executor, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('channel_deliveries')
    .select('channel_id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .groupBy('channel_id')
    .orderBy((eb) => eb.fn.min('created_at'))
    .limit(limit)
    .execute();
  return rows.map((r) => r.channel_id);
}

/** The channel's oldest pending delivery (deliveries go out in publication order, one at a time). */
export async function headDelivery(db: Executor, channelId: string): Promise<ChannelDeliveryRow | undefined> {
  return db
    .selectFrom('channel_deliveries')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('status', '=', 'pending')
    .orderBy('seq')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

/** Takes the delivery's lease; false when another instance holds it. */
export async function leaseDelivery(db: Executor, id: string, now: string, until: string): Promise<boolean> {
  const res = await db
    .updateTable('channel_deliveries')
    .set({ locked_until: until })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function recordAttempt(
  db: Executor,
  attempt: ChannelDeliveryAttemptRow,
  patch: Partial<ChannelDeliveryRow>,
): Promise<void> {
  await db.insertInto('channel_delivery_attempts').values(attempt).execute();
  await db
    .updateTable('channel_deliveries')
    .set({ ...patch, locked_until: null })
    .where('id', '=', attempt.delivery_id)
    .execute();
}

export async function recentDeliveries(db: Executor, channelId: string, limit: number): Promise<ChannelDeliveryRow[]> {
  return db
    .selectFrom('channel_deliveries')
    .selectAll()
    .where('channel_id', '=', channelId)
    .orderBy('created_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

export async function attemptsOf(db: Executor, deliveryIds: string[]): Promise<ChannelDeliveryAttemptRow[]> {
  if (!deliveryIds.length) return [];
  return db
    .selectFrom('channel_delivery_attempts')
    .selectAll()
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('attempted_at')
    .execute();
}

/** Pending deliveries per channel (for the list). */
export async function pendingCounts(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('channel_deliveries')
    .select(['channel_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'pending')
    .groupBy('channel_id')
    .execute();
  return new Map(rows.map((r) => [r.channel_id, Number(r.n)]));
}

/** The last publication per unit (and overall): where each channel's scope stands. */
export async function lastPublicationByUnit(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('publications')
    .select(['unit_id', (eb) => eb.fn.max<number>('seq').as('m')])
    .groupBy('unit_id')
    .execute();
  return new Map(rows.map((r) => [r.unit_id, Number(r.m)]));
}

/** The first publication in scope after `seq` and how many there are: since when, and how far, a channel is behind. */
export async function publicationsAfter(
  db: Executor,
  unitId: string | null,
  seq: number,
): Promise<{ first: { seq: number; published_at: string } | undefined; count: number }> {
  const base = db
    .selectFrom('publications')
    .where('seq', '>', seq)
    .$if(!!unitId, (qb) => qb.where('unit_id', '=', unitId!));
  const [first, count] = await Promise.all([
    base.select(['seq', 'published_at']).orderBy('seq').limit(1).executeTakeFirst(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    first: first ? { seq: Number(first.seq), published_at: first.published_at } : undefined,
    count: Number(count.n),
  };
}
