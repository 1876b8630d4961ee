import type { Db } from '../db/database.js';
import { readStamp, type PublicationStamp } from './public.queries.js';

/**
 * The publication stamp in memory. Public requests used to read it from the database each (three maxima
 * per request); now each instance reads it at most once per `STAMP_TTL_MS`, shared by every request in
 * flight, so another instance's publication shows here within that time. A publication made through
 * this instance is seen at once: until a read shows its sequence, every request reads the stamp afresh (the
 * publication's transaction may not have committed yet when the hook runs).
 */
export const STAMP_TTL_MS = 20;
/** A publication that never shows (rolled back) stops forcing fresh reads after this long. */
const PENDING_MS = 5_000;

interface ClockState {
  /** A publication made through this instance that no read has shown yet. */
  pending: { seq: number; until: number } | null;
  stamp: PublicationStamp | null;
  readAt: number;
  reading: Promise<PublicationStamp> | null;
  listeners: Array<(from: PublicationStamp, to: PublicationStamp) => void>;
}

const clocks = new WeakMap<Db, ClockState>();

const stateOf = (db: Db): ClockState => {
  let s = clocks.get(db);
  if (!s) clocks.set(db, (s = { pending: null, stamp: null, readAt: 0, reading: null, listeners: [] }));
  return s;
};

/** Called by the publication hook: this instance's requests read the stamp afresh until this sequence shows. */
export function notePublication(db: Db, seq: number): void {
  const s = stateOf(db);
  s.pending = { seq: Math.max(seq, s.pending?.seq ?? 0), until: performance.now() + PENDING_MS };
}

/** Runs when this instance first sees the stamp move (per-key cache invalidation). */
export function onStampChange(db: Db, listener: (from: PublicationStamp, to: PublicationStamp) => void): void {
  stateOf(db).listeners.push(listener);
}

/**
 * The stamp `currentStamp` would answer without reading, or null when it would read (stale, or a
 * publication through this instance not yet shown): what the fast path checks a ready response against.
 * Past half its time the stamp is read again in the background, so under steady traffic it is renewed
 * before it goes stale and no request waits for it (nor leaves the fast path for it).
 */
export function freshStamp(db: Db): PublicationStamp | null {
  const s = stateOf(db);
  const now = performance.now();
  if (s.pending && now > s.pending.until) s.pending = null;
  if (!s.stamp || now - s.readAt >= STAMP_TTL_MS || s.pending) return null;
  // A failed read ahead is not reported: the request that next needs the stamp reads it and meets the error.
  if (now - s.readAt > STAMP_TTL_MS / 2 && !s.reading) read(db, s).catch(() => undefined);
  return s.stamp;
}

/** The current publication stamp of this instance. */
export function currentStamp(db: Db): Promise<PublicationStamp> {
  const s = stateOf(db);
  const fresh = freshStamp(db);
  if (fresh) return Promise.resolve(fresh);
  if (s.reading && !s.pending) return s.reading;
  return read(db, s);
}

function read(db: Db, s: ClockState): Promise<PublicationStamp> {
  const reading = readStamp(db.kysely)
    .then((stamp) => {
      const before = s.stamp;
      if (!before || stamp.seq >= before.seq) {
        s.stamp = stamp;
        s.readAt = performance.now();
        if (before && before.key !== stamp.key) for (const l of s.listeners) l(before, stamp);
      }
      if (s.pending && stamp.seq >= s.pending.seq) s.pending = null;
      return s.stamp ?? stamp;
    })
    .finally(() => {
      if (s.reading === reading) s.reading = null;
    });
  s.reading = reading;
  return reading;
}
