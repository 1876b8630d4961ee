import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hitBufferedRateLimit } from '../../src/security/buffered-rate-limit.js';
import { addHits } from '../../src/security/rate-limit.repository.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';

/**
 * The buffered limiter (public search) adds every address's hits of a second in one transaction per batch, and
 * still sees the other instances' hits after a flush.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] buffered rate limit`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestContext(dialect);
    });
    after(() => t.cleanup());
    const flushed = () => new Promise((r) => setTimeout(r, 1_200));

    it('stores every address in one flush and counts the other instances after it', async () => {
      const db = t.ctx.db;
      const now = new Date();
      const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
      // Many addresses at once: more than one flush batch.
      for (let k = 0; k < 1_200; k++) hitBufferedRateLimit(db, `test:${k}`, 60, 60, now);
      for (let k = 0; k < 2; k++) hitBufferedRateLimit(db, 'test:0', 60, 60, now);
      const stored = () =>
        db.kysely
          .selectFrom('rate_limits')
          .select(['bucket', 'count'])
          .where('bucket', 'like', 'test:%')
          .where('window_start', '=', windowStart)
          .execute();
      // The flush runs a second after the first hit; on PostgreSQL its 1,200 statements take a while.
      let rows = await stored();
      for (let waited = 0; rows.length < 1_200 && waited < 20; waited++) {
        await flushed();
        rows = await stored();
      }
      assert.equal(rows.length, 1_200);
      assert.equal(Number(rows.find((r) => r.bucket === 'test:0')?.count), 3);
      assert.ok(rows.every((r) => r.bucket === 'test:0' || Number(r.count) === 1));

      // Another instance's hits on the same address count once this instance has flushed again.
      await addHits(db.kysely, 'test:1', windowStart, 58);
      assert.equal(hitBufferedRateLimit(db, 'test:1', 60, 60, now).allowed, true);
      await flushed();
      await flushed();
      const decision = hitBufferedRateLimit(db, 'test:1', 60, 60, now);
      assert.equal(decision.count, 61);
      assert.equal(decision.allowed, false);
    });
  });
}
