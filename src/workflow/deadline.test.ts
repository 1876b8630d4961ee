import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCalendar } from '../calendar/working-days.js';
import { BUNDLED_NOTICES } from '../calendar/notices/index.js';
import { deadlineFor, deadlineStatus, describeDeadline } from './deadline.js';

const cal = buildCalendar(BUNDLED_NOTICES);

describe('adjustment deadline (Art. 19: 3 working days, ground day not counted)', () => {
  const cases: Array<{ name: string; arisen: string; due: string; provisional?: boolean; countGroundDay?: boolean }> = [
    { name: 'ordinary week', arisen: '2024-03-04', due: '2024-03-07' },
    { name: 'over a weekend', arisen: '2024-03-07', due: '2024-03-12' },
    {
      name: 'holiday block: 春节 2024 (02-10..02-17 off, 02-18 Sunday make-up day works)',
      arisen: '2024-02-08',
      due: '2024-02-19',
    },
    { name: 'a weekend make-up day (调休) counts as a working day', arisen: '2024-09-26', due: '2024-09-30' },
    { name: 'ground arising on a holiday', arisen: '2024-10-01', due: '2024-10-10' },
    { name: 'year boundary with 元旦', arisen: '2025-12-30', due: '2026-01-05' },
    { name: 'counting the ground day when configured', arisen: '2024-03-04', due: '2024-03-06', countGroundDay: true },
    { name: 'provisional past the last published year', arisen: '2026-12-30', due: '2027-01-04', provisional: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = deadlineFor(cal, c.arisen, 3, c.countGroundDay ?? false);
      assert.equal(d.dueOn, c.due);
      assert.equal(d.provisional, c.provisional ?? false);
    });
  }

  it('remaining working days and overdue', () => {
    assert.deepEqual(deadlineStatus(cal, '2024-02-08', '2024-02-19'), { remaining: 3, overdue: false });
    assert.equal(deadlineStatus(cal, '2024-02-19', '2024-02-19').remaining, 0);
    const late = deadlineStatus(cal, '2024-02-21', '2024-02-19');
    assert.equal(late.overdue, true);
    assert.equal(describeDeadline(late, false), '已超期 2 个工作日');
    assert.match(describeDeadline(deadlineStatus(cal, '2026-12-30', '2027-01-04'), true), /暂定/);
  });
});
