import { errors } from '../shared/errors.js';
import { addDays, isWeekend, parseIsoDate, yearOf } from './dates.js';
import { noticeDays, type CalendarEntry, type DayKind, type HolidayNotice } from './notice.js';

/**
 * The working-day calendar and the deadline arithmetic on it (domain.md §5). Pure: no I/O, no clock.
 *
 * A day is a working day iff it is Mon–Fri and not announced 放假, or it is a Sat/Sun announced 上班
 * (调休). A year is covered only when its State Council notice is loaded; counting through a day of an
 * uncovered year throws CALENDAR_NOT_PUBLISHED (or, in the provisional variant, assumes Mon–Fri and says so).
 */
export interface Calendar {
  /** Years whose notice is loaded. Only these years' days can be counted. */
  readonly years: ReadonlySet<number>;
  /** The dates the notices change, keyed by date (a notice may reach into the previous December). */
  readonly days: ReadonlyMap<string, CalendarEntry>;
}

/** Largest N accepted: far above any statutory limit, small enough to keep a provisional count cheap. */
export const MAX_WORKING_DAYS = 1000;

/** Builds the calendar from notices (e.g. the bundled ones). */
export function buildCalendar(notices: readonly HolidayNotice[]): Calendar {
  return calendarFromEntries(
    notices.map((n) => n.year),
    notices.flatMap(noticeDays),
  );
}

/** Builds the calendar from stored entries and the years whose notices are loaded. */
export function calendarFromEntries(years: readonly number[], entries: readonly CalendarEntry[]): Calendar {
  return { years: new Set(years), days: new Map(entries.map((e) => [e.date, e])) };
}

/** Dec 31 of the latest covered year, or null for an empty calendar. */
export function lastPublishedDate(cal: Calendar): string | null {
  return cal.years.size ? `${Math.max(...cal.years)}-12-31` : null;
}

/** What the calendar says about one date. */
export interface DayInfo {
  date: string;
  isWorkingDay: boolean;
  /** OFF / WORK when a notice changes this date; null for an ordinary weekday or weekend day. */
  kind: DayKind | null;
  /** The holiday the date belongs to, when a notice names one. */
  holiday: string | null;
}

/** Throws VALIDATION_FAILED for a malformed date, CALENDAR_NOT_PUBLISHED when its year is not covered. */
export function describeDay(cal: Calendar, date: string): DayInfo {
  const d = parseIsoDate(date, 'date');
  assertCovered(cal, d);
  const entry = cal.days.get(d);
  return { date: d, isWorkingDay: isWorking(cal, d), kind: entry?.kind ?? null, holiday: entry?.holiday ?? null };
}

/**
 * @example
 * isWorkingDay(cal, '2024-02-04'); // true: a Sunday made a working day for 春节
 * isWorkingDay(cal, '2024-02-09'); // true: 除夕 2024 is not a holiday
 */
export function isWorkingDay(cal: Calendar, date: string): boolean {
  return describeDay(cal, date).isWorkingDay;
}

/** Options of the working-day count. */
export interface CountOptions {
  /**
   * Count `start` itself as the first day when it is a working day. Default false: the day the ground
   * arises is not counted (民法典 第二百零一条 by analogy; domain.md §5.4).
   */
  countStartDay?: boolean;
}

/**
 * The N-th working day after `start`: the deadline of "N 个工作日内" counted from `start`.
 * Only the days the count examines must be covered; past them it throws CALENDAR_NOT_PUBLISHED naming the year.
 *
 * @example
 * addWorkingDays(cal, '2024-02-08', 3); // '2024-02-19' (春节 2024-02-10…17; 02-09 and 02-18 work)
 * addWorkingDays(cal, '2026-12-31', 1); // throws CALENDAR_NOT_PUBLISHED (2027)
 */
export function addWorkingDays(cal: Calendar, start: string, n: number, options: CountOptions = {}): string {
  return countForward(cal, start, n, options, 'refuse').date;
}

