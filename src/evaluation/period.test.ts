import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monthsOf, parsePeriod } from './period.js';

describe('evaluation periods', () => {
  const cases: Array<[string, string, string, string]> = [
    ['2025', '2025-01-01', '2025-12-31', '2025年'],
    ['2024-Q1', '2024-01-01', '2024-03-31', '2024年第1季度'],
    ['2026-q4', '2026-10-01', '2026-12-31', '2026年第4季度'],
    ['2024-02', '2024-02-01', '2024-02-29', '2024年2月'],
    ['2023-02', '2023-02-01', '2023-02-28', '2023年2月'],
    ['2026-12', '2026-12-01', '2026-12-31', '2026年12月'],
    ['2026-01-15..2026-03-31', '2026-01-15', '2026-03-31', '2026-01-15 至 2026-03-31'],
  ];
  for (const [raw, from, to, label] of cases) {
    it(`${raw} → ${from}..${to}`, () =>
      assert.deepEqual((({ from: f, to: t, label: l }) => [f, t, l])(parsePeriod(raw)), [from, to, label]));
  }
  for (const bad of ['2026-13', '2026-Q5', '26', '2026-02-30..2026-03-01', '2026-03-01..2026-02-01', '']) {
    it(`refuses "${bad}" naming the field`, () =>
      assert.throws(
        () => parsePeriod(bad),
        (e: { issues: Array<{ path: string }> }) => e.issues[0]?.path === 'period',
      ));
  }
  it('lists the months a period touches', () => {
    assert.deepEqual(monthsOf({ from: '2025-11-20', to: '2026-02-01' }), ['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
