import { errors } from '../shared/errors.js';

/**
 * Calendar-date arithmetic on 'YYYY-MM-DD' strings. Dates are civil dates (no time, no zone): they are
 * handled as UTC midnights internally so that neither the host's TZ nor daylight saving can shift a day.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written as YYYY-MM-DD (rejects 2024-02-30, 2023-02-29, 2024-2-1). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Returns `value` if it is a real YYYY-MM-DD date, else throws VALIDATION_FAILED naming `path`.
 *
 * @example
 * parseIsoDate('2024-02-08', 'start'); // '2024-02-08'
 * parseIsoDate('2024-02-30', 'start'); // throws "start: 不是有效日期 …"
 */
export function parseIsoDate(value: unknown, path: string): string {
  if (!isIsoDate(value)) throw errors.field(path, `不是有效日期（应为 YYYY-MM-DD 格式的真实日期）：${String(value)}`);
  return value;
}

/** `date` moved by `days` calendar days (negative moves back). Expects a valid date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

/** 星期一 … 星期日, for messages. */
export function weekdayName(date: string): string {
  return WEEKDAY_NAMES[dayOfWeek(date)] ?? '';
}
