import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Db, Trx } from '../../src/db/database.js';
import type { SearchDocInput } from '../../src/search/search-doc.js';
import {
  indexDocument,
  rebuildIndex,
  removeDocument,
  searchItems,
  type SearchItemsOptions,
} from '../../src/search/search.service.js';
import { AppError } from '../../src/shared/errors.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { generateSearchCatalogue } from '../support/search-catalogue.js';

const doc = (itemId: string, name: string, unitId: string, type: string, texts: string[] = []): SearchDocInput => ({
  itemId,
  unitId,
  type,
  name,
  texts,
});

const FIXTURE = [
  doc('passport', '护照签发', 'u1', '07', ['居民身份证']),
  doc('permit', '往来港澳通行证和护照补办', 'u2', '07'),
  doc('card', '社保卡申领', 'u1', '20', ['凭护照或居民身份证办理']),
  doc('hukou', '户口迁移（跨区迁入）', 'u2', '20', ['需提供户口簿']),
  doc('icp', 'ICP经营许可证核发', 'u1', '01', ['ICP备案号']),
];

for (const dialect of testDialects()) {
  describe(`[${dialect}] search service`, () => {
    let t: TestContext;
    let db: Db;
    const inTrx = <T>(fn: (trx: Trx) => Promise<T>) => db.kysely.transaction().execute(fn);
    const found = async (options: SearchItemsOptions) =>
      (await searchItems(db, { limit: 100, ...options })).hits.map((h) => `${h.itemId}:${h.score}`);

    before(async () => {
      t = await createTestContext(dialect);
      db = t.ctx.db;
    });
    after(() => t.cleanup());
    beforeEach(() => rebuildIndex(db, FIXTURE));

    it('ranks names beginning with the query, then other names, then guide texts', async () => {
      assert.deepEqual(await found({ q: '护照' }), ['passport:3', 'permit:2', 'card:1']);
      assert.deepEqual(await found({ q: '身份证' }), ['passport:1', 'card:1']);
      assert.deepEqual(await found({ q: '户口' }), ['hukou:3']);
      assert.deepEqual(await found({ q: 'icp' }), ['icp:3']);
      assert.deepEqual(await found({ q: '（跨区迁入）' }), ['hukou:2']);
    });

    it('matches every term, in the name or across name and texts', async () => {
      assert.deepEqual(await found({ q: '护照 补办' }), ['permit:2']);
      assert.deepEqual(await found({ q: '社保 护照' }), ['card:1']);
      assert.deepEqual(await found({ q: '社保 签发' }), []);
    });

    it('an abbreviation finds the full form (社保 → 社会保险), ranked like any other hit', async () => {
      await inTrx((trx) => indexDocument(trx, doc('insurance', '社会保险登记', 'u1', '20', ['需提供户籍证明'])));
      await inTrx((trx) => indexDocument(trx, doc('relief', '最低生活保障金给付', 'u2', '20')));
      assert.deepEqual(
        await found({ q: '社保' }),
        ['card:3', 'insurance:3'],
        'a name beginning with 社会保险 begins with 社保 (shorter names first, by the real name)',
      );
      assert.deepEqual(await found({ q: '社保登记' }), ['insurance:3']);
      assert.deepEqual(
        await found({ q: '户口' }),
        ['hukou:3', 'insurance:1'],
        '户籍 in a guide text is a text hit for 户口',
      );
      assert.deepEqual(await found({ q: '低保' }), ['relief:3']);
      assert.deepEqual(await found({ q: '社会保险' }), ['insurance:3'], 'the full form still finds only itself');
      assert.deepEqual(
        await found({ q: '低' }),
        ['relief:2'],
        'no start marker for a character the name does not begin with',
      );
    });

    it('filters by unit and type inside the index', async () => {
      assert.deepEqual(await found({ q: '护照', unitId: 'u1' }), ['passport:3', 'card:1']);
      assert.deepEqual(await found({ q: '护照', type: '20' }), ['card:1']);
      assert.deepEqual(await found({ q: '护照', unitId: 'u2', type: '07' }), ['permit:2']);
      assert.deepEqual(await found({ q: '护照', unitId: 'u3' }), []);
    });

    it('removes a document and re-indexes one in place of the old', async () => {
      assert.equal(await inTrx((trx) => removeDocument(trx, 'passport')), true);
      assert.equal(await inTrx((trx) => removeDocument(trx, 'passport')), false);
      assert.deepEqual(await found({ q: '护照' }), ['permit:2', 'card:1']);
      await inTrx((trx) => indexDocument(trx, doc('card', '护照加急办理', 'u1', '20')));
      assert.deepEqual(await found({ q: '护照' }), ['card:3', 'permit:2']);
      assert.deepEqual(await found({ q: '社保' }), []);
      const count = await db.kysely
        .selectFrom('search_docs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), FIXTURE.length - 1);
    });

    it('keeps an item in place among names of its length, and moves it when the length changes', async () => {
      const docId = async (itemId: string) =>
        Number(
          (
            await db.kysely
              .selectFrom('search_docs')
              .select('doc_id')
              .where('item_id', '=', itemId)
              .executeTakeFirstOrThrow()
          ).doc_id,
        );
      const before = await docId('card');
      await inTrx((trx) => indexDocument(trx, doc('card', '社保卡补领', 'u1', '20')));
      assert.equal(await docId('card'), before);
      await inTrx((trx) => indexDocument(trx, doc('card', '社保卡', 'u1', '20')));
      assert.ok((await docId('card')) < before);
      assert.deepEqual(await found({ q: '社保卡' }), ['card:3']);
    });

    it('rebuilds to exactly the given documents', async () => {
      const result = await rebuildIndex(db, [FIXTURE[1]!, { ...FIXTURE[1]!, name: '护照补办' }, FIXTURE[2]!]);
      assert.deepEqual(result, { indexed: 2, removed: 3 });
      assert.deepEqual(await found({ q: '护照' }), ['permit:3', 'card:1']);
    });

    it('refuses queries and pages it cannot serve, naming the field', async () => {
      const refuses = (options: SearchItemsOptions, path: string) =>
        assert.rejects(
          searchItems(db, options),
          (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.issues[0]?.path === path,
        );
      await refuses({ q: '' }, 'q');
      await refuses({ q: ' ，。！ ' }, 'q');
      await refuses({ q: '护照', limit: 0 }, 'limit');
      await refuses({ q: '护照', limit: 101 }, 'limit');
      await refuses({ q: '护照', offset: -1 }, 'offset');
      await refuses({ q: '护照', offset: 1.5 }, 'offset');
    });

    it('cuts a long query to 50 characters', async () => {
      const long = '护照'.repeat(30);
      assert.deepEqual(await searchItems(db, { q: long }), await searchItems(db, { q: long.slice(0, 50) }));
    });

    it('pages through a larger catalogue without gaps or repeats', async () => {
      await rebuildIndex(db, generateSearchCatalogue(400));
      const pages = async (q: string, size: number) => {
        const hits = [];
        const { total } = await searchItems(db, { q, limit: 1 });
        for (let offset = 0; offset < total; offset += size) {
          const page = await searchItems(db, { q, offset, limit: size });
          assert.equal(page.total, total);
          hits.push(...page.hits);
        }
        assert.deepEqual(await searchItems(db, { q, offset: total }), { total, hits: [] });
        return hits;
      };
      for (const q of ['社保', '护照', '户口']) {
        const byHundred = await pages(q, 100);
        assert.ok(byHundred.length > 100, `${q}: ${byHundred.length} hits`);
        assert.ok(new Set(byHundred.map((h) => h.score)).size > 1, `${q}: more than one tier`);
        assert.deepEqual(await pages(q, 7), byHundred);
      }
    });

    // On PostgreSQL the first query walks doc_id order (dense hits), the second falls back to the bitmap after
    // the walk finds none: the 100 shortest names lack the token (orderedWalkLength).
    it('pages dense hits along doc_id order, and falls back when they are not where density predicts', async () => {
      const docs = Array.from({ length: 3000 }, (_, i) => {
        const id = String(i).padStart(4, '0');
        return i < 100
          ? doc(`d${id}`, `短${id}`, 'u1', '20', ['公共'])
          : doc(`d${id}`, `较长的名称${id}`, 'u1', '20', ['公共', '通用材料']);
      });
      await rebuildIndex(db, docs);
      assert.deepEqual(await searchItems(db, { q: '公共', limit: 1 }), {
        total: 3000,
        hits: [{ itemId: 'd0000', match: 'text', score: 1 }],
      });
      assert.deepEqual(await searchItems(db, { q: '通用', limit: 1 }), {
        total: 2900,
        hits: [{ itemId: 'd0100', match: 'text', score: 1 }],
      });
      assert.deepEqual(
        (await searchItems(db, { q: '通用', offset: 2899, limit: 5 })).hits.map((h) => h.itemId),
        ['d2999'],
      );
    });

    it('gives two concurrent publishes of one name length distinct places', {
      skip: dialect === 'sqlite',
    }, async () => {
      let indexed!: () => void;
      let release!: () => void;
      const firstIndexed = new Promise<void>((resolve) => (indexed = resolve));
      const gate = new Promise<void>((resolve) => (release = resolve));
      const first = inTrx(async (trx) => {
        await indexDocument(trx, doc('a', '契税申报', 'u1', '04'));
        indexed();
        await gate;
      });
      await firstIndexed;
      const second = inTrx((trx) => indexDocument(trx, doc('b', '契税减免', 'u1', '04')));
      await waitForLockWait(db);
      release();
      await Promise.all([first, second]);
      assert.deepEqual(await found({ q: '契税' }), ['a:3', 'b:3']);
    });
  });
}

/** Until another session of this database waits on a lock (the second insert waiting for the first commit). */
async function waitForLockWait(db: Db): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(
      db.kysely,
    );
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the second transaction never waited for the first');
}
