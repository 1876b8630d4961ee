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

/**
 * Adds the hits of many windows in one statement (multi-row upsert) and returns each window's count after it,
 * keyed by `bucket\u0000windowStart`.
 */
export async function addHitsMany(
  db: Executor,
  hits: Array<{ bucket: string; windowStart: string; n: number }>,
): Promise<Map<string, number>> {
  if (!hits.length) return new Map();
  const rows = await db
    .insertInto('rate_limits')
    .values(hits.map((h) => ({ bucket: h.bucket, window_start: h.windowStart, count: h.n })))
    .onConflict((oc) =>
      oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql`rate_limits.count + excluded.count` }),
    )
    .returning(['bucket', 'window_start', 'count'])
    .execute();
  return new Map(rows.map((r) => [`${r.bucket}\u0000${r.window_start}`, Number(r.count)]));
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
