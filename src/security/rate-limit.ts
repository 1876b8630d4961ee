import type { Executor } from '../db/database.js';
import { addHits, deleteWindowsBefore, removeHit } from './rate-limit.repository.js';

/**
 * Fixed-window counters in the database, so the limits hold across app instances (login throttling,
 * public write endpoints). `hit` increments and reports whether the bucket is over its limit.
 */
export interface RateDecision {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

export async function hitRateLimit(
  db: Executor,
  bucket: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): Promise<RateDecision> {
  const windowStartMs = Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000;
  const windowStart = new Date(windowStartMs).toISOString();
  const count = await addHits(db, bucket, windowStart, 1);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStartMs + windowSeconds * 1000 - now.getTime()) / 1000));
  return { allowed: count <= limit, count, retryAfterSeconds };
}

/**
 * Gives back one hit taken with `hitRateLimit` at the same `now` (same window), e.g. a login attempt that
 * turned out to be a success: only failures should use up the per-IP allowance.
 */
export async function releaseRateLimit(db: Executor, bucket: string, windowSeconds: number, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000).toISOString();
  await removeHit(db, bucket, windowStart);
}

/** Drops windows older than `before` (run by a periodic job). */
export async function pruneRateLimits(db: Executor, before: Date): Promise<void> {
  await deleteWindowsBefore(db, before.toISOString());
}
