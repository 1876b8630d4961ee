import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { signedIn } from '../support/client.js';
import { licenceContent, makeAccount } from '../support/factories.js';
import { district, freshCode, lawBody, passWorkflow, publishedItem, tableCounts } from './support.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] legal events → adjustment obligations`, () => {
    let t: TestContext;
    let app: App;
    let d: Awaited<ReturnType<typeof district>>;

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2024-02-08T02:00:00.000Z'); // Thursday before 春节 2024
      app = await buildApp(t.ctx);
      d = await district(t, app, 5, '10.31.0');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    const citing = (docId: string, title: string, basis: 'set' | 'impl' = 'set') => {
      const citation = [{ docId, title, article: '第十条' }];
      return basis === 'set' ? { setBasis: citation } : { implBasis: citation };
    };

    it('repealing a law that 12 items in 5 units cite: preview writes nothing, recording opens 12 obligations (取消, 16(一), due 3 working days after) visible per unit; change requests clear them', async () => {
      const { units, verifier, publisher, supervisor } = d;
      assert.equal(
        (await verifier.post('/api/v1/legal/documents', lawBody('law-repealed', '中华人民共和国测试管理法')))
          .statusCode,
        201,
      );
      assert.equal(
        (await verifier.post('/api/v1/legal/documents', lawBody('law-other', '中华人民共和国其他法'))).statusCode,
        201,
      );
      const perUnit = [3, 3, 2, 2, 2];
      const expected = new Map<string, string>(); // item id → unit id
      for (const [u, n] of perUnit.entries()) {
        for (let k = 0; k < n; k++) {
          const item = await publishedItem(units[u]!.clerk, verifier, publisher, {
            name: `测试许可${u}-${k}`,
            ...citing('law-repealed', '《中华人民共和国测试管理法》'),
          });
          expected.set(item.id, units[u]!.id);
        }
      }
      // Not concerned: a draft citing the law, and a published item citing another law.
      await units[0]!.clerk.post('/api/v1/items', {
        granularity: 'main',
        content: licenceContent({
          catalogCode: freshCode(),
          ...citing('law-repealed', '《中华人民共和国测试管理法》'),
        }),
      });
      await publishedItem(units[1]!.clerk, verifier, publisher, citing('law-other', '《中华人民共和国其他法》'));

      const event = {
        docId: 'law-repealed',
        kind: 'repealed',
        effectiveOn: '2024-02-08',
        noticeDocNo: '主席令第九号',
        noticeTitle: '关于废止《中华人民共和国测试管理法》的决定',
      };
      assert.equal(
        (await units[0]!.clerk.post('/api/v1/legal/events/preview', event)).statusCode,
        403,
        'units cannot record legal events',
      );
      const before = await tableCounts(t);
      const preview = await verifier.post('/api/v1/legal/events/preview', event);
      assert.equal(preview.statusCode, 200, preview.body);
      assert.deepEqual(await tableCounts(t), before, 'the impact preview writes nothing');
      const doc = (await verifier.get('/api/v1/legal/documents/law-repealed')).json();
      assert.equal(doc.status, 'in_force');
      const p = preview.json();
      assert.equal(p.total, 12);
      assert.equal(p.dueOn, '2024-02-19', '02-09 (除夕, a working day in 2024), 02-18 (make-up Sunday), 02-19');
      assert.deepEqual(p.units.map((u: { count: number }) => u.count).sort(), [2, 2, 2, 3, 3]);
      assert.ok(
        p.obligations.every((o: { kind: string; ground: string }) => o.kind === 'cancel' && o.ground === 'art16.1'),
      );
      assert.deepEqual(new Set(p.obligations.map((o: { itemId: string }) => o.itemId)), new Set(expected.keys()));

      const recorded = await verifier.post('/api/v1/legal/events', event);
      assert.equal(recorded.statusCode, 201, recorded.body);
      assert.equal(recorded.json().event.obligationCount, 12);
      const rows = await t.ctx.db.kysely
        .selectFrom('obligations')
        .selectAll()
        .where('source_id', '=', recorded.json().event.id)
        .execute();
      assert.equal(rows.length, 12);
      for (const o of rows) {
        assert.equal(o.unit_id, expected.get(o.item_id!), "assigned to the item's unit");
        assert.deepEqual(
          [o.kind, o.ground, o.due_on, o.status, o.source_type],
          ['cancel', 'art16.1', '2024-02-19', 'open', 'legal_event'],
        );
      }
      assert.equal((await verifier.get('/api/v1/legal/documents/law-repealed')).json().status, 'repealed');
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('seq', '>', before.audit_log!)
        .execute();
      assert.equal(audit.filter((a) => a.action === 'legal.event_recorded').length, 1);
      assert.equal(audit.filter((a) => a.action === 'obligation.opened').length, 12);

      // Each unit sees its own obligations (and only those) in its worklist, and is notified once.
      for (const [u, n] of perUnit.entries()) {
        const list = (await units[u]!.clerk.get('/api/v1/obligations?status=active')).json();
        assert.equal(list.total, n, `unit ${u}`);
        assert.ok(
          list.obligations.every(
            (o: { unitId: string; dueOn: string; overdue: boolean }) =>
              o.unitId === units[u]!.id && o.dueOn === '2024-02-19' && !o.overdue,
          ),
        );
        const notes = await t.ctx.db.kysely
          .selectFrom('notifications as n')
          .innerJoin('users as x', 'x.id', 'n.user_id')
          .select('n.title')
          .where('x.unit_id', '=', units[u]!.id)
          .where('n.kind', '=', 'obligation')
          .execute();
        assert.equal(notes.length, 1);
      }
      const other = rows.find((o) => o.unit_id === units[1]!.id)!;
      assert.equal(
        (await units[0]!.clerk.get(`/api/v1/obligations/${other.id}`)).statusCode,
        404,
        "another unit's obligation is not found",
      );
      assert.equal(
        (await supervisor.get('/api/v1/obligations?status=open')).json().total,
        12,
        'the bureau sees every unit',
      );

      // The repealed basis is now an error finding of every citing item.
      const item = (
        await units[0]!.clerk.get(`/api/v1/items/${rows.find((o) => o.unit_id === units[0]!.id)!.item_id}`)
      ).json();
      assert.ok(
        item.findings.some(
          (f: { rule: string; severity: string }) => f.rule === 'legal.repealed-basis' && f.severity === 'error',
        ),
      );
      assert.ok(item.errorCount >= 1, 'the denormalised error count follows');

      // Resolve every obligation through a 取消 change request: submit → verify → publish.
      for (const o of rows) {
        const clerk = units.find((u) => u.id === o.unit_id)!.clerk;
        assert.equal(
          (await clerk.post(`/api/v1/obligations/${o.id}/no-change`, { justification: '太短' })).statusCode,
          400,
        );
        const cr = await clerk.post(`/api/v1/obligations/${o.id}/change`, {});
        assert.equal(cr.statusCode, 201, cr.body);
        assert.deepEqual(
          [cr.json().kind, cr.json().ground, cr.json().obligationId, cr.json().groundDocument.docNo],
          ['cancel', 'art16.1', o.id, '主席令第九号'],
        );
        assert.equal((await clerk.get(`/api/v1/obligations/${o.id}`)).json().status, 'in_change');
        await passWorkflow(o.item_id!, clerk, verifier, publisher);
        assert.equal((await clerk.get(`/api/v1/obligations/${o.id}`)).json().status, 'resolved');
        assert.equal((await clerk.get(`/api/v1/items/${o.item_id}`)).json().lifeState, 'cancelled');
      }
      assert.equal((await supervisor.get('/api/v1/obligations?status=active')).json().total, 0);
      const cited = (await verifier.get('/api/v1/legal/documents/law-repealed/items')).json().items;
      assert.equal(cited.length, 13, 'the register still lists who cited it (12 cancelled, 1 draft)');
    });

    const pending: { y?: string; resolved?: string } = {};

    it('"no change needed" waits for the centre: rejected → open again, confirmed → resolved; a repealed 实施依据 calls for a 变更', async () => {
      const { units, verifier, publisher, supervisor } = d;
      await verifier.post('/api/v1/legal/documents', lawBody('law-amended', '中华人民共和国修订测试法'));
      await verifier.post(
        '/api/v1/legal/documents',
        lawBody('rule-impl', '测试实施办法', { kind: 'dept_rule', issuer: '国家市场监督管理总局' }),
      );
      const x = await publishedItem(
        units[0]!.clerk,
        verifier,
        publisher,
        citing('law-amended', '中华人民共和国修订测试法'),
      );
      const y = await publishedItem(units[1]!.clerk, verifier, publisher, {
        ...citing('law-amended', '中华人民共和国修订测试法'),
        ...citing('rule-impl', '测试实施办法', 'impl'),
      });
      const z = await publishedItem(units[2]!.clerk, verifier, publisher, citing('rule-impl', '测试实施办法', 'impl'));

      const amended = await verifier.post('/api/v1/legal/events', {
        docId: 'law-amended',
        kind: 'amended',
        effectiveOn: '2024-02-08',
      });
      assert.equal(amended.statusCode, 201, amended.body);
      const obligations = (await supervisor.get(`/api/v1/obligations?sourceId=${amended.json().event.id}`)).json()
        .obligations;
      assert.deepEqual(
        obligations.map((o: { itemId: string; kind: string; ground: string }) => [o.itemId, o.kind, o.ground]).sort(),
        [
          [x.id, 'change', 'art18.1'],
          [y.id, 'change', 'art18.1'],
        ].sort(),
      );
      const ox = obligations.find((o: { itemId: string }) => o.itemId === x.id);

      const repeal = await verifier.post('/api/v1/legal/events', {
        docId: 'rule-impl',
        kind: 'repealed',
        effectiveOn: '2024-02-08',
      });
      const implOnly = (await supervisor.get(`/api/v1/obligations?sourceId=${repeal.json().event.id}`)).json()
        .obligations;
      assert.deepEqual(
        implOnly.map((o: { itemId: string; kind: string; ground: string }) => [o.itemId, o.kind, o.ground]).sort(),
        [
          [y.id, 'change', 'art18.1'],
          [z.id, 'change', 'art18.1'],
        ].sort(),
        'a repealed 实施依据 calls for a 变更, not a 取消',
      );

      const clerk = units[0]!.clerk;
      assert.equal(
        (
          await clerk.post(`/api/v1/obligations/${ox.id}/no-change`, {
            justification: '修订未涉及本事项引用的第十条，条款序号和内容均未变化。',
          })
        ).json().status,
        'no_change_pending',
      );
      assert.equal(
        (await clerk.post(`/api/v1/obligations/${ox.id}/confirm`, {})).statusCode,
        403,
        'a unit cannot confirm its own answer',
      );
      assert.equal(
        (await clerk.post(`/api/v1/obligations/${ox.id}/change`, {})).statusCode,
        409,
        'while the centre decides, no change request',
      );
      const rejected = await verifier.post(`/api/v1/obligations/${ox.id}/reject`, {
        note: '第十条已调整为第十一条，请变更引用',
      });
      assert.deepEqual(
        [rejected.json().status, rejected.json().reviewNote],
        ['open', '第十条已调整为第十一条，请变更引用'],
      );
      await clerk.post(`/api/v1/obligations/${ox.id}/no-change`, {
        justification: '经核对，修订后第十条内容未变，仅标题调整，无需调整。',
      });
      assert.match(
        (await verifier.get('/console/work')).body,
        new RegExp(`待确认的“无需调整”说明（1）[\\s\\S]*?href="/console/obligations/${ox.id}"`),
        "the answer waits on the verifier's home page",
      );
      const confirmed = await verifier.post(`/api/v1/obligations/${ox.id}/confirm`, {});
      assert.equal(confirmed.json().status, 'resolved');
      const actions = (
        await t.ctx.db.kysely
          .selectFrom('audit_log')
          .select('action')
          .where('target_id', '=', ox.id)
          .orderBy('seq')
          .execute()
      ).map((a) => a.action);
      assert.deepEqual(actions, [
        'obligation.opened',
        'obligation.resolved',
        'obligation.rejected',
        'obligation.resolved',
        'obligation.confirmed',
      ]);
      pending.y = y.id;
      pending.resolved = ox.id;
    });

    it('a new law replacing a cited one opens 新增 (17(一)) obligations for the citing items and the units the centre names; a unit answers with a 新增 request', async () => {
      const { units, verifier, publisher, supervisor } = d;
      await verifier.post(
        '/api/v1/legal/documents',
        lawBody('law-old', '旧测试条例', { kind: 'admin_regulation', issuer: '国务院' }),
      );
      await verifier.post(
        '/api/v1/legal/documents',
        lawBody('law-new', '新测试条例', { kind: 'admin_regulation', issuer: '国务院' }),
      );
      const cites = await publishedItem(units[3]!.clerk, verifier, publisher, citing('law-old', '旧测试条例'));
      const res = await verifier.post('/api/v1/legal/events', {
        docId: 'law-new',
        kind: 'new',
        effectiveOn: '2024-02-08',
        relatedDocId: 'law-old',
        unitIds: [units[3]!.id, units[4]!.id],
      });
      assert.equal(res.statusCode, 201, res.body);
      const list = (await supervisor.get(`/api/v1/obligations?sourceId=${res.json().event.id}`)).json().obligations;
      assert.deepEqual(
        list
          .map((o: { unitId: string; itemId: string | null; kind: string; ground: string }) => [
            o.unitId,
            o.itemId,
            o.kind,
            o.ground,
          ])
          .sort(),
        [
          [units[3]!.id, cites.id, 'add', 'art17.1'],
          [units[4]!.id, null, 'add', 'art17.1'],
        ].sort(),
        'unit 3 is reached through its item; unit 4 because it was named',
      );
      assert.equal((await verifier.get('/api/v1/legal/documents/law-old')).json().status, 'amended');
      assert.equal((await verifier.get('/api/v1/legal/documents/law-old')).json().successorId, 'law-new');

      const forUnit4 = list.find((o: { unitId: string }) => o.unitId === units[4]!.id);
      assert.equal(
        (await units[4]!.clerk.post(`/api/v1/obligations/${forUnit4.id}/change`, {})).statusCode,
        400,
        'a new item needs its basic elements',
      );
      const cr = await units[4]!.clerk.post(`/api/v1/obligations/${forUnit4.id}/change`, {
        newItem: { name: '新测试许可', catalogCode: freshCode(), type: '01' },
      });
      assert.equal(cr.statusCode, 201, cr.body);
      assert.deepEqual([cr.json().kind, cr.json().ground], ['add', 'art17.1']);
      const created = (await units[4]!.clerk.get(`/api/v1/items/${cr.json().itemId}`)).json();
      assert.equal(created.content.setBasis[0].docId, 'law-new', 'the new item cites the new law');
    });

    it('refuses events that make no sense, with the field', async () => {
      const { verifier } = d;
      assert.equal(
        (
          await verifier.post('/api/v1/legal/events', { docId: 'nope', kind: 'repealed', effectiveOn: '2024-02-08' })
        ).json().error.issues[0].path,
        'docId',
      );
      assert.equal(
        (
          await verifier.post('/api/v1/legal/events', {
            docId: 'law-repealed',
            kind: 'repealed',
            effectiveOn: '2024-02-08',
          })
        ).statusCode,
        409,
        'already repealed',
      );
      assert.equal(
        (
          await verifier.post('/api/v1/legal/events', {
            docId: 'law-other',
            kind: 'repealed',
            effectiveOn: '2024-02-30',
          })
        ).statusCode,
        400,
      );
      assert.equal(
        (
          await verifier.post('/api/v1/legal/events', {
            docId: 'law-other',
            kind: 'amended',
            effectiveOn: '2024-02-08',
            unitIds: [d.units[0]!.id],
          })
        ).json().error.issues[0].path,
        'unitIds',
      );
    });

    it('an obligation nobody answered by its due day is flagged overdue (the answered one is not)', async () => {
      t.clock.set('2024-02-21T02:00:00.000Z'); // sessions started on 02-08 have expired
      const supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.31.0.120');
      const overdue = (await supervisor.get('/api/v1/obligations?overdue=true&pageSize=500')).json().obligations;
      assert.ok(
        overdue.some(
          (o: { itemId: string; overdue: boolean; deadlineText: string }) =>
            o.itemId === pending.y && o.overdue && /已超期/.test(o.deadlineText),
        ),
      );
      assert.ok(!overdue.some((o: { id: string }) => o.id === pending.resolved));
      assert.ok(overdue.every((o: { status: string }) => o.status === 'open'));
    });
  });
}