/** A deadline that may rest on an assumption. */
export interface ProvisionalDate {
  date: string;
  /** True when the count crossed a year with no loaded notice and assumed Mon–Fri working days there. */
  provisional: boolean;
}

/**
 * Like `addWorkingDays`, but past the covered years it assumes Mon–Fri working days and flags the result
 * `provisional`. For deadlines that must be shown before the next notice is out; never present a
 * provisional date as final.
 *
 * @example
 * addWorkingDaysProvisional(cal, '2026-12-31', 1); // { date: '2027-01-01', provisional: true }
 */
export function addWorkingDaysProvisional(
  cal: Calendar,
  start: string,
  n: number,
  options: CountOptions = {},
): ProvisionalDate {
  return countForward(cal, start, n, options, 'assume-weekdays');
}

/**
 * Signed number of working days from `a` to `b`: those in (a, b] when a ≤ b, and minus those in (b, a]
 * when b < a. So between(a, a) = 0 and between(a, b) = −between(b, a).
 *
 * @example
 * workingDaysBetween(cal, '2024-02-08', '2024-02-19'); // 3
 * workingDaysBetween(cal, '2024-02-19', '2024-02-08'); // -3
 */
export function workingDaysBetween(cal: Calendar, a: string, b: string): number {
  const from = parseIsoDate(a, 'from');
  const to = parseIsoDate(b, 'to');
  if (to < from) return -countInterval(cal, to, from);
  return countInterval(cal, from, to);
}

/**
 * For "剩余 N 个工作日": working days left after `today` up to the deadline. 0 on the deadline day; negative
 * when overdue, counting the working days elapsed since the deadline but at least −1, so that a weekend
 * right after the deadline already reads as overdue.
 *
 * @example
 * remainingWorkingDays(cal, '2024-02-08', '2024-02-19'); // 3
 * remainingWorkingDays(cal, '2024-02-19', '2024-02-19'); // 0
 * remainingWorkingDays(cal, '2024-02-24', '2024-02-23'); // -1 (a Saturday after a Friday deadline)
 */
export function remainingWorkingDays(cal: Calendar, today: string, deadline: string): number {
  const t = parseIsoDate(today, 'today');
  const d = parseIsoDate(deadline, 'deadline');
  if (t <= d) return countInterval(cal, t, d);
  return -Math.max(1, countInterval(cal, d, t));
}

type BeyondCoverage = 'refuse' | 'assume-weekdays';

function countForward(
  cal: Calendar,
  start: string,
  n: number,
  options: CountOptions,
  beyond: BeyondCoverage,
): ProvisionalDate {
  let day = parseIsoDate(start, 'start');
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKING_DAYS) {
    throw errors.field('n', `工作日数应为 1 到 ${MAX_WORKING_DAYS} 之间的整数：${n}`);
  }
  let provisional = false;
  const counts = (d: string): boolean => {
    if (isCovered(cal, d)) return isWorking(cal, d);
    if (beyond === 'refuse') throw errors.calendarNotPublished(String(yearOf(d)));
    provisional = true;
    return !isWeekend(d);
  };
  let remaining = n;
  if (options.countStartDay && counts(day)) remaining -= 1;
  while (remaining > 0) {
    day = addDays(day, 1);
    if (counts(day)) remaining -= 1;
  }
  return { date: day, provisional };
}

/** Working days in (from, to], from ≤ to; every day counted must be covered. */
function countInterval(cal: Calendar, from: string, to: string): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    assertCovered(cal, d);
    if (isWorking(cal, d)) count += 1;
  }
  return count;
}

function isCovered(cal: Calendar, date: string): boolean {
  return cal.years.has(yearOf(date));
}

function assertCovered(cal: Calendar, date: string): void {
  if (!isCovered(cal, date)) throw errors.calendarNotPublished(String(yearOf(date)));
}

function isWorking(cal: Calendar, date: string): boolean {
  const entry = cal.days.get(date);
  return entry ? entry.kind === 'WORK' : !isWeekend(date);
}
