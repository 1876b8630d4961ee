import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../shared/errors.js';
import { parseCalendarNotice } from './calendar.schema.js';
import { BUNDLED_NOTICES } from './notices/index.js';
import { noticeDays } from './notice.js';
import { sample2027Notice } from '../../test/support/calendar.js';

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseCalendarNotice(input);
  } catch (e) {
    assert.ok(e instanceof AppError && e.code === 'VALIDATION_FAILED', String(e));
    return e.issues;
  }
  assert.fail('expected the notice to be rejected');
}

const paths = (input: unknown) => issuesOf(input).map((i) => i.path);

function mutate(change: (n: any) => void): Record<string, unknown> {
  const n = sample2027Notice();
  change(n);
  return n;
}

describe('bundled notices', () => {
  it('each passes the import validation, as JSON', () => {
    for (const notice of BUNDLED_NOTICES)
      assert.deepEqual(parseCalendarNotice(JSON.parse(JSON.stringify(notice))), notice);
  });

  it('hold the day counts of domain.md §5.3', () => {
    const offDays = (year: number) =>
      noticeDays(BUNDLED_NOTICES.find((n) => n.year === year)!).filter((d) => d.kind === 'OFF').length;
    assert.deepEqual([2021, 2022, 2023, 2024, 2025, 2026].map(offDays), [31, 31, 27, 28, 28, 33]);
  });
});

describe('parseCalendarNotice', () => {
  it('accepts a well-formed notice and defaults a missing 文号 to null', () => {
    const input = mutate((n) => delete n.docNo);
    assert.equal(parseCalendarNotice(input).docNo, null);
  });

  const cases: [why: string, change: (n: any) => void, expectedPaths: string[]][] = [
    ['missing year', (n) => delete n.year, ['year']],
    ['unknown field', (n) => (n.holidays[1].note = 'x'), ['holidays.1.note']],
    ['date not in YYYY-MM-DD', (n) => (n.holidays[0].firstDay = '2027/1/1'), ['holidays.0.firstDay']],
    ['not a real date', (n) => (n.holidays[1].lastDay = '2027-02-30'), ['holidays.1.lastDay']],
    ['no holidays', (n) => (n.holidays = []), ['holidays']],
    ['http(s) url required', (n) => (n.url = 'gov.cn'), ['url']],
    [
      'date outside the year and its adjacent months',
      (n) => (n.holidays[1].firstDay = '2026-10-01'),
      ['holidays.1.firstDay'],
    ],
    ['block ends before it starts', (n) => (n.holidays[1].lastDay = '2027-02-01'), ['holidays.1.lastDay']],
    ['block too long', (n) => (n.holidays[1].lastDay = '2027-03-01'), ['holidays.1.lastDay']],
    [
      'overlapping blocks',
      (n) => n.holidays.push({ name: '补假', firstDay: '2027-01-03', lastDay: '2027-01-04', makeUpWorkdays: [] }),
      ['holidays.2.firstDay'],
    ],
    [
      'make-up day on a weekday',
      (n) => (n.holidays[1].makeUpWorkdays = ['2027-02-15']),
      ['holidays.1.makeUpWorkdays.0'],
    ],
    [
      'make-up day inside a block',
      (n) => (n.holidays[0].makeUpWorkdays = ['2027-01-02']),
      ['holidays.0.makeUpWorkdays.0'],
    ],
    ['duplicate make-up day', (n) => (n.holidays[0].makeUpWorkdays = ['2027-02-14']), ['holidays.1.makeUpWorkdays.0']],
    [
      'block of weekend days only',
      (n) => (n.holidays[1] = { name: '春节', firstDay: '2027-02-06', lastDay: '2027-02-07', makeUpWorkdays: [] }),
      ['holidays.1'],
    ],
    [
      'block only in the adjacent month',
      (n) => (n.holidays[0] = { name: '元旦', firstDay: '2026-12-28', lastDay: '2026-12-29', makeUpWorkdays: [] }),
      ['holidays.0'],
    ],
    ['published after the year', (n) => (n.publishedOn = '2028-01-05'), ['publishedOn']],
  ];
  for (const [why, change, expectedPaths] of cases) {
    it(`rejects: ${why}`, () => assert.deepEqual(paths(mutate(change)), expectedPaths));
  }

  it('says what is wrong in Chinese', () => {
    assert.deepEqual(issuesOf(mutate((n) => delete n.year)), [{ path: 'year', message: '必填' }]);
    assert.deepEqual(issuesOf(mutate((n) => (n.holidays[1].makeUpWorkdays = ['2027-02-15']))), [
      { path: 'holidays.1.makeUpWorkdays.0', message: '调休上班日应为周六或周日：2027-02-15 是星期一' },
    ]);
    assert.equal(issuesOf(mutate((n) => (n.holidays[0].firstDay = 'x')))[0]!.message, '应为日期，如 2026-03-01');
  });

  it('rejects input that is not an object', () => {
    assert.deepEqual(paths(null), ['(根)']);
  });
});
