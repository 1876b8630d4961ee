import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCalendar } from '../calendar/working-days.js';
import { BUNDLED_NOTICES } from '../calendar/notices/index.js';
import { assess, totalsBy, type DeadlineRecord } from './accountability.js';

const cal = buildCalendar(BUNDLED_NOTICES);
const rec = (dueOn: string, doneOn: string | null, who: string | null = 'a'): DeadlineRecord => ({
  kind: 'change_request',
  id: `${dueOn}-${doneOn}`,
  unitId: 'u',
  unitName: '单位',
  title: 't',
  arisenOn: '2024-01-01',
  dueOn,
  doneOn,
  responsibleId: who,
  responsibleName: who,
});

describe('accountability: assessing one deadline', () => {
  // [due, done, today, outcome, working days late]
  const cases: Array<[string, string | null, string, string | null, number | null]> = [
    ['2024-02-08', '2024-02-08', '2024-03-01', null, null], // done on the due day: on time
    ['2024-02-08', '2024-02-05', '2024-03-01', null, null],
    ['2024-02-08', '2024-02-19', '2024-03-01', 'late', 3], // 春节: 02-09, 02-18 (调休) and 02-19 work
    ['2024-02-09', '2024-02-17', '2024-03-01', 'late', 0], // done on a holiday: late, no working day lost
    ['2024-02-08', null, '2024-02-08', null, null], // open, not yet due
    ['2024-02-08', null, '2024-02-19', 'never_done', 3],
    ['2026-12-30', null, '2027-01-04', 'never_done', null], // 2027 calendar not published
  ];
  for (const [due, done, today, outcome, days] of cases) {
    it(`due ${due}, done ${done ?? '—'}, today ${today}`, () => {
      const r = assess(cal, today, rec(due, done));
      assert.deepEqual(r && [r.outcome, r.workingDaysLate], outcome === null ? null : [outcome, days]);
    });
  }
  it('totals per key, most missed first, unknown responsible grouped apart', () => {
    const rows = [
      rec('2024-02-08', '2024-02-19', 'a'),
      rec('2024-02-08', null, null),
      rec('2024-03-01', '2024-03-05', 'b'),
      rec('2024-03-04', null, 'b'),
    ].map((r) => assess(cal, '2024-03-06', r)!);
    assert.deepEqual(
      totalsBy(rows, (r) => (r.responsibleId ? [r.responsibleId, r.responsibleId] : null), ['none', '无']).map((t) => [
        t.key,
        t.late,
        t.neverDone,
        t.workingDaysLate,
      ]),
      [
        ['b', 1, 1, 4],
        ['none', 0, 1, 15],
        ['a', 1, 0, 3],
      ],
    );
  });
});
