import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import { freshCode, passWorkflow } from '../support/workflow.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] Art. 18(三): a unit merger moves its items with history and deadlines`, () => {
    let t: TestContext;
    let app: App;
    let oldClerk: Client;
    let newClerk: Client;
    let verifier: Client;
    let publisher: Client;
    let oldUnit: { id: string; name: string; uscc: string };
    let newUnit: { id: string; name: string; uscc: string };

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-03-03T02:00:00.000Z');
      app = await buildApp(t.ctx);
      oldUnit = await makeUnit(t.ctx);
      newUnit = await makeUnit(t.ctx);
      oldClerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], oldUnit.id), t.clock, '10.13.4.1');
      newClerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], newUnit.id), t.clock, '10.13.4.2');
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.13.4.3');
      publisher = await signedIn(app, await makeAccount(t.ctx, ['publisher']), t.clock, '10.13.4.4');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('merges a unit into another: 划转 per item (cancel + successor under the new USCC), 3-working-day deadline, old URL → successor, accounts listed', async () => {
      const code = freshCode();
      const main = (
        await oldClerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: code, name: '取水许可' }),
        })
      ).json();
      await passWorkflow(main.id, oldClerk, verifier, publisher);
      const handling = (
        await oldClerk.post('/api/v1/items', {
          granularity: 'handling',
          parentId: main.id,
          content: licenceContent({ catalogCode: code, name: '取水许可（延续）' }),
        })
      ).json();
      await passWorkflow(handling.id, oldClerk, verifier, publisher);
      const draft = (
        await oldClerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode(), name: '未发布事项' }),
        })
      ).json();

      assert.equal(
        (
          await oldClerk.post('/api/v1/units/reorganisations', {
            kind: 'merge',
            sourceUnitIds: [oldUnit.id],
            targetUnitId: newUnit.id,
            eventDate: '2026-03-02',
          })
        ).statusCode,
        403,
        'units do not reorganise themselves',
      );
      const res = await verifier.post('/api/v1/units/reorganisations', {
        kind: 'merge',
        sourceUnitIds: [oldUnit.id],
        targetUnitId: newUnit.id,
        eventDate: '2026-03-02',
        explanation: '机构改革，职能并入',
        groundDocument: { docNo: '平编发〔2026〕1号' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const r = res.json();
      assert.deepEqual(
        r.accounts.map((a: { unitId: string }) => a.unitId),
        [oldUnit.id],
        "the old unit's clerk is listed for reassignment",
      );
      const byItem = Object.fromEntries(r.moves.map((m: { itemId: string }) => [m.itemId, m]));
      assert.equal(byItem[draft.id].changeRequestId, null, 'a never-published item just moves');
      for (const id of [main.id, handling.id]) {
        assert.equal(byItem[id].dueOn, '2026-03-05', '3 working days from the event date');
        assert.ok(byItem[id].successorId);
      }
      const items = await t.ctx.db.kysely.selectFrom('items').selectAll().where('unit_id', '=', newUnit.id).execute();
      const successor = items.find((i) => i.id === byItem[main.id].successorId)!;
      const successorHandling = items.find((i) => i.id === byItem[handling.id].successorId)!;
      assert.ok(successor.task_code.startsWith(newUnit.uscc), 'the successor is coded under the new unit');
      assert.equal(successorHandling.parent_id, successor.id);
      assert.equal(successorHandling.handling_code, `${successor.task_code}01`);
      assert.ok(items.find((i) => i.id === draft.id)!.task_code.startsWith(newUnit.uscc));
      const unit = await t.ctx.db.kysely
        .selectFrom('units')
        .select(['active', 'successor_unit_id'])
        .where('id', '=', oldUnit.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual([unit.active, unit.successor_unit_id], [0, newUnit.id]);
      const cr = (await newClerk.get(`/api/v1/changes/${byItem[main.id].changeRequestId}`)).json();
      assert.deepEqual(
        [cr.kind, cr.ground, cr.unitId, cr.groundArisenOn],
        ['transfer', 'art18.3', newUnit.id, '2026-03-02'],
      );

      // The new unit's clerk carries both halves through; the old item keeps its versions, its address names the successor.
      for (const id of [main.id, handling.id, successor.id, successorHandling.id])
        await passWorkflow(id, newClerk, verifier, publisher);
      assert.equal(
        (await newClerk.get(`/api/v1/items/${main.id}/versions`)).json().versions.length,
        2,
        'history kept on the old item',
      );
      const gone = await app.inject({ method: 'GET', url: `/api/public/v1/items/${main.taskCode}` });
      assert.equal(gone.statusCode, 410, gone.body);
      assert.deepEqual(
        gone.json().error.details.successors.map((s: { code: string }) => s.code),
        [successor.task_code],
      );
      assert.equal(
        (await app.inject({ method: 'GET', url: `/api/public/v1/items/${successor.task_code}` })).statusCode,
        200,
      );
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'unit.reorganised')
        .execute();
      assert.equal(audit.length, 1);

      // The ceased unit's public addresses lead to its successor: the portal redirects, the public API answers 410 naming it.
      for (const ref of [oldUnit.id, oldUnit.uscc]) {
        const page = await app.inject({ method: 'GET', url: `/units/${ref}` });
        assert.equal(page.statusCode, 301, page.body);
        assert.equal(page.headers.location, `/units/${newUnit.id}`);
        const api = await app.inject({ method: 'GET', url: `/api/public/v1/units/${ref}` });
        assert.equal(api.statusCode, 410, api.body);
        assert.deepEqual(api.json().error.details, {
          unit: { id: oldUnit.id, name: oldUnit.name },
          successor: {
            id: newUnit.id,
            name: newUnit.name,
            uscc: newUnit.uscc,
            href: `/api/public/v1/units/${newUnit.id}`,
          },
        });
        assert.match(
          api.json().error.message,
          new RegExp(`实施单位「${oldUnit.name}」已撤并，事项由「${newUnit.name}」承接`),
        );
      }
      assert.equal((await app.inject({ method: 'GET', url: `/units/${newUnit.id}` })).statusCode, 200);
      assert.equal((await app.inject({ method: 'GET', url: '/api/public/v1/units/no-such-unit' })).statusCode, 404);

      // The 安全管理员 reassigns the listed account; the list then no longer names it.
      const secadmin = await signedIn(app, await makeAccount(t.ctx, ['secadmin']), t.clock, '10.13.4.5');
      assert.equal(
        (await secadmin.put(`/api/v1/accounts/${r.accounts[0].id}/unit`, { unitId: oldUnit.id })).statusCode,
        400,
        'not to a ceased unit',
      );
      const moved = await secadmin.put(`/api/v1/accounts/${r.accounts[0].id}/unit`, { unitId: newUnit.id });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().unitId, newUnit.id);
      assert.deepEqual((await verifier.get(`/api/v1/units/reorganisations/${r.id}`)).json().accounts, []);
    });

    it('a merger whose re-derived codes clash is refused with every clashing item named, and nothing is written', async () => {
      const [a, b, target] = [await makeUnit(t.ctx), await makeUnit(t.ctx), await makeUnit(t.ctx)];
      const [clerkA, clerkB, clerkT] = [
        await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], a.id), t.clock, '10.13.4.6'),
        await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], b.id), t.clock, '10.13.4.7'),
        await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], target.id), t.clock, '10.13.4.8'),
      ];
      const shared = freshCode();
      const both = freshCode();
      const publish = async (clerk: Client, code: string, name: string) => {
        const item = (
          await clerk.post('/api/v1/items', {
            granularity: 'main',
            content: licenceContent({ catalogCode: code, name }),
          })
        ).json();
        await passWorkflow(item.id, clerk, verifier, publisher);
        return item;
      };
      const fromA = await publish(clerkA, shared, '甲单位的许可');
      const held = await publish(clerkT, shared, '承接单位已有的许可');
      const a2 = await publish(clerkA, both, '两单位共有的许可（甲）');
      const b2 = await publish(clerkB, both, '两单位共有的许可（乙）');
      const cleanB = await publish(clerkB, freshCode(), '乙单位的许可');
      const before = {
        changes: (await t.ctx.db.kysely.selectFrom('change_requests').select('id').execute()).length,
        audit: (await t.ctx.db.kysely.selectFrom('audit_log').select('seq').execute()).length,
      };

      const res = await verifier.post('/api/v1/units/reorganisations', {
        kind: 'merge',
        sourceUnitIds: [a.id, b.id],
        targetUnitId: target.id,
        eventDate: '2026-03-02',
      });
      assert.equal(res.statusCode, 409, res.body);
      const clashes = res.json().error.details.clashes as Array<{
        itemId: string;
        taskCode: string;
        heldBy: { itemId: string };
      }>;
      const byItem = new Map(clashes.map((c) => [c.itemId, c]));
      assert.equal(byItem.get(fromA.id)?.heldBy.itemId, held.id, 'the taking-over unit already holds the code');
      assert.equal(byItem.get(fromA.id)?.taskCode, `${target.uscc}4${shared}`);
      const twin = [a2.id, b2.id].map((id) => byItem.get(id)).filter(Boolean);
      assert.equal(twin.length, 1, 'two merged units with one 基本编码: the second is named against the first');
      assert.ok(!byItem.has(cleanB.id));
      for (const name of ['甲单位的许可', '承接单位已有的许可', '两单位共有的许可'])
        assert.match(res.json().error.message, new RegExp(name));

      const units = await t.ctx.db.kysely
        .selectFrom('units')
        .select(['id', 'active'])
        .where('id', 'in', [a.id, b.id])
        .execute();
      assert.deepEqual(
        units.map((u) => u.active),
        [1, 1],
        'no unit ceased',
      );
      const unitOf = await t.ctx.db.kysely
        .selectFrom('items')
        .select('unit_id')
        .where('id', '=', cleanB.id)
        .executeTakeFirstOrThrow();
      assert.equal(unitOf.unit_id, b.id, 'no item moved');
      assert.equal(
        (await t.ctx.db.kysely.selectFrom('change_requests').select('id').execute()).length,
        before.changes,
        'no adjustment opened',
      );
      assert.equal(
        (await t.ctx.db.kysely.selectFrom('audit_log').select('seq').execute()).length,
        before.audit,
        'nothing audited',
      );
    });

    it('a unit split up ceases without one successor: its portal page and public API answer 410', async () => {
      const [split, heir] = [await makeUnit(t.ctx), await makeUnit(t.ctx)];
      const clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], split.id), t.clock, '10.13.4.9');
      const item = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode(), name: '拆分单位的许可' }),
        })
      ).json();
      await passWorkflow(item.id, clerk, verifier, publisher);
      const res = await verifier.post('/api/v1/units/reorganisations', {
        kind: 'split',
        sourceUnitIds: [split.id],
        assignments: [{ itemId: item.id, unitId: heir.id }],
        eventDate: '2026-03-02',
      });
      assert.equal(res.statusCode, 201, res.body);
      const page = await app.inject({ method: 'GET', url: `/units/${split.id}` });
      assert.equal(page.statusCode, 410);
      assert.match(page.body, /该单位已在机构调整中撤销/);
      const api = await app.inject({ method: 'GET', url: `/api/public/v1/units/${split.id}` });
      assert.equal(api.statusCode, 410, api.body);
      assert.equal(api.json().error.details.successor, null);
    });

    it('renames a unit: each published item gets a 变更 on ground 18(三), codes unchanged', async () => {
      const item = (
        await newClerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode(), name: '更名测试事项' }),
        })
      ).json();
      await passWorkflow(item.id, newClerk, verifier, publisher);
      const res = await verifier.post('/api/v1/units/reorganisations', {
        kind: 'rename',
        sourceUnitIds: [newUnit.id],
        newName: '平鲁区水务局（更名）',
        eventDate: '2026-03-02',
      });
      assert.equal(res.statusCode, 201, res.body);
      const move = res.json().moves.find((m: { itemId: string }) => m.itemId === item.id);
      const cr = (await newClerk.get(`/api/v1/changes/${move.changeRequestId}`)).json();
      assert.deepEqual([cr.kind, cr.ground], ['change', 'art18.3']);
      assert.equal((await newClerk.get(`/api/v1/units/${newUnit.id}`)).json().name, '平鲁区水务局（更名）');
    });
  });
}
