import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { buildApp, type App } from '../../src/http/app.js';
import { backfillPublicDocuments, rebuildPublicDocuments } from '../../src/publishing/public-documents.repository.js';
import { STAMP_TTL_MS } from '../../src/publishing/publication-clock.js';
import { recordLegalEvent } from '../../src/legal/legal-event.service.js';
import { createDocument, updateDocument } from '../../src/legal/legal.service.js';
import { updateUnit } from '../../src/units/unit.service.js';
import { lawBody } from '../legal/support.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeUnit } from '../support/factories.js';
import { cancelItem, publishItem, type PublishedItem } from '../support/publishing.js';

/**
 * The read model every public surface reads (public_items, public_item_themes, public_counts): written by
 * each publication, rebuilt in batches for existing databases (boot backfill, `reindex`) to exactly what
 * publications wrote, and following a unit's change without a publication.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] public read model`, () => {
    let t: TestContext;
    let app: App;
    let unit: string;
    const items: PublishedItem[] = [];
    const get = (url: string) => app.inject({ method: 'GET', url });
    const snapshot = async () => ({
      items: await t.ctx.db.kysely.selectFrom('public_items').selectAll().orderBy('item_id').execute(),
      themes: await t.ctx.db.kysely
        .selectFrom('public_item_themes')
        .selectAll()
        .orderBy('item_id')
        .orderBy('audience')
        .orderBy('theme')
        .execute(),
      counts: (
        await t.ctx.db.kysely
          .selectFrom('public_counts')
          .selectAll()
          .where('n', '>', 0)
          .orderBy('dim')
          .orderBy('key')
          .execute()
      ).map((c) => ({ ...c, n: Number(c.n) })),
    });

    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      unit = (await makeUnit(t.ctx, { name: '测试市场监督管理局' })).id;
      items.push(
        await publishItem(t.ctx, unit, {
          name: '食品经营许可',
          serviceObjects: ['2'],
          ext: { corporateThemes: ['准营准办'] },
        }),
      );
      items.push(
        await publishItem(t.ctx, unit, {
          name: '个体工商户登记',
          type: '07',
          serviceObjects: ['1', '5'],
          ext: { personThemes: ['就业创业'], corporateThemes: ['准营准办'] },
        }),
      );
      const gone = await publishItem(t.ctx, unit, { name: '已取消的事项', serviceObjects: ['1'] });
      await cancelItem(t.ctx, gone.id);
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('publications maintain rows and counters; a rebuild from the published versions writes exactly the same', async () => {
      const written = await snapshot();
      assert.equal(written.items.length, 2, 'the cancelled item has no row');
      assert.deepEqual(
        written.counts.filter((c) => c.dim !== 'unit'),
        [
          { dim: 'all', key: '', n: 2 },
          { dim: 'theme:corporate', key: '准营准办', n: 2 },
          { dim: 'theme:person', key: '就业创业', n: 1 },
          { dim: 'type', key: '01', n: 1 },
          { dim: 'type', key: '07', n: 1 },
        ],
      );
      const body = (await get(`/api/public/v1/items/${items[0]!.code}`)).body;

      // An upgraded database: the read model is empty until the boot backfill writes it.
      await t.ctx.db.kysely.deleteFrom('public_items').execute();
      await t.ctx.db.kysely.deleteFrom('public_item_themes').execute();
      await t.ctx.db.kysely.deleteFrom('public_counts').execute();
      assert.equal(await backfillPublicDocuments(t.ctx), 2);
      assert.deepEqual(await snapshot(), written);
      assert.equal(await backfillPublicDocuments(t.ctx), 0, 'only when empty');
      assert.deepEqual(await rebuildPublicDocuments(t.ctx, { batch: 1 }), { written: 2, removed: 0 });
      assert.deepEqual(await snapshot(), written, 'idempotent, in batches of any size');
      assert.equal((await get(`/api/public/v1/items/${items[0]!.code}`)).body, body);
    });

    it('a unit renamed after publication: lists sort by the new name and documents show it without a publication', async () => {
      const row = await t.ctx.db.kysely
        .selectFrom('units')
        .selectAll()
        .where('id', '=', unit)
        .executeTakeFirstOrThrow();
      t.clock.advance(60_000);
      await updateUnit({ app: t.ctx, actor: SYSTEM_ACTOR, meta: {} }, unit, {
        version: row.lock_version,
        name: '测试市场监督管理局（更名）',
        uscc: row.uscc,
        nature: row.nature as '1',
        regionCode: row.region_code,
        website: 'https://scjg.example.gov.cn/',
      });
      await new Promise((resolve) => setTimeout(resolve, STAMP_TTL_MS + 5));
      const item = (await get(`/api/public/v1/items/${items[0]!.code}`)).json();
      assert.equal(item.unit.name, '测试市场监督管理局（更名）');
      assert.equal(item.unit.website, 'https://scjg.example.gov.cn/');
      const list = (await get('/api/public/v1/items')).json();
      assert.deepEqual(
        list.items.map((i: { unit: { name: string } }) => i.unit.name),
        ['测试市场监督管理局（更名）', '测试市场监督管理局（更名）'],
      );
      assert.match((await get(`/items/${items[1]!.code}`)).body, /测试市场监督管理局（更名）/);
    });

    it('a repealed 设定依据: the notice is kept in the read model by the legal event and register edits, and a rebuild writes the same', async () => {
      const uc = { app: t.ctx, actor: SYSTEM_ACTOR, meta: {} };
      await createDocument(uc, lawBody('law-read-model', '中华人民共和国读模型测试法') as never);
      const cited = await publishItem(t.ctx, unit, {
        name: '读模型测试事项',
        setBasis: [{ docId: 'law-read-model', title: '《中华人民共和国读模型测试法》', article: '第十条' }],
      });
      const notice = async () =>
        (
          await t.ctx.db.kysely
            .selectFrom('public_items')
            .select('basis_notice')
            .where('item_id', '=', cited.id)
            .executeTakeFirstOrThrow()
        ).basis_notice;
      assert.equal(await notice(), null);

      await recordLegalEvent(uc, { docId: 'law-read-model', kind: 'repealed', effectiveOn: '2026-03-02' });
      assert.equal(await notice(), '设定依据《中华人民共和国读模型测试法》已于 2026-03-02 废止，事项正在调整中');
      assert.equal(
        (await get(`/api/public/v1/items/${cited.code}`)).json().basisNotice,
        '设定依据《中华人民共和国读模型测试法》已于 2026-03-02 废止，事项正在调整中',
      );

      // An edit of the register's date of repeal reaches the notice without a publication.
      const doc = await t.ctx.db.kysely
        .selectFrom('legal_documents')
        .selectAll()
        .where('id', '=', 'law-read-model')
        .executeTakeFirstOrThrow();
      await updateDocument(uc, 'law-read-model', {
        ...lawBody('law-read-model', '中华人民共和国读模型测试法'),
        id: undefined,
        version: doc.lock_version,
        repealedOn: '2026-03-01',
      } as never);
      assert.equal(await notice(), '设定依据《中华人民共和国读模型测试法》已于 2026-03-01 废止，事项正在调整中');
      await rebuildPublicDocuments(t.ctx);
      assert.equal(await notice(), '设定依据《中华人民共和国读模型测试法》已于 2026-03-01 废止，事项正在调整中');
      assert.equal(
        (
          await t.ctx.db.kysely
            .selectFrom('public_items')
            .select('item_id')
            .where('basis_notice', 'is not', null)
            .execute()
        ).length,
        1,
        'only the citing item',
      );
    });
  });
}
