import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

/**
 * Fixed-window counters in the database, so the limits hold across app instances (login throttling,
 * public write endpoints). `hit` increments and reports whether the bucket is over its limit.
 */
export interface RateDecision {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

export async function hitRateLimit(db: Executor, bucket: string, limit: number, windowSeconds: number, now: Date): Promise<RateDecision> {
  const windowStartMs = Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000;
  const windowStart = new Date(windowStartMs).toISOString();
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, count: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql`rate_limits.count + 1` }))
    .returning('count')
    .executeTakeFirstOrThrow();
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStartMs + windowSeconds * 1000 - now.getTime()) / 1000));
  return { allowed: row.count <= limit, count: row.count, retryAfterSeconds };
}

/**
 * Gives back one hit taken with `hitRateLimit` at the same `now` (same window), e.g. a login attempt that
 * turned out to be a success: only failures should use up the per-IP allowance.
 */
export async function releaseRateLimit(db: Executor, bucket: string, windowSeconds: number, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000).toISOString();
  await db
    .updateTable('rate_limits')
    .set({ count: sql`count - 1` })
    .where('bucket', '=', bucket)
    .where('window_start', '=', windowStart)
    .where('count', '>', 0)
    .execute();
}

/** Drops windows older than `before` (run by a periodic job). */
export async function pruneRateLimits(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', before.toISOString()).execute();
}
