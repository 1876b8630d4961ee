/**
 * Seeded pseudo-random numbers (mulberry32). Every consumer derives its own stream from a label, so adding an
 * item or a unit does not reshuffle the values drawn for the others: demo data stays stable across edits.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  pick<T>(values: readonly T[]): T;
}

/** FNV-1a over UTF-16 code units: a stable 32-bit seed from a label. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function prngFor(label: string): Prng {
  let state = hashLabel(label) || 1;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (values) => {
      if (values.length === 0) throw new RangeError('pick from an empty list');
      return values[Math.floor(next() * values.length)]!;
    },
  };
}
