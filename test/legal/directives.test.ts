import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { district, publishedItem, tableCounts } from './support.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] upper-level directives → obligations`, () => {
    let t: TestContext;
    let app: App;
    let d: Awaited<ReturnType<typeof district>>;

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2024-03-04T02:00:00.000Z');
      app = await buildApp(t.ctx);
      d = await district(t, app, 3, '10.34.0');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    const directive = (kind: string, codes: string[], extra: Record<string, unknown> = {}) => ({
      level: 'province',
      kind,
      docNo: '晋政发〔2024〕5号',
      title: '山西省人民政府关于取消和下放一批行政许可事项的决定',
      issuedOn: '2024-03-01',
      effectiveOn: '2024-03-04',
      codes,
      ...extra,
    });

    it('cancel → 16(二) for every unit implementing the code; adjust → 18(二) or 18(一); preview writes nothing', async () => {
      const { units, verifier, publisher, supervisor } = d;
      const a = await publishedItem(units[0]!.clerk, verifier, publisher, { catalogCode: 'DIR000000001' });
      const b = await publishedItem(units[1]!.clerk, verifier, publisher, { catalogCode: 'DIR000000001' });
      const c = await publishedItem(units[2]!.clerk, verifier, publisher, { catalogCode: 'DIR000000002' });
      const before = await tableCounts(t);
      const preview = await verifier.post('/api/v1/directives/preview', directive('cancel', ['DIR000000001']));
      assert.equal(preview.statusCode, 200, preview.body);
      assert.deepEqual(await tableCounts(t), before);
      assert.deepEqual(
        preview
          .json()
          .obligations.map((o: { itemId: string }) => o.itemId)
          .sort(),
        [a.id, b.id].sort(),
      );
      assert.equal(preview.json().dueOn, '2024-03-07');

      const cancel = await verifier.post('/api/v1/directives', directive('cancel', ['DIR000000001']));
      assert.equal(cancel.statusCode, 201, cancel.body);
      const list = (await supervisor.get(`/api/v1/obligations?sourceId=${cancel.json().directive.id}`)).json()
        .obligations;
      assert.deepEqual(
        list
          .map((o: { itemId: string; kind: string; ground: string; dueOn: string }) => [
            o.itemId,
            o.kind,
            o.ground,
            o.dueOn,
          ])
          .sort(),
        [
          [a.id, 'cancel', 'art16.2', '2024-03-07'],
          [b.id, 'cancel', 'art16.2', '2024-03-07'],
        ].sort(),
      );
      // Recording the same decision again (a double submission) is refused and opens nothing.
      const again = await verifier.post('/api/v1/directives', directive('cancel', ['DIR000000001']));
      assert.deepEqual(
        [again.statusCode, again.json().error.code, again.json().error.issues[0].path],
        [409, 'DUPLICATE', 'docNo'],
      );
      assert.equal((await supervisor.get(`/api/v1/obligations?sourceType=directive`)).json().obligations.length, 2);
      // A mistyped code is reported by the preview, and a decision cannot take effect before it was issued.
      const typo = (await verifier.post('/api/v1/directives/preview', directive('adjust', ['DIR00000000X']))).json();
      assert.deepEqual(
        typo.skipped.map((x: { catalogCode: string; reason: string }) => [x.catalogCode, x.reason]),
        [['DIR00000000X', '基本目录中没有此编码，也没有事项使用它：请核对']],
      );
      const early = await verifier.post(
        '/api/v1/directives/preview',
        directive('adjust', ['DIR000000002'], { issuedOn: '2024-03-04', effectiveOn: '2024-03-01' }),
      );
      assert.deepEqual([early.statusCode, early.json().error.issues[0].path], [400, 'effectiveOn']);
      const cr = await units[0]!.clerk.post(
        `/api/v1/obligations/${list.find((o: { itemId: string }) => o.itemId === a.id).id}/change`,
        {},
      );
      assert.deepEqual([cr.statusCode, cr.json().groundDocument.docNo], [201, '晋政发〔2024〕5号']);

      const adjust = await verifier.post(
        '/api/v1/directives',
        directive('adjust', ['DIR000000002'], { adjustGround: 'art18.1' }),
      );
      const adjusted = (await supervisor.get(`/api/v1/obligations?sourceId=${adjust.json().directive.id}`)).json()
        .obligations;
      assert.deepEqual(
        adjusted.map((o: { itemId: string; kind: string; ground: string }) => [o.itemId, o.kind, o.ground]),
        [[c.id, 'change', 'art18.1']],
      );
      assert.equal(
        (
          await verifier.post('/api/v1/directives', directive('cancel', ['DIR000000002'], { unitIds: [units[0]!.id] }))
        ).json().error.issues[0].path,
        'unitIds',
      );
    });

    it('delegate → 17(二) add obligations for the units the centre picks (skipping units that already implement the code); the new item is claimed from the catalogue', async () => {
      const { units, verifier, supervisor } = d;
      const put = await verifier.put('/api/v1/catalogue/DIR000000009', {
        catalogCode: 'DIR000000009',
        name: '下放测试许可',
        type: '01',
        setBasis: [{ title: '《下放测试法》', article: '第五条' }],
        useLevels: ['3', '4'],
        sourceLevel: '2',
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(
        (await verifier.post('/api/v1/directives', directive('delegate', ['DIR000000009']))).json().error.issues[0]
          .path,
        'unitIds',
      );
      const res = await verifier.post(
        '/api/v1/directives',
        directive('delegate', ['DIR000000009', 'DIR000000002'], { unitIds: [units[1]!.id, units[2]!.id] }),
      );
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(
        res.json().impact.skipped.map((s: { catalogCode: string }) => s.catalogCode),
        ['DIR000000002'],
        'unit 2 already implements DIR000000002',
      );
      const list = (await supervisor.get(`/api/v1/obligations?sourceId=${res.json().directive.id}`)).json().obligations;
      assert.deepEqual(
        list
          .map((o: { unitId: string; catalogCode: string; kind: string; ground: string; itemId: null }) => [
            o.unitId,
            o.catalogCode,
            o.kind,
            o.ground,
            o.itemId,
          ])
          .sort(),
        [
          [units[1]!.id, 'DIR000000002', 'add', 'art17.2', null],
          [units[1]!.id, 'DIR000000009', 'add', 'art17.2', null],
          [units[2]!.id, 'DIR000000009', 'add', 'art17.2', null],
        ].sort(),
      );
      const mine = list.find((o: { unitId: string; catalogCode: string }) => o.unitId === units[2]!.id);
      const cr = await units[2]!.clerk.post(`/api/v1/obligations/${mine.id}/change`, {});
      assert.equal(cr.statusCode, 201, cr.body);
      const item = (await units[2]!.clerk.get(`/api/v1/items/${cr.json().itemId}`)).json();
      assert.deepEqual(
        [item.origin, item.content.name, item.content.catalogCode],
        ['claimed', '下放测试许可', 'DIR000000009'],
      );
    });
  });
}
