import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { buildApp, type App } from '../../src/http/app.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { createChangeRequest } from '../../src/workflow/change-request.service.js';
import { campaignReminderJob } from '../../src/evaluation/campaign-reminder.job.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';
import { publishItem } from '../support/publishing.js';

/** 目录清理 (Art. 22) from opening to the closing report: scope, the three answers, progress, reminders, closing. */
for (const dialect of testDialects()) {
  describe(`[${dialect}] clean-up campaign`, () => {
    let t: TestContext;
    let app: App;
    let supervisor: Client;
    let clerkA: Client;
    let clerkB: Client;
    let items: Record<string, string>;
    let units: string[];

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-04-01T02:00:00.000Z');
      app = await buildApp(t.ctx);
      units = [
        (await makeUnit(t.ctx, { name: '清理甲局' })).id,
        (await makeUnit(t.ctx, { name: '清理乙局' })).id,
        (await makeUnit(t.ctx, { name: '范围外丙局' })).id,
      ];
      items = {
        a1: (await publishItem(t.ctx, units[0]!, { name: '甲事项一' })).id,
        a2: (await publishItem(t.ctx, units[0]!, { name: '甲事项二' })).id,
        a3: (await publishItem(t.ctx, units[0]!, { name: '甲事项三' })).id,
        b1: (await publishItem(t.ctx, units[1]!, { name: '乙事项一' })).id,
        c1: (await publishItem(t.ctx, units[2]!, { name: '丙事项一' })).id,
      };
      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.63.0.1');
      clerkA = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], units[0]!), t.clock, '10.63.0.2');
      clerkB = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], units[1]!), t.clock, '10.63.0.3');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('runs from opening to the closing report', async () => {
      const bad = await supervisor.form('/console/campaigns', {
        title: '清理',
        instructions: '短',
        dueOn: '2026-03-01',
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(
        (
          await clerkA.form('/console/campaigns', {
            title: '2026年第一次目录清理',
            instructions: '请逐项核对事项要素',
            dueOn: '2026-04-10',
          })
        ).statusCode,
        403,
      );
      const opened = await supervisor.form('/console/campaigns', {
        title: '2026年第一次目录清理',
        instructions: '请逐项核对事项名称、依据、材料和网办地址',
        dueOn: '2026-04-10',
        'unitIds[]': [units[0]!, units[1]!],
      });
      assert.equal(opened.statusCode, 303, opened.body);
      const url = String(opened.headers.location);
      const id = url.split('/').pop()!;
      const page = (await clerkA.get(url, { accept: 'text/html' })).body;
      assert.match(page, /甲事项一/);
      assert.doesNotMatch(page, /乙事项一|丙事项一/, 'a unit sees its own items only');
      assert.match((await supervisor.get(url, { accept: 'text/html' })).body, /完成 0 \/ 4/);

      const answer = (c: Client, item: string, fields: Record<string, string>) =>
        c.form(`${url}/items/${item}`, fields);
      assert.equal(
        (await answer(clerkA, items.a1!, { answer: 'confirmed' })).statusCode,
        400,
        'the attestation is required',
      );
      assert.equal((await answer(clerkA, items.a1!, { answer: 'confirmed', attest: 'yes' })).statusCode, 303);
      assert.equal(
        (await answer(clerkA, items.a1!, { answer: 'confirmed', attest: 'yes' })).statusCode,
        400,
        'answered once',
      );
      assert.match((await answer(clerkA, items.a2!, { answer: 'changed' })).body, /请先发起变更申请/);
      const cr = await createChangeRequest(
        { app: t.ctx, actor: SYSTEM_ACTOR, meta: {} },
        { kind: 'change', itemId: items.a2!, ground: 'art18.1', groundArisenOn: '2026-04-01', summary: '依据调整' },
      );
      assert.equal((await answer(clerkA, items.a2!, { answer: 'changed' })).statusCode, 303);
      assert.equal(
        (
          await answer(clerkA, items.a3!, {
            answer: 'cancel_proposed',
            ground: 'art18.1',
            explanation: '设定依据已废止，建议取消该事项',
          })
        ).statusCode,
        400,
        'an Art. 16 ground',
      );
      assert.equal(
        (
          await answer(clerkA, items.a3!, {
            answer: 'cancel_proposed',
            ground: 'art16.1',
            explanation: '设定依据已废止，建议取消该事项',
          })
        ).statusCode,
        303,
      );
      assert.equal(
        (await answer(clerkA, items.b1!, { answer: 'confirmed', attest: 'yes' })).statusCode,
        404,
        "another unit's item",
      );

      t.clock.set('2026-04-08T01:00:00.000Z');
      await campaignReminderJob.run(t.ctx, t.clock.now());
      const reminders = await t.ctx.db.kysely
        .selectFrom('notifications')
        .select(['user_id', 'title'])
        .where('kind', '=', 'campaign')
        .where('title', 'like', '%即将截止%')
        .execute();
      assert.equal(reminders.length, 1, 'only the unit with pending items is reminded');
      assert.match(reminders[0]!.title, /还有 1 项未处理/);

      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.63.0.4');
      const closed = await supervisor.form(`${url}/close`);
      assert.equal(closed.statusCode, 303);
      const report = (await supervisor.get(`${url}/report`, { accept: 'text/html' })).body;
      assert.match(report, /范围内事项 4 项：确认无变化 1，申请变更 1，提出取消 1，未处理 1/);
      assert.ok(report.includes(`/console/changes/${cr.id}`));
      assert.match(report, /待处理（1）[\s\S]*乙事项一/);
      const xlsx = await supervisor.get(`${url}/report.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      assert.deepEqual((wb.getWorksheet('进度')!.getRow(4).values as unknown[]).slice(1), ['合计', 4, 1, 1, 1, 1, 75]);
      clerkB = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], units[1]!), t.clock, '10.63.0.5');
      assert.equal(
        (await clerkB.form(`${url}/items/${items.b1!}`, { answer: 'confirmed', attest: 'yes' })).statusCode,
        400,
        'closed',
      );
      assert.ok(id);
    });
  });
}
