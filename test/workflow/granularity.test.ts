import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { App } from '../../src/http/app.js';
import type { Client } from '../support/client.js';
import { testDialects, type TestContext } from '../support/context.js';
import { licenceContent } from '../support/factories.js';
import { freshCode, oneUnitDistrict, passWorkflow, publishedItem } from '../support/workflow.js';

type Lineage = { itemId: string; role: string };

for (const dialect of testDialects()) {
  describe(`[${dialect}] 合并/拆分 keep granularity: codes derived from the parent`, () => {
    const fixture = oneUnitDistrict({ dialect, now: '2026-03-03T02:00:00.000Z', ipBase: '10.13.1' });
    let t: TestContext;
    let app: App;
    let clerk: Client;
    let verifier: Client;
    let publisher: Client;
    before(() => void ({ t, app, clerk, verifier, publisher } = fixture));

    const item = async (id: string) =>
      t.ctx.db.kysely.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    /** A published 业务办理项 under `parentId`, its codes left to the system. */
    async function handling(parentId: string, catalogCode: string, name: string): Promise<string> {
      const res = await clerk.post('/api/v1/items', {
        granularity: 'handling',
        parentId,
        content: licenceContent({ catalogCode, name }),
      });
      assert.equal(res.statusCode, 201, res.body);
      await passWorkflow(res.json().id, clerk, verifier, publisher);
      return res.json().id;
    }
    const lineage = (cr: { lineage: Lineage[] }, role: string) =>
      cr.lineage.filter((l) => l.role === role).map((l) => l.itemId);

    it("a 业务办理项 takes its parent's 实施编码 and the next 2-digit 业务办理项编码", async () => {
      const code = freshCode();
      const main = await publishedItem(clerk, verifier, publisher, { catalogCode: code, name: '取水许可' });
      const h1 = await item(await handling(main.id, code, '取水许可（变更）'));
      const h2 = await item(await handling(main.id, code, '取水许可（延续）'));
      assert.equal(h1.task_code, main.taskCode);
      assert.deepEqual([h1.handling_code, h2.handling_code], [`${main.taskCode}01`, `${main.taskCode}02`]);
      const wrong = await clerk.post('/api/v1/items', {
        granularity: 'handling',
        parentId: main.id,
        content: licenceContent({ catalogCode: freshCode(), name: '取水许可（注销）' }),
      });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /业务办理项的基本编码应与上级事项相同/);
    });

    it('merges two 业务办理项 of one 主项 into one under the same 主项 (no new 基本编码 needed)', async () => {
      const code = freshCode();
      const main = await publishedItem(clerk, verifier, publisher, { catalogCode: code, name: '取水许可' });
      const a = await handling(main.id, code, '取水许可（变更取水量）');
      const b = await handling(main.id, code, '取水许可（变更取水地点）');
      const res = await clerk.post('/api/v1/changes', {
        kind: 'merge',
        sourceItemIds: [a, b],
        ground: 'art18.2',
        groundArisenOn: '2026-03-02',
        newItems: [
          {
            granularity: 'handling',
            parentId: main.id,
            content: licenceContent({ catalogCode: code, name: '取水许可（变更）' }),
          },
        ],
      });
      assert.equal(res.statusCode, 201, res.body);
      const [target] = lineage(res.json(), 'target');
      const merged = await item(target!);
      assert.deepEqual(
        [merged.granularity, merged.parent_id, merged.task_code, merged.handling_code],
        ['handling', main.id, main.taskCode, `${main.taskCode}03`],
      );
      for (const id of [a, b, target!]) await passWorkflow(id, clerk, verifier, publisher);
      assert.deepEqual(
        [(await item(a)).life_state, (await item(b)).life_state, merged.id && (await item(target!)).life_state],
        ['cancelled', 'cancelled', 'active'],
      );
      // The merged-away 业务办理项's public address names the successor.
      const gone = await app.inject({ method: 'GET', url: `/api/public/v1/items/${main.taskCode}-${main.taskCode}01` });
      assert.equal(gone.statusCode, 410, gone.body);
      assert.deepEqual(
        gone.json().error.details.successors.map((s: { code: string }) => s.code),
        [`${main.taskCode}-${main.taskCode}03`],
      );
    });

    it('merges two 业务办理项 into their 主项 itself: the 主项 gets a 变更 and stays', async () => {
      const code = freshCode();
      const main = await publishedItem(clerk, verifier, publisher, { catalogCode: code, name: '取水许可' });
      const a = await handling(main.id, code, '取水许可（变更）');
      const b = await handling(main.id, code, '取水许可（延续）');
      const res = await clerk.post('/api/v1/changes', {
        kind: 'merge',
        sourceItemIds: [a, b],
        mergeIntoId: main.id,
        ground: 'art18.2',
        groundArisenOn: '2026-03-02',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(lineage(res.json(), 'target'), [main.id]);
      for (const id of [a, b, main.id]) await passWorkflow(id, clerk, verifier, publisher);
      const kinds = await t.ctx.db.kysely
        .selectFrom('publications')
        .select(['item_id', 'kind'])
        .where('change_request_id', '=', res.json().id)
        .execute();
      assert.deepEqual(Object.fromEntries(kinds.map((k) => [k.item_id, k.kind])), {
        [a]: 'cancel',
        [b]: 'cancel',
        [main.id]: 'change',
      });
      assert.equal((await clerk.get(`/api/v1/changes/${res.json().id}`)).json().status, 'completed');
      const self = await clerk.post('/api/v1/changes', {
        kind: 'merge',
        sourceItemIds: [main.id, a],
        mergeIntoId: main.id,
        ground: 'art18.2',
        groundArisenOn: '2026-03-02',
      });
      assert.equal(self.statusCode, 400);
    });

    it('splits a 子项 into 业务办理项 under it: the 子项 stays in use as their parent', async () => {
      const mainCode = freshCode();
      const subCode = freshCode();
      const main = await publishedItem(clerk, verifier, publisher, { catalogCode: mainCode, name: '建设工程规划许可' });
      const created = await clerk.post('/api/v1/items', {
        granularity: 'sub',
        parentId: main.id,
        content: licenceContent({ catalogCode: subCode, name: '建设工程规划许可（房屋建筑）' }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const sub = created.json();
      await passWorkflow(sub.id, clerk, verifier, publisher);
      const res = await clerk.post('/api/v1/changes', {
        kind: 'split',
        sourceItemIds: [sub.id],
        ground: 'art18.2',
        groundArisenOn: '2026-03-02',
        newItems: ['新办', '变更'].map((s) => ({
          granularity: 'handling',
          parentId: sub.id,
          content: licenceContent({ catalogCode: subCode, name: `建设工程规划许可（房屋建筑）（${s}）` }),
        })),
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(lineage(res.json(), 'parent'), [sub.id]);
      const targets = lineage(res.json(), 'target');
      const rows = (await Promise.all(targets.map(item))).sort((x, y) =>
        x.handling_code.localeCompare(y.handling_code),
      );
      assert.deepEqual(
        rows.map((r) => [r.parent_id, r.task_code, r.handling_code]),
        [
          [sub.id, sub.taskCode, `${sub.taskCode}01`],
          [sub.id, sub.taskCode, `${sub.taskCode}02`],
        ],
      );
      assert.equal((await item(sub.id)).draft_version_id, null, 'the 子项 is not retired');
      for (const id of targets) await passWorkflow(id, clerk, verifier, publisher);
      assert.equal((await item(sub.id)).life_state, 'active');
      assert.equal((await clerk.get(`/api/v1/changes/${res.json().id}`)).json().status, 'completed');
    });
  });
}
