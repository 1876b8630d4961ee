import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import { oneUnitDistrict, publishedItem } from '../support/workflow.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] workflow: entry → verification → publication, and a 变更`, () => {
    let t: TestContext;
    let app: App;
    let clerk: Client;
    let verifier: Client;
    let verifier2: Client;
    let publisher: Client;
    let unitId: string;

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2024-02-08T02:00:00.000Z'); // Thursday before 春节 2024
      app = await buildApp(t.ctx);
      unitId = (await makeUnit(t.ctx)).id;
      clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitId), t.clock, '10.4.0.1');
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.4.0.2');
      verifier2 = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.4.0.3');
      publisher = await signedIn(app, await makeAccount(t.ctx, ['publisher']), t.clock, '10.4.0.4');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    const actions = async (itemId: string) =>
      (
        await t.ctx.db.kysely
          .selectFrom('audit_log')
          .select('action')
          .where('target_id', '=', itemId)
          .orderBy('seq')
          .execute()
      ).map((r) => r.action);
    const publicName = async (taskCode: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/public/v1/items/${taskCode}` });
      return res.statusCode === 200 ? (res.json().content.name as string) : res.statusCode;
    };

    it('walks draft → submitted → returned (field comment) → resubmitted → verified → published, then a 变更 with ground 设定依据调整', async () => {
      const created = (await clerk.post('/api/v1/items', { granularity: 'main', content: licenceContent() })).json();
      const id = created.id as string;
      assert.equal(await publicName(created.taskCode), 404, 'a draft is not public');

      assert.equal(
        (await clerk.post(`/api/v1/items/${id}/submit`, { attestation: true })).json().workflowState,
        'submitted',
      );
      assert.equal(
        (await verifier.post(`/api/v1/items/${id}/publish`, {})).statusCode,
        403,
        'AC-04: a verifier cannot publish',
      );
      assert.equal(
        (await publisher.post(`/api/v1/items/${id}/publish`, {})).statusCode,
        409,
        'AC-04: publish before verification is refused',
      );
      assert.equal((await verifier.post(`/api/v1/items/${id}/return`, {})).statusCode, 400, 'a return needs a comment');
      const returned = await verifier.post(`/api/v1/items/${id}/return`, {
        comment: '请补充材料份数',
        fieldComments: [{ path: 'content.materials.0.paperCopies', comment: '纸质申请书应为2份' }],
      });
      assert.equal(returned.json().workflowState, 'returned');
      const comments = (await clerk.get(`/api/v1/items/${id}/comments`)).json().comments;
      assert.ok(
        comments.some(
          (c: { fieldPath: string | null; comment: string }) =>
            c.fieldPath === 'content.materials.0.paperCopies' && c.comment === '纸质申请书应为2份',
        ),
      );
      const inbox = await t.ctx.db.kysely
        .selectFrom('notifications')
        .selectAll()
        .where('kind', '=', 'returned')
        .execute();
      assert.ok(inbox.length >= 1, 'the clerk is notified of the return');

      const fixed = licenceContent();
      fixed.materials![0]!.paperCopies = 2;
      const saved = (
        await clerk.put(`/api/v1/items/${id}`, { version: returned.json().version, content: fixed })
      ).json();
      assert.equal(saved.workflowState, 'draft', 'the correction is a new version; the returned one stays as it was');
      assert.equal(saved.current.seq, 2);
      assert.equal(
        (await clerk.post(`/api/v1/items/${id}/submit`, { attestation: true })).json().workflowState,
        'submitted',
      );
      assert.equal((await verifier.post(`/api/v1/items/${id}/verify`, {})).json().workflowState, 'verified');
      const published = (await publisher.post(`/api/v1/items/${id}/publish`, {})).json();
      assert.equal(published.workflowState, 'published');
      assert.equal(await publicName(created.taskCode), '食品经营许可（新办）');

      // 变更: the published item can only change through a change request.
      assert.equal(
        (await clerk.put(`/api/v1/items/${id}`, { version: published.version, content: licenceContent({ name: 'x' }) }))
          .statusCode,
        409,
      );
      const cr = await clerk.post('/api/v1/changes', {
        kind: 'change',
        itemId: id,
        ground: 'art18.1',
        groundArisenOn: '2024-02-08',
        groundDocument: {
          docNo: '国令第777号',
          title: '《食品经营许可和备案管理办法》修订',
          article: '第十二条',
          effectiveDate: '2024-02-08',
        },
        summary: '依据修订调整申请材料',
      });
      assert.equal(cr.statusCode, 201, cr.body);
      assert.equal(cr.json().dueOn, '2024-02-19', '3 working days after 2024-02-08 across 春节');
      assert.equal(cr.json().remainingWorkingDays, 3, '02-09 (除夕 is a working day in 2024), 02-18, 02-19');
      const draft = (await clerk.get(`/api/v1/items/${id}`)).json();
      assert.equal(draft.current.state, 'draft');
      const changed = licenceContent({
        name: '食品经营许可（新办）',
        acceptCondition: '依修订后的办法：申请人持有营业执照，具有相适应的经营场所和设备。',
      });
      changed.materials![0]!.paperCopies = 2;
      await clerk.put(`/api/v1/items/${id}`, { version: draft.version, content: changed });
      await clerk.post(`/api/v1/items/${id}/submit`, { attestation: true });
      await verifier.post(`/api/v1/items/${id}/verify`, {});
      const pub = await app.inject({ method: 'GET', url: `/api/public/v1/items/${created.taskCode}` });
      assert.doesNotMatch(
        pub.json().content.acceptCondition,
        /修订后/,
        'the public still sees the old version until publication',
      );
      await publisher.post(`/api/v1/items/${id}/publish`, {});
      const pub2 = await app.inject({ method: 'GET', url: `/api/public/v1/items/${created.taskCode}` });
      assert.match(pub2.json().content.acceptCondition, /修订后/);
      const change = (await clerk.get(`/api/v1/changes/${cr.json().id}`)).json();
      assert.equal(change.status, 'completed');
      assert.equal(change.late, false);

      assert.deepEqual(await actions(id), [
        'item.created',
        'item.submitted',
        'item.returned',
        'item.updated',
        'item.submitted',
        'item.verified',
        'item.published',
        'item.updated',
        'item.submitted',
        'item.verified',
        'item.published',
      ]);
      const pubs = await t.ctx.db.kysely
        .selectFrom('publications')
        .select(['kind', 'ground'])
        .where('item_id', '=', id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(pubs, [
        { kind: 'add', ground: null },
        { kind: 'change', ground: 'art18.1' },
      ]);
      const versions = (await clerk.get(`/api/v1/items/${id}/versions`)).json().versions;
      assert.deepEqual(
        versions.map((v: { seq: number; state: string }) => [v.seq, v.state]),
        [
          [3, 'published'],
          [2, 'superseded'],
          [1, 'returned'],
        ],
      );
      const sinceReturn = (await clerk.get(`/api/v1/items/${id}/diff?from=1&to=2`)).json();
      assert.deepEqual(
        sinceReturn.changes.map((c: { path: string }) => c.path),
        ['materials[食品经营许可申请书].paperCopies'],
      );
    });

    it('two verifiers approving the same submission at once: exactly one succeeds, the other gets 409, one approval is audited', async () => {
      const created = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: '000117099000' }),
        })
      ).json();
      await clerk.post(`/api/v1/items/${created.id}/submit`, { attestation: true });
      const [a, b] = await Promise.all([
        verifier.post(`/api/v1/items/${created.id}/verify`, {}),
        verifier2.post(`/api/v1/items/${created.id}/verify`, {}),
      ]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
      assert.equal((await actions(created.id)).filter((x) => x === 'item.verified').length, 1);
    });

    it('an item with errors cannot be submitted (422 with the findings)', async () => {
      const bad = licenceContent({ catalogCode: '000117098000', setBasis: [] });
      const created = (await clerk.post('/api/v1/items', { granularity: 'main', content: bad })).json();
      const res = await clerk.post(`/api/v1/items/${created.id}/submit`, { attestation: true });
      assert.equal(res.statusCode, 422);
      assert.ok(res.json().error.details.findings.some((f: { rule: string }) => f.rule === 'completeness.set-basis'));
    });

    it('"其他" grounds need a written explanation; the ground must match the kind', async () => {
      const created = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: '000117097000' }),
        })
      ).json();
      await clerk.post(`/api/v1/items/${created.id}/submit`, { attestation: true });
      await verifier.post(`/api/v1/items/${created.id}/verify`, {});
      await publisher.post(`/api/v1/items/${created.id}/publish`, {});
      const other = await clerk.post('/api/v1/changes', {
        kind: 'cancel',
        itemId: created.id,
        ground: 'art16.3',
        groundArisenOn: '2024-02-07',
      });
      assert.equal(other.statusCode, 400);
      assert.equal(other.json().error.issues[0].path, 'groundExplanation');
      const mismatch = await clerk.post('/api/v1/changes', {
        kind: 'cancel',
        itemId: created.id,
        ground: 'art18.1',
        groundArisenOn: '2024-02-07',
      });
      assert.equal(mismatch.statusCode, 400);
      const cancel = await clerk.post('/api/v1/changes', {
        kind: 'cancel',
        itemId: created.id,
        ground: 'art16.2',
        groundArisenOn: '2024-02-07',
        groundDocument: { docNo: '晋政发〔2024〕1号' },
      });
      assert.equal(cancel.statusCode, 201);
      await clerk.post(`/api/v1/items/${created.id}/submit`, { attestation: true });
      await verifier.post(`/api/v1/items/${created.id}/verify`, {});
      await publisher.post(`/api/v1/items/${created.id}/publish`, {});
      const item = (await clerk.get(`/api/v1/items/${created.id}`)).json();
      assert.equal(item.lifeState, 'cancelled');
      assert.equal(
        await publicName(created.taskCode),
        410,
        'a cancelled item leaves the public catalogue; its address says it is gone',
      );
    });

    it('a request not submitted by its deadline is overdue', async () => {
      const created = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: '000117096000' }),
        })
      ).json();
      await clerk.post(`/api/v1/items/${created.id}/submit`, { attestation: true });
      await verifier.post(`/api/v1/items/${created.id}/verify`, {});
      await publisher.post(`/api/v1/items/${created.id}/publish`, {});
      const cr = (
        await clerk.post('/api/v1/changes', {
          kind: 'change',
          itemId: created.id,
          ground: 'art18.3',
          groundArisenOn: '2024-02-07',
        })
      ).json();
      assert.equal(cr.dueOn, '2024-02-18', '02-08 Thu, then the 02-18 Sunday make-up day');
      t.clock.set('2024-02-20T02:00:00.000Z');
      const supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.4.0.9');
      const overdue = (await supervisor.get('/api/v1/changes?overdue=true')).json();
      assert.ok(
        overdue.changes.some(
          (c: { id: string; overdue: boolean; late: boolean }) => c.id === cr.id && c.overdue && c.late,
        ),
      );
    });
  });
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] composite adjustments: 合并 and 拆分 keep lineage`, () => {
    const fixture = oneUnitDistrict({ dialect, now: '2026-03-03T02:00:00.000Z', ipBase: '10.4.1' });
    let t: TestContext;
    let app: App;
    let clerk: Client;
    let verifier: Client;
    let publisher: Client;
    before(() => void ({ t, app, clerk, verifier, publisher } = fixture));

    const published = async (catalogCode: string, name: string) =>
      (await publishedItem(clerk, verifier, publisher, { catalogCode, name })).id;
    async function pushThrough(ids: string[]): Promise<void> {
      for (const id of ids) {
        assert.equal((await clerk.post(`/api/v1/items/${id}/submit`, { attestation: true })).statusCode, 200);
        await verifier.post(`/api/v1/items/${id}/verify`, {});
        await publisher.post(`/api/v1/items/${id}/publish`, {});
      }
    }

    it('merge: two items are cancelled and one new item is added, linked as sources and target', async () => {
      const a = await published('000117111000', '甲事项');
      const b = await published('000117112000', '乙事项');
      const res = await clerk.post('/api/v1/changes', {
        kind: 'merge',
        sourceItemIds: [a, b],
        ground: 'art18.2',
        groundArisenOn: '2026-03-02',
        newItems: [
          { granularity: 'main', content: licenceContent({ catalogCode: '000117113000', name: '甲乙合并事项' }) },
        ],
      });
      assert.equal(res.statusCode, 201, res.body);
      const cr = res.json();
      const target = cr.lineage.find((l: { role: string }) => l.role === 'target').itemId;
      assert.deepEqual(
        cr.lineage
          .filter((l: { role: string }) => l.role === 'source')
          .map((l: { itemId: string }) => l.itemId)
          .sort(),
        [a, b].sort(),
      );
      await pushThrough([a, b, target]);
      const states = await t.ctx.db.kysely
        .selectFrom('items')
        .select(['id', 'life_state'])
        .where('id', 'in', [a, b, target])
        .execute();
      assert.deepEqual(Object.fromEntries(states.map((s) => [s.id, s.life_state])), {
        [a]: 'cancelled',
        [b]: 'cancelled',
        [target]: 'active',
      });
      assert.equal((await clerk.get(`/api/v1/changes/${cr.id}`)).json().status, 'completed');
      const kinds = await t.ctx.db.kysely
        .selectFrom('publications')
        .select(['item_id', 'kind'])
        .where('change_request_id', '=', cr.id)
        .execute();
      assert.deepEqual(kinds.map((k) => k.kind).sort(), ['add', 'cancel', 'cancel']);

      // The merged-away item's public address says it is gone and where to go instead (API and portal).
      const codes = Object.fromEntries(
        (
          await t.ctx.db.kysely.selectFrom('items').select(['id', 'task_code']).where('id', 'in', [a, target]).execute()
        ).map((r) => [r.id, r.task_code]),
      );
      const api = await app.inject({ method: 'GET', url: `/api/public/v1/items/${codes[a]}` });
      assert.equal(api.statusCode, 410, api.body);
      assert.equal(api.json().error.code, 'GONE');
      assert.match(api.json().error.message, /事项「甲事项」已于 \d{4}-\d{2}-\d{2} 取消/);
      assert.deepEqual(api.json().error.details.successors, [{ code: codes[target], name: '甲乙合并事项' }]);
      const portal = await app.inject({ method: 'GET', url: `/items/${codes[a]}`, headers: { accept: 'text/html' } });
      assert.equal(portal.statusCode, 410);
      assert.match(portal.body, /该事项已于 .* 取消/);
      assert.match(portal.body, new RegExp(`请改为办理[\\s\\S]*href="/items/${codes[target]}">甲乙合并事项`));
    });

    it('split: one item is cancelled and two are added; the request completes only when all are public', async () => {
      const s = await published('000117121000', '丙事项');
      const cr = (
        await clerk.post('/api/v1/changes', {
          kind: 'split',
          sourceItemIds: [s],
          ground: 'art18.2',
          groundArisenOn: '2026-03-02',
          newItems: [
            { granularity: 'main', content: licenceContent({ catalogCode: '000117122000', name: '丙事项（一）' }) },
            { granularity: 'main', content: licenceContent({ catalogCode: '000117123000', name: '丙事项（二）' }) },
          ],
        })
      ).json();
      const targets = cr.lineage
        .filter((l: { role: string }) => l.role === 'target')
        .map((l: { itemId: string }) => l.itemId);
      assert.equal(targets.length, 2);
      await pushThrough([s, targets[0]]);
      assert.equal((await clerk.get(`/api/v1/changes/${cr.id}`)).json().status, 'submitted');
      await pushThrough([targets[1]]);
      assert.equal((await clerk.get(`/api/v1/changes/${cr.id}`)).json().status, 'completed');
    });

    it('the console 新增 path validates the new item like the API does', async () => {
      const res = await clerk.form('/console/changes/new', {
        kind: 'add',
        ground: 'art17.3',
        groundExplanation: '上级要求新增本事项，已有书面通知',
        groundArisenOn: '2026-03-02',
        'newItems[0][name]': 'x'.repeat(1200),
        'newItems[0][catalogCode]': '000117141000',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /不能超过 1000 个字符/);
      const none = await t.ctx.db.kysely.selectFrom('change_requests').select('id').where('kind', '=', 'add').execute();
      assert.equal(none.length, 0, 'nothing written');
    });

    it('a merge needs at least two sources and exactly one new item', async () => {
      const a = await published('000117131000', '丁事项');
      const res = await clerk.post('/api/v1/changes', {
        kind: 'merge',
        sourceItemIds: [a],
        ground: 'art18.2',
        groundArisenOn: '2026-03-02',
        newItems: [],
      });
      assert.equal(res.statusCode, 400);
    });
  });
}
