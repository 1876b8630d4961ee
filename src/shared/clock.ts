/** Time source, injected everywhere so tests can move time (lockouts, deadlines, session expiry). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: string | Date = '2026-03-02T01:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: string | Date): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export const iso = (d: Date) => d.toISOString();

/** The calendar date (YYYY-MM-DD) of an instant in China Standard Time, where all deadlines are counted. */
export function chinaDate(d: Date): string {
  return chinaDateTime(d).slice(0, 10);
}

/** An instant in China Standard Time, `YYYY-MM-DD HH:mm:ss` (timestamps are stored in UTC). */
export function chinaDateTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
