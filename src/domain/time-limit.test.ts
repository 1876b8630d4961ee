import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definiteLimit, deriveTimeLimit } from './time-limit.js';

describe('time limits as published', () => {
  const cases: Array<[string, ReturnType<typeof deriveTimeLimit>]> = [
    ['20个工作日', { value: 20, unit: '1' }],
    ['20 工作日', { value: 20, unit: '1' }],
    ['二十个工作日', { value: 20, unit: '1' }],
    ['十五个工作日内办结', { value: 15, unit: '1' }],
    ['一个月', { value: 1, unit: '5' }],
    ['三个月', { value: 3, unit: '5' }],
    ['60天', { value: 60, unit: '2' }],
    ['180个自然日', { value: 180, unit: '2' }],
    ['一百八十天', { value: 180, unit: '2' }],
    ['2小时', { value: 2, unit: '3' }],
    ['即时办结', { value: 0, unit: '4' }],
    ['当场办结', { value: 0, unit: '4' }],
    ['区残联收到材料7个工作日内审核完成', { value: 7, unit: '1' }],
    ['证件材料齐全，当场予以登记，发证。', { value: 0, unit: '4' }],
    ['20个工作日,街道社区15个工作日、部门5个工作日', undefined],
    ['20', undefined],
    ['20日', undefined],
    ['依申请人提交材料情况确定', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`「${text}」`, () => assert.deepEqual(deriveTimeLimit(text), expected));
  }
  it('prefers the number and unit as entered, and treats the unit 即时 as 0', () => {
    assert.deepEqual(definiteLimit({ text: '20', value: 20, unit: '1' }), { value: 20, unit: '1' });
    assert.deepEqual(definiteLimit({ unit: '4' }), { value: 0, unit: '4' });
    assert.equal(definiteLimit({ text: '20' }), undefined);
  });
});
