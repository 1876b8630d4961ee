import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rebuildIndex, searchItems, type SearchItemsOptions } from '../../src/search/search.service.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { generateSearchCatalogue } from '../support/search-catalogue.js';

/** The same catalogue and queries on SQLite and PostgreSQL give the same hits, order, scores and totals. */

const QUERIES: SearchItemsOptions[] = [
  ...[
    '社保',
    '护照',
    '户口',
    '证',
    '登记',
    '营业执照',
    '养老保险',
    '户口迁移',
    '行政处罚',
    '养老保险参保',
    '食品经营许可证',
    'ICP',
    'icp经营',
    'ca数字证书',
    '区公安分局',
    '护照 身份证',
    '社保 补贴',
    '（新办）',
    '对',
    'B级',
    '申请材料',
  ].map((q) => ({ q })),
  { q: '11330106' }, // a code must be typed whole: no hits on either engine
  { q: '社保', unitId: 'unit-01' },
  { q: '证', type: '01' },
  { q: '登记', unitId: 'unit-03', type: '07' },
  { q: '护照', offset: 40, limit: 30 },
  { q: '申请', offset: 800, limit: 100 },
];

describe('search gives identical results on SQLite and PostgreSQL', {
  skip: !testDialects().includes('postgres') && 'needs DATABASE_URL',
}, () => {
  const contexts: TestContext[] = [];

  before(async () => {
    const docs = generateSearchCatalogue(1000, 7);
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const t = await createTestContext(dialect);
      contexts.push(t);
      await rebuildIndex(t.ctx.db, docs);
    }
  });
  after(() => Promise.all(contexts.map((t) => t.cleanup())));

  it('for a fixed set of queries, filters and pages', async () => {
    let nonEmpty = 0;
    for (const options of QUERIES) {
      const [onSqlite, onPostgres] = await Promise.all(
        contexts.map((t) => searchItems(t.ctx.db, { limit: 100, ...options })),
      );
      assert.deepEqual(onPostgres, onSqlite, JSON.stringify(options));
      if (onSqlite!.hits.length) nonEmpty++;
    }
    assert.equal(nonEmpty, QUERIES.length - 1, 'every query but the partial code has hits');
  });
});
