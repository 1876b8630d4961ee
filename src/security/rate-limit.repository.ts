import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

/** SQL of the shared fixed-window counters (`rate_limits`); the windows and decisions are rate-limit.ts's. */

/** Adds `n` hits to a window's counter (created at `n`) and returns its new count: one statement, race-free. */
export async function addHits(db: Executor, bucket: string, windowStart: string, n: number): Promise<number> {
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, count: n })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql`rate_limits.count + ${n}` }))
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Takes one hit back from a window's counter (never below zero). */
export async function removeHit(db: Executor, bucket: string, windowStart: string): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set({ count: sql`count - 1` })
    .where('bucket', '=', bucket)
    .where('window_start', '=', windowStart)
    .where('count', '>', 0)
    .execute();
}

export async function deleteWindowsBefore(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', before).execute();
}
