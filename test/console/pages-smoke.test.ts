import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { can, type Action } from '../../src/auth/policy.js';
import { ALL_ROLES, UNIT_ROLES, type Role } from '../../src/auth/roles.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';

/**
 * Every console page, for every role that may open it, renders (no 5xx) with real objects in every
 * workflow state: a net under the server-rendered UI that the API tests do not cover.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] console pages render for every role`, () => {
    let t: TestContext;
    let app: App;
    const clients = new Map<Role, Client>();
    const ids: Record<string, string> = {};

    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      const unit = await makeUnit(t.ctx);
      ids.unit = unit.id;
      for (const role of ALL_ROLES)
        clients.set(
          role,
          await signedIn(
            app,
            await makeAccount(t.ctx, [role], UNIT_ROLES.includes(role) ? unit.id : null),
            t.clock,
            `10.6.0.${clients.size + 1}`,
          ),
        );
      const clerk = clients.get('unit_clerk')!;
      const verifier = clients.get('verifier')!;
      const publisher = clients.get('publisher')!;
      const mk = async (code: string) =>
        (
          await clerk.post('/api/v1/items', { granularity: 'main', content: licenceContent({ catalogCode: code }) })
        ).json().id as string;
      ids.draft = await mk('000117061000');
      ids.returned = await mk('000117062000');
      await clerk.post(`/api/v1/items/${ids.returned}/submit`, { attestation: true });
      await verifier.post(`/api/v1/items/${ids.returned}/return`, {
        comment: '请修改',
        fieldComments: [{ path: 'content.materials.0.name', comment: '名称不规范' }],
      });
      ids.published = await mk('000117063000');
      await clerk.post(`/api/v1/items/${ids.published}/submit`, { attestation: true });
      await verifier.post(`/api/v1/items/${ids.published}/verify`, {});
      await publisher.post(`/api/v1/items/${ids.published}/publish`, {});
      const cr = await clerk.post('/api/v1/changes', {
        kind: 'change',
        itemId: ids.published,
        ground: 'art18.1',
        groundArisenOn: '2026-03-01',
      });
      ids.change = cr.json().id;
      await clerk.post(`/api/v1/items/${ids.published}/submit`, { attestation: true });
      ids.item = ids.published;
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it("录入事项: a clerk picks the parent by name from the unit's own items and creates a 子项 under it", async () => {
      const clerk = clients.get('unit_clerk')!;
      const page = await clerk.get('/console/items/new');
      assert.equal(page.statusCode, 200);
      // A select showing names and codes: the item id is never what the clerk reads (no datalist of UUIDs).
      assert.match(page.body, /<select id="parentId" name="parentId"/);
      assert.doesNotMatch(page.body, /<datalist id="parent-items">/);
      assert.match(page.body, new RegExp(`<option value="${ids.draft}">[^<]*（主项，`));
      const created = await clerk.form('/console/items/new', {
        granularity: 'sub',
        parentId: ids.draft!,
        'content[name]': '测试子项',
        'content[catalogCode]': '000117069000',
        'content[type]': '01',
        'content[useLevels][]': '4',
      });
      assert.equal(created.statusCode, 303, created.body.slice(0, 2000));
      const id = /\/console\/items\/([0-9a-f-]+)\/edit/.exec(String(created.headers.location))![1]!;
      const row = await t.ctx.db.kysely
        .selectFrom('items')
        .select(['parent_id', 'granularity'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { parent_id: ids.draft, granularity: 'sub' });
      const central = await clients.get('verifier')!.get('/console/items/new');
      assert.equal(central.statusCode, 403, 'the centre does not enter items');
    });

    it('no console GET page answers 5xx for any role', async () => {
      const failures: string[] = [];
      const pages = app.routeTable.filter(
        (r) => r.method === 'GET' && r.url.startsWith('/console') && r.access && r.access !== 'public',
      );
      for (const r of pages) {
        for (const role of ALL_ROLES) {
          if (
            r.access !== 'session' &&
            !can({ kind: 'user', id: 'x', name: 'x', roles: [role], unitId: null }, r.access as Action)
          )
            continue;
          for (const id of r.url.includes(':id')
            ? [ids.draft, ids.returned, ids.published, ids.change, ids.unit]
            : [undefined]) {
            const url = r.url.replace(':id', id ?? '');
            const res = await clients.get(role)!.get(url);
            if (res.statusCode >= 500) failures.push(`${role} GET ${url} → ${res.statusCode}`);
            // Instants are shown in China time (chinaTime); an ISO instant in the text is one that was not converted.
            const text = res.body.replace(/<[^>]*>/g, ' ');
            const iso = /\d{4}-\d\d-\d\dT\d\d:\d\d[^\s<]*/.exec(text);
            if (iso) failures.push(`${role} GET ${url} shows ${iso[0]}`);
          }
        }
      }
      assert.deepEqual(failures, []);
    });

    it("退回意见 lists only the return's comments, not the clerk's own submission note", async () => {
      const unit = await makeUnit(t.ctx, { unit_review_enabled: 1 });
      const clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, '10.6.1.1');
      const reviewer = await signedIn(app, await makeAccount(t.ctx, ['unit_reviewer'], unit.id), t.clock, '10.6.1.2');
      const id = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: '000117064000' }),
        })
      ).json().id as string;
      assert.equal(
        (await clerk.post(`/api/v1/items/${id}/submit`, { comment: '已按意见修改', attestation: true })).json()
          .workflowState,
        'unit_review',
      );
      const back = await reviewer.post(`/api/v1/items/${id}/unit-return`, {
        fieldComments: [{ path: 'content.materials.0.name', comment: '名称不规范' }],
      });
      assert.equal(back.json().workflowState, 'returned', back.body);
      for (const url of [`/console/items/${id}`, `/console/items/${id}/edit`]) {
        const page = await clerk.get(url);
        assert.match(page.body, /名称不规范/, url);
        assert.doesNotMatch(page.body, /已按意见修改/, `${url}: the clerk's own submission note is not a 退回意见`);
      }
    });

    it('where the unit has 单位审核 on, 提交 says 提交单位审核, and the edit page says the 单位负责人 returned it', async () => {
      const unit = await makeUnit(t.ctx, { unit_review_enabled: 1 });
      const clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, '10.6.1.3');
      const reviewer = await signedIn(app, await makeAccount(t.ctx, ['unit_reviewer'], unit.id), t.clock, '10.6.1.4');
      const id = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: '000117065000' }),
        })
      ).json().id as string;
      const detail = await clerk.get(`/console/items/${id}`);
      assert.match(detail.body, /act\/submit">提交单位审核</);
      const confirm = await clerk.get(`/console/items/${id}/act/submit`);
      assert.match(confirm.body, /确认提交单位审核/);
      assert.doesNotMatch(confirm.body, /提交核验/);
      await clerk.post(`/api/v1/items/${id}/submit`, { attestation: true });
      await reviewer.post(`/api/v1/items/${id}/unit-return`, {
        fieldComments: [{ path: 'content.materials.0.name', comment: '名称不规范' }],
      });
      const edit = await clerk.get(`/console/items/${id}/edit`);
      assert.match(edit.body, /单位负责人针对具体要素的意见已标注在相应字段旁/);
      const central = await clients.get('unit_clerk')!.get(`/console/items/${ids.draft}`);
      assert.match(central.body, /act\/submit">提交核验</, 'without 单位审核 the clerk submits for 核验');
    });

    it("the clerk sees the returned item's field comment next to the field, and the verifier sees the diff on the confirmation page", async () => {
      const edit = await clients.get('unit_clerk')!.get(`/console/items/${ids.returned}/edit`);
      assert.match(edit.body, /退回意见（[^）]*）：名称不规范/);
      const confirm = await clients.get('verifier')!.get(`/console/items/${ids.published}/act/verify`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /与已发布版本（第 1 版）的差异/);
    });
  });
}
