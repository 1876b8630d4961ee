import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../shared/errors.js';
import { BUNDLED_NOTICES } from './notices/index.js';
import {
  addWorkingDays,
  addWorkingDaysProvisional,
  buildCalendar,
  describeDay,
  isWorkingDay,
  lastPublishedDate,
  remainingWorkingDays,
  workingDaysBetween,
} from './working-days.js';

const cal = buildCalendar(BUNDLED_NOTICES);

function assertAppError(fn: () => unknown, code: string, detail: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === code && detail.test(e.message));
}

describe('isWorkingDay', () => {
  const cases: [date: string, expected: boolean, why: string][] = [
    ['2024-02-04', true, '2024 春节 make-up Sunday'],
    ['2024-02-18', true, '2024 春节 make-up Sunday after the block'],
    ['2024-02-09', true, '2024 除夕 (Friday) stays a working day'],
    ['2024-02-10', false, 'first day of 2024 春节'],
    ['2024-02-16', false, 'Friday inside 2024 春节'],
    ['2024-02-17', false, 'Saturday, last day of 2024 春节'],
    ['2025-01-28', false, '2025 除夕 is a holiday from 2025 on'],
    ['2025-01-26', true, '2025 春节 make-up Sunday'],
    ['2022-12-31', false, '2023 元旦 starts in 2022'],
    ['2023-04-05', false, 'single-day 清明 on a Wednesday'],
    ['2026-10-07', false, 'last day of 2026 国庆 (Wednesday)'],
    ['2026-10-10', true, '2026 国庆 make-up Saturday'],
    ['2026-10-08', true, 'ordinary Thursday after 2026 国庆'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-03-09', true, 'ordinary Monday'],
  ];
  for (const [date, expected, why] of cases) {
    it(`${date} → ${expected ? '工作日' : '休息日'} (${why})`, () => assert.equal(isWorkingDay(cal, date), expected));
  }

  it('describes the holiday a date belongs to', () => {
    assert.deepEqual(describeDay(cal, '2024-02-04'), {
      date: '2024-02-04',
      isWorkingDay: true,
      kind: 'WORK',
      holiday: '春节',
    });
    assert.deepEqual(describeDay(cal, '2024-02-12'), {
      date: '2024-02-12',
      isWorkingDay: false,
      kind: 'OFF',
      holiday: '春节',
    });
    assert.deepEqual(describeDay(cal, '2024-03-02'), {
      date: '2024-03-02',
      isWorkingDay: false,
      kind: null,
      holiday: null,
    });
  });

  it('refuses dates of years without a loaded notice', () => {
    assertAppError(() => isWorkingDay(cal, '2027-01-04'), 'CALENDAR_NOT_PUBLISHED', /2027 年/);
    assertAppError(() => isWorkingDay(cal, '2020-06-01'), 'CALENDAR_NOT_PUBLISHED', /2020 年/);
  });
});

describe('addWorkingDays', () => {
  const cases: [start: string, n: number, countStartDay: boolean, expected: string, why: string][] = [
    ['2024-02-08', 3, false, '2024-02-19', 'acceptance case: 02-09 (除夕, work), 02-18 (make-up Sunday), 02-19'],
    ['2024-02-08', 3, true, '2024-02-18', 'start counted: 02-08, 02-09, 02-18'],
    ['2024-02-02', 1, false, '2024-02-04', 'deadline lands on a make-up Sunday'],
    ['2024-02-03', 1, true, '2024-02-04', 'start on an ordinary Saturday is not counted even when asked'],
    ['2024-02-10', 1, true, '2024-02-18', 'start inside the holiday is not counted'],
    ['2025-01-27', 1, false, '2025-02-05', '2025 除夕 starts the 春节 block'],
    ['2025-01-24', 3, false, '2025-02-05', 'Sunday 01-26 and Monday 01-27 work, then 春节 until 02-04'],
    ['2026-09-30', 1, false, '2026-10-08', '2026 国庆 (10-01…10-07)'],
    ['2026-09-30', 3, false, '2026-10-10', '2026 国庆 then the make-up Saturday'],
    ['2022-12-30', 1, false, '2023-01-03', 'year boundary: 2023 元旦 starts 2022-12-31'],
    ['2020-12-31', 1, false, '2021-01-04', 'only the days counted must be covered, not the start'],
    ['2026-12-30', 1, false, '2026-12-31', 'last published day'],
    ['2024-06-07', 1, false, '2024-06-11', '端午 2024-06-10 joined to the weekend'],
  ];
  for (const [start, n, countStartDay, expected, why] of cases) {
    it(`${start} + ${n}${countStartDay ? ' (start counted)' : ''} → ${expected}: ${why}`, () => {
      assert.equal(addWorkingDays(cal, start, n, { countStartDay }), expected);
      assert.deepEqual(addWorkingDaysProvisional(cal, start, n, { countStartDay }), {
        date: expected,
        provisional: false,
      });
    });
  }

  it('refuses to count past the last published year instead of returning 2027-01-01 (元旦)', () => {
    assert.equal(lastPublishedDate(cal), '2026-12-31');
    assertAppError(() => addWorkingDays(cal, '2026-12-31', 1), 'CALENDAR_NOT_PUBLISHED', /2027 年的节假日安排尚未发布/);
  });

  it('refuses a count that starts before the first loaded year', () => {
    assertAppError(() => addWorkingDays(cal, '2020-06-01', 3), 'CALENDAR_NOT_PUBLISHED', /2020 年/);
    assertAppError(
      () => addWorkingDays(cal, '2020-12-31', 1, { countStartDay: true }),
      'CALENDAR_NOT_PUBLISHED',
      /2020 年/,
    );
  });

  it('refuses a year missing in the middle of the calendar', () => {
    const gap = buildCalendar(BUNDLED_NOTICES.filter((n) => n.year !== 2024));
    assertAppError(() => addWorkingDays(gap, '2023-12-29', 1), 'CALENDAR_NOT_PUBLISHED', /2024 年/);
  });

  it('rejects malformed dates and counts', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-2-8', '20240208', '', '2024-13-01']) {
      assertAppError(() => addWorkingDays(cal, bad, 1), 'VALIDATION_FAILED', /^start: /);
    }
    for (const n of [0, -1, 1.5, Number.NaN, 1001]) {
      assertAppError(() => addWorkingDays(cal, '2024-02-08', n), 'VALIDATION_FAILED', /^n: /);
    }
  });
});

