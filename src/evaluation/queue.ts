import { chinaDate } from '../shared/clock.js';

/**
 * How long submitted versions wait for the centre's verification (核验), from the workflow's own timestamps:
 * submitted_at (the last submission to the centre) and verified_at. Pure. Waits are in days of 24 hours.
 */
export interface Wait {
  submittedAt: string;
  verifiedAt: string;
}

export interface MonthWait {
  month: string;
  count: number;
  /** Average and longest wait in days (null when nothing was verified that month). */
  averageDays: number | null;
  longestDays: number | null;
}

export const daysBetween = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Waits of the versions verified in each month (China time), for the given months. */
export function waitsByMonth(waits: readonly Wait[], months: readonly string[]): MonthWait[] {
  const by = new Map<string, number[]>(months.map((m) => [m, []]));
  for (const w of waits)
    by.get(chinaDate(new Date(w.verifiedAt)).slice(0, 7))?.push(daysBetween(w.submittedAt, w.verifiedAt));
  return months.map((month) => {
    const d = by.get(month)!;
    return {
      month,
      count: d.length,
      averageDays: d.length ? d.reduce((s, x) => s + x, 0) / d.length : null,
      longestDays: d.length ? Math.max(...d) : null,
    };
  });
}

/** Age buckets of the versions waiting now. */
export const WAIT_BUCKETS: ReadonlyArray<{ label: string; upTo: number }> = [
  { label: '1 天以内', upTo: 1 },
  { label: '1–3 天', upTo: 3 },
  { label: '3–7 天', upTo: 7 },
  { label: '7 天以上', upTo: Number.POSITIVE_INFINITY },
];

export function waitingNow(submittedAts: readonly string[], now: string): Array<{ label: string; count: number }> {
  const counts = WAIT_BUCKETS.map((b) => ({ label: b.label, count: 0 }));
  for (const at of submittedAts) {
    const age = daysBetween(at, now);
    counts[WAIT_BUCKETS.findIndex((b) => age <= b.upTo)]!.count += 1;
  }
  return counts;
}
