import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sm3Hex } from '../../src/crypto/sm.js';
import { migrateDown, migrateToLatest } from '../../src/db/migrate.js';
import { canonicalJson } from '../../src/shared/json.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeUnit } from '../support/factories.js';
import { publishItem } from '../support/publishing.js';

const MIGRATION = '2026_12_07_1201_universal_scope_set';

for (const dialect of testDialects()) {
  describe(`[${dialect}] migration ${MIGRATION}`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestContext(dialect);
    });
    after(async () => {
      await t.cleanup();
    });

    const stored = async (itemId: string) => {
      const db = t.ctx.db.kysely;
      const version = await db
        .selectFrom('item_versions')
        .select(['content', 'content_hash'])
        .where('item_id', '=', itemId)
        .executeTakeFirstOrThrow();
      const publication = await db
        .selectFrom('publications')
        .select('content_hash')
        .where('item_id', '=', itemId)
        .executeTakeFirstOrThrow();
      return {
        content: JSON.parse(version.content),
        hash: version.content_hash,
        text: version.content,
        published: publication.content_hash,
      };
    };

    it('turns one stored 通办范围 code into a set, and keeps each version and its publication hashing alike (both directions)', async () => {
      const unit = await makeUnit(t.ctx);
      const item = await publishItem(t.ctx, unit.id, { ext: { universalScope: ['3'] } });
      const undone: string[] = [];
      while (!undone.includes(MIGRATION)) undone.push(...(await migrateDown(t.ctx.db)));
      const old = await stored(item.id);
      assert.equal(old.content.ext.universalScope, '3');
      assert.equal(old.hash, sm3Hex(old.text));
      assert.equal(old.published, old.hash);
      await migrateToLatest(t.ctx.db);
      const now = await stored(item.id);
      assert.deepEqual(now.content.ext.universalScope, ['3']);
      assert.equal(now.text, canonicalJson(now.content));
      assert.equal(now.hash, sm3Hex(now.text));
      assert.equal(now.published, now.hash);
    });
  });
}