describe('addWorkingDaysProvisional', () => {
  it('assumes Mon–Fri past the covered range and flags the result', () => {
    assert.deepEqual(addWorkingDaysProvisional(cal, '2026-12-31', 1), { date: '2027-01-01', provisional: true });
    assert.deepEqual(addWorkingDaysProvisional(cal, '2026-12-30', 3), { date: '2027-01-04', provisional: true });
  });

  it('flags counts through an uncovered earlier year too', () => {
    assert.deepEqual(addWorkingDaysProvisional(cal, '2020-12-30', 2), { date: '2021-01-04', provisional: true });
  });
});

describe('workingDaysBetween', () => {
  const cases: [a: string, b: string, expected: number][] = [
    ['2024-02-08', '2024-02-19', 3],
    ['2024-02-19', '2024-02-08', -3],
    ['2024-02-08', '2024-02-08', 0],
    ['2024-02-09', '2024-02-17', 0],
    ['2022-12-30', '2023-01-03', 1],
    ['2026-01-01', '2026-12-31', 248],
  ];
  for (const [a, b, expected] of cases) {
    it(`${a} → ${b} = ${expected}`, () => assert.equal(workingDaysBetween(cal, a, b), expected));
  }

  it('is the inverse of addWorkingDays', () => {
    for (const [start, n] of [
      ['2024-02-08', 3],
      ['2025-09-26', 5],
      ['2021-12-31', 10],
    ] as const) {
      assert.equal(workingDaysBetween(cal, start, addWorkingDays(cal, start, n)), n);
    }
  });

  it('refuses intervals reaching past the calendar and malformed dates', () => {
    assertAppError(() => workingDaysBetween(cal, '2026-12-01', '2027-01-05'), 'CALENDAR_NOT_PUBLISHED', /2027 年/);
    assertAppError(() => workingDaysBetween(cal, '2024-01-01', '2024-02-31'), 'VALIDATION_FAILED', /^to: /);
  });
});

describe('remainingWorkingDays', () => {
  const cases: [today: string, deadline: string, expected: number, why: string][] = [
    ['2024-02-08', '2024-02-19', 3, 'day the ground arose'],
    ['2024-02-12', '2024-02-19', 2, 'during 春节: 02-18 and 02-19 remain'],
    ['2024-02-19', '2024-02-19', 0, 'on the deadline day'],
    ['2024-02-20', '2024-02-19', -1, 'one working day overdue'],
    ['2024-02-26', '2024-02-19', -5, 'a week overdue'],
    ['2024-02-24', '2024-02-23', -1, 'the Saturday after a Friday deadline is already overdue'],
  ];
  for (const [today, deadline, expected, why] of cases) {
    it(`${today} / ${deadline} → ${expected} (${why})`, () =>
      assert.equal(remainingWorkingDays(cal, today, deadline), expected));
  }
});
