import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countSince, flagReasons, normaliseQuery } from './feedback.js';

describe('public feedback rules', () => {
  const cases: Array<[string, string]> = [
    ['  无人机   飞行\t许可 ', '无人机 飞行 许可'],
    ['ＵＡＶ登记', 'uav登记'],
    ['ＥＴＣ　办理', 'etc 办理'],
    ['   ', ''],
    ['长'.repeat(60), '长'.repeat(50)],
  ];
  for (const [q, want] of cases) it(`normalises ${JSON.stringify(q)}`, () => assert.equal(normaliseQuery(q), want));

  it('counts feedback within the window and after the last review only', () => {
    const votes = [
      { day: '2026-08-31', helpful: 5, unhelpful: 5 },
      { day: '2026-09-02', helpful: 1, unhelpful: 2 },
      { day: '2026-09-10', helpful: 0, unhelpful: 3 },
      { day: '2026-09-11', helpful: 2, unhelpful: 1 },
    ];
    const asked = [
      { day: '2026-09-01', at: '2026-09-01T02:00:00.000Z' },
      { day: '2026-09-10', at: '2026-09-10T01:00:00.000Z' },
      { day: '2026-09-10', at: '2026-09-10T03:00:00.000Z' },
    ];
    assert.deepEqual(countSince(votes, asked, '2026-09-02', null), { helpful: 3, unhelpful: 6, explanations: 2 });
    assert.deepEqual(countSince(votes, asked, '2026-09-02', { day: '2026-09-10', at: '2026-09-10T02:00:00.000Z' }), {
      helpful: 2,
      unhelpful: 1,
      explanations: 1,
    });
  });

  it('flags on either threshold, saying which', () => {
    assert.deepEqual(flagReasons({ helpful: 9, unhelpful: 4, explanations: 2 }, { unhelpful: 5, explanations: 3 }), []);
    assert.deepEqual(flagReasons({ helpful: 0, unhelpful: 5, explanations: 3 }, { unhelpful: 5, explanations: 3 }), [
      '5 人认为指南没帮助（阈值 5）',
      '3 件说明解释申请（阈值 3）',
    ]);
  });
});
