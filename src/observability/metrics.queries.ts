import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Undelivered channel webhook deliveries: how many, and when the oldest was created. */
export async function outboxBacklog(
  db: Kysely<Database>,
): Promise<{ pending: number; oldestCreatedAt: string | null }> {
  const row = await db
    .selectFrom('channel_deliveries')
    .where('status', '=', 'pending')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min<string>('created_at').as('oldest')])
    .executeTakeFirst();
  return { pending: Number(row?.n ?? 0), oldestCreatedAt: row?.oldest ?? null };
}

/** The highest publication sequence number taken so far (0 before the first publication). */
export async function publicationSequence(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('publications')
    .select((eb) => eb.fn.max<number | string>('seq').as('m'))
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}
