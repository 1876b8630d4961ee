import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitingNow, waitsByMonth } from './queue.js';

describe('verification queue waits', () => {
  it('averages the waits of the versions verified in each China-time month', () => {
    const r = waitsByMonth(
      [
        { submittedAt: '2026-05-01T00:00:00.000Z', verifiedAt: '2026-05-04T00:00:00.000Z' },
        { submittedAt: '2026-05-01T00:00:00.000Z', verifiedAt: '2026-05-02T00:00:00.000Z' },
        // 30 June 18:00 UTC is 1 July in China.
        { submittedAt: '2026-06-30T06:00:00.000Z', verifiedAt: '2026-06-30T18:00:00.000Z' },
        { submittedAt: '2026-01-01T00:00:00.000Z', verifiedAt: '2026-01-02T00:00:00.000Z' },
      ],
      ['2026-05', '2026-06', '2026-07'],
    );
    assert.deepEqual(r, [
      { month: '2026-05', count: 2, averageDays: 2, longestDays: 3 },
      { month: '2026-06', count: 0, averageDays: null, longestDays: null },
      { month: '2026-07', count: 1, averageDays: 0.5, longestDays: 0.5 },
    ]);
  });

  it('groups what waits now by age, each bound belonging to the shorter bucket', () => {
    const now = '2026-05-10T00:00:00.000Z';
    const ago = (days: number) => new Date(Date.parse(now) - days * 86_400_000).toISOString();
    assert.deepEqual(
      waitingNow([ago(0.5), ago(1), ago(2), ago(3), ago(6.9), ago(7.01), ago(30)], now).map((b) => b.count),
      [2, 2, 1, 2],
    );
  });
});
