import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderedWalkLength } from './search.repository.js';

describe('orderedWalkLength (PostgreSQL scan choice)', () => {
  const page = { offset: 0, limit: 20 };
  const cases: [size: number, tableRows: number, isBodySet: boolean, expected: number | undefined, why: string][] = [
    [100_000, 100_000, true, 130, 'a token in every document: walk a few rows'],
    [33_822, 100_000, true, 287, 'dense text hits (社保): walk'],
    [3_359, 100_000, true, undefined, 'sparse text hits (社会保险): bitmap'],
    [29_794, 100_000, false, undefined, 'name hits cluster by name length: always bitmap'],
    [50_000, -1, true, undefined, 'table never analysed: bitmap'],
    [0, 100_000, true, undefined, 'empty set'],
  ];
  for (const [size, tableRows, isBodySet, expected, why] of cases) {
    it(why, () => assert.equal(orderedWalkLength(size, tableRows, page, isBodySet), expected));
  }

  it('walks further for later pages, and stops walking when that costs more than the bitmap', () => {
    assert.equal(orderedWalkLength(100_000, 100_000, { offset: 200, limit: 20 }, true), 930);
    assert.equal(orderedWalkLength(100_000, 100_000, { offset: 2_000, limit: 20 }, true), undefined);
  });
});
