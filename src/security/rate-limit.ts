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

/** Current count without incrementing (e.g. "is this IP already throttled?"). */
export async function peekRateLimit(db: Executor, bucket: string, windowSeconds: number, now: Date): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000).toISOString();
  const row = await db.selectFrom('rate_limits').select('count').where('bucket', '=', bucket).where('window_start', '=', windowStart).executeTakeFirst();
  return row?.count ?? 0;
}

/** Drops windows older than `before` (run by a periodic job). */
export async function pruneRateLimits(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', before.toISOString()).execute();
}
