import type { Db } from '../db/database.js';
import type { RateDecision } from './rate-limit.js';
import { addHitsMany } from './rate-limit.repository.js';

/**
 * Fixed-window counters for high-volume public endpoints (search): counted in memory per instance and
 * added to the shared `rate_limits` rows once per `FLUSH_MS`, so a request costs no database write while
 * the limit still holds across instances (each sees the others' hits within a flush). Low-volume,
 * security-critical limits (sign-in) keep the exact per-request counter of rate-limit.ts.
 */
const FLUSH_MS = 1_000;

interface Bucket {
  /** Hits in this instance not yet added to the shared row. */
  local: number;
  /** The shared row's count as of the last flush (every instance's hits). */
  shared: number;
}

interface Limiter {
  buckets: Map<string, Bucket>;
  timer: NodeJS.Timeout | null;
}

const limiters = new WeakMap<Db, Limiter>();
const keyOf = (bucket: string, windowStart: string) => `${bucket}\u0000${windowStart}`;

export function hitBufferedRateLimit(
  db: Db,
  bucket: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): RateDecision {
  let l = limiters.get(db);
  if (!l) limiters.set(db, (l = { buckets: new Map(), timer: null }));
  const windowStartMs = Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000;
  const key = keyOf(bucket, new Date(windowStartMs).toISOString());
  let b = l.buckets.get(key);
  if (!b) l.buckets.set(key, (b = { local: 0, shared: 0 }));
  b.local++;
  const count = b.shared + b.local;
  if (!l.timer) {
    const limiter = l;
    limiter.timer = setTimeout(() => void flush(db, limiter, windowStartMs), FLUSH_MS);
    limiter.timer.unref();
  }
  return {
    allowed: count <= limit,
    count,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStartMs + windowSeconds * 1000 - now.getTime()) / 1000)),
  };
}

/** Counters added per statement by a flush. */
const FLUSH_BATCH = 200;

async function flush(db: Db, l: Limiter, currentWindowMs: number): Promise<void> {
  l.timer = null;
  const pending = [...l.buckets].filter(([, b]) => b.local).map(([key, b]) => ({ key, b, delta: b.local }));
  for (const p of pending) p.b.local = 0;
  // One multi-row statement per batch, and the event loop free between batches: each client address is a counter
  // of its own, so a public search from many addresses would otherwise cost a statement (on SQLite an autocommit)
  // per address a second, all run back to back on the only event loop.
  for (let i = 0; i < pending.length; i += FLUSH_BATCH) {
    if (i) await new Promise<void>((r) => setImmediate(r));
    const batch = pending.slice(i, i + FLUSH_BATCH);
    try {
      const shared = await addHitsMany(
        db.kysely,
        batch.map(({ key, delta }) => {
          const [bucket, windowStart] = key.split('\u0000') as [string, string];
          return { bucket, windowStart, n: delta };
        }),
      );
      for (const p of batch) p.b.shared = shared.get(p.key) ?? p.b.shared + p.delta;
    } catch {
      // The database is away (or closing): keep the hits in memory; the next flush retries them.
      for (const p of batch) p.b.local += p.delta;
    }
  }
  // Windows that ended are dropped from memory once their hits are stored.
  for (const [key, b] of l.buckets)
    if (Date.parse(key.split('\u0000')[1]!) < currentWindowMs && !b.local) l.buckets.delete(key);
}
