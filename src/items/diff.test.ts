import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffContent } from './diff.js';

describe('diffContent', () => {
  const cases: Array<{ name: string; before: unknown; after: unknown; expected: Array<[string, string]> }> = [
    {
      name: 'identical content has no changes',
      before: { name: 'A', useLevels: ['4'] },
      after: { name: 'A', useLevels: ['4'] },
      expected: [],
    },
    { name: 'scalar change', before: { name: 'A' }, after: { name: 'B' }, expected: [['name', 'changed']] },
    {
      name: 'added and removed elements',
      before: { feeBasis: 'x' },
      after: { transactAddr: 'y' },
      expected: [
        ['feeBasis', 'removed'],
        ['transactAddr', 'added'],
      ],
    },
    {
      name: 'code sets ignore order',
      before: { serviceObjects: ['1', '2'] },
      after: { serviceObjects: ['2', '1'] },
      expected: [],
    },
    {
      name: 'nested object field',
      before: { promiseLimit: { value: 5, unit: '1' } },
      after: { promiseLimit: { value: 3, unit: '1' } },
      expected: [['promiseLimit.value', 'changed']],
    },
    {
      name: 'materials are compared row by row by name',
      before: {
        materials: [
          { name: '申请书', paperCopies: 1 },
          { name: '营业执照', paperCopies: 1 },
        ],
      },
      after: {
        materials: [
          { name: '申请书', paperCopies: 1 },
          { name: '营业执照', paperCopies: 2 },
          { name: '身份证', paperCopies: 1 },
        ],
      },
      expected: [
        ['materials[营业执照].paperCopies', 'changed'],
        ['materials[身份证]', 'added'],
      ],
    },
    {
      name: 'a removed fee row and a reorder',
      before: {
        fees: [
          { name: 'A费', standard: '1元' },
          { name: 'B费', standard: '2元' },
          { name: 'C费', standard: '3元' },
        ],
      },
      after: {
        fees: [
          { name: 'C费', standard: '3元' },
          { name: 'A费', standard: '1元' },
        ],
      },
      expected: [
        ['fees[B费]', 'removed'],
        ['fees#order', 'changed'],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(
        diffContent(c.before, c.after).map((x) => [x.path, x.kind]),
        c.expected,
      );
    });
  }
});
