import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { runLinkCheck } from '../../src/evaluation/link-check.job.js';
import { accountabilityReport } from '../../src/evaluation/accountability.report.js';
import { parsePeriod } from '../../src/evaluation/period.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { runCli } from '../../src/cli/main.js';
import { createDocument } from '../../src/legal/legal.service.js';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';
import { publishItem, type PublishedItem } from '../support/publishing.js';

/**
 * The link checker against a local server (loopback allow-listed for the test only): failures in a row become a
 * task on the unit's 工作台 that closes itself when the link works again; hosts off the allow-list and private
 * addresses are not requested. Spot checks: recorded → the unit's task → answered → sent back → answered → closed,
 * and a late answer shows in the accountability report.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] link checks and spot checks`, () => {
    let t: TestContext;
    let app: App;
    let server: http.Server;
    let base: string;
    const seen: Array<{ url: string; ua: string }> = [];
    let goneStatus = 404;
    let item: PublishedItem;
    let clerk: Client;
    let supervisor: Client;
    let verifier: Client;
    let accounts: Array<Awaited<ReturnType<typeof makeAccount>>>;
    /** Sessions time out when the clock jumps days ahead: sign in again, as people would. */
    const relogin = async () => {
      clerk = await signedIn(app, accounts[0]!, t.clock, '10.62.0.1');
      supervisor = await signedIn(app, accounts[1]!, t.clock, '10.62.0.2');
    };
    const work = async () => (await clerk.get('/console/work', { accept: 'text/html' })).body;

    before(async () => {
      server = http.createServer((req, res) => {
        seen.push({ url: req.url ?? '', ua: String(req.headers['user-agent']) });
        res
          .writeHead(
            req.url === '/gone.docx' || req.url === '/law/repealed-text'
              ? goneStatus
              : req.url === '/moved'
                ? 302
                : 200,
            { location: '/ok' },
          )
          .end('x');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      t = await createTestContext(dialect, {
        env: {
          OUTBOUND_ALLOWED_CIDRS: '127.0.0.1/32',
          LINK_CHECK_HOSTS: '127.0.0.1,10.255.255.1',
          LINK_CHECK_FAILURES: '2',
          LINK_CHECK_TIMEOUT_MS: '2000',
        },
      });
      t.clock.set('2026-03-02T02:00:00.000Z');
      app = await buildApp(t.ctx);
      const unitId = (await makeUnit(t.ctx, { name: '链接测试局' })).id;
      item = await publishItem(t.ctx, unitId, {
        name: '链接测试事项',
        online: { channel: 'own', url: `${base}/apply`, mobileUrl: `${base}/moved` },
        materials: [
          {
            name: '申请表',
            necessity: '1',
            form: '3',
            source: '1',
            blankForm: { name: '申请表.docx', url: `${base}/gone.docx` },
            sample: { name: '样表', url: 'http://10.255.255.1/sample.pdf' },
          },
        ],
        ext: { resultSample: { name: '许可证样本', url: 'https://example.gov.cn/sample.pdf' } },
      });
      accounts = [await makeAccount(t.ctx, ['unit_clerk'], unitId), await makeAccount(t.ctx, ['supervisor'])];
      await relogin();
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.62.0.3');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
      server.close();
    });

    it('records every published link, opens a task after N failures in a row and closes it on recovery', async () => {
      const first = await runLinkCheck(t.ctx);
      assert.deepEqual([first.checked, first.ok, first.failed, first.refused, first.opened], [5, 2, 1, 2, 0]);
      assert.deepEqual(seen.map((s) => s.url).sort(), ['/apply', '/gone.docx', '/moved']);
      assert.ok(
        seen.every((s) => s.ua.startsWith('shixiang-link-check/1')),
        'a polite, identifiable user agent',
      );
      const rows = await t.ctx.db.kysely
        .selectFrom('link_checks')
        .select(['url', 'last_status', 'last_error'])
        .execute();
      const byUrl = new Map(rows.map((r) => [r.url, r]));
      assert.match(
        byUrl.get('http://10.255.255.1/sample.pdf')!.last_error!,
        /内网或保留地址/,
        'private address refused by the outbound client',
      );
      assert.match(
        byUrl.get('https://example.gov.cn/sample.pdf')!.last_error!,
        /LINK_CHECK_HOSTS/,
        'host off the allow-list not requested',
      );
      assert.doesNotMatch(await work(), /失效链接（/);

      const second = await runLinkCheck(t.ctx);
      assert.equal(second.opened, 1);
      assert.match(await work(), /失效链接（1）[\s\S]*gone\.docx/);
      const inbox = (await clerk.get('/console/inbox', { accept: 'text/html' })).body;
      assert.match(inbox, /链接失效：链接测试事项/);
      const page = await supervisor.get('/console/evaluation/links', { accept: 'text/html' });
      assert.match(page.body, /失效的链接（1）/);
      assert.equal((await clerk.get('/console/evaluation/links', { accept: 'text/html' })).statusCode, 403);

      assert.equal((await runLinkCheck(t.ctx)).opened, 0, 'one task per failure streak');
      goneStatus = 200;
      const recovered = await runLinkCheck(t.ctx);
      assert.equal(recovered.closed, 1);
      assert.doesNotMatch(await work(), /失效链接（/);
    });

    it('the supervisor can run the check from the console; the centre may only read', async () => {
      const run = await supervisor.form('/console/evaluation/links/run');
      assert.equal(run.statusCode, 303);
      assert.match(String(run.headers.location), /checked=5/);
      assert.equal((await verifier.form('/console/evaluation/links/run')).statusCode, 403);
    });

    it('tracks a spot check from the finding to closure, and reports a late fix', async () => {
      const bad = await supervisor.form('/console/spot-checks', {
        itemId: item.id,
        findings: '短',
        requiredFix: '更新申请材料清单',
        dueOn: '2026-03-06',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /检查发现的问题/);
      const rec = await supervisor.form('/console/spot-checks', {
        itemId: item.id,
        findings: '申请材料与法规修订后的要求不一致',
        requiredFix: '按新规定更新申请材料清单',
        dueOn: '2026-03-06',
      });
      assert.equal(rec.statusCode, 303, rec.body);
      const url = String(rec.headers.location);
      assert.match(await work(), /监督检查整改（1）/);
      assert.equal((await verifier.form(`${url}/decide`, { decision: 'accept' })).statusCode, 403);

      t.clock.set('2026-03-10T02:00:00.000Z'); // two working days after the deadline
      await relogin();
      assert.equal(
        (await clerk.form(`${url}/answer`, { answer: '已按新规定更新申请材料清单并重新发布' })).statusCode,
        303,
      );
      assert.doesNotMatch(await work(), /监督检查整改（/);
      assert.equal(
        (await supervisor.form(`${url}/decide`, { decision: 'reopen', note: '样表仍为旧版本' })).statusCode,
        303,
      );
      assert.match(await work(), /监督检查整改（1）/);
      t.clock.set('2026-03-11T02:00:00.000Z');
      await relogin();
      assert.equal((await clerk.form(`${url}/answer`, { answer: '样表也已更新为新版本' })).statusCode, 303);
      assert.equal((await supervisor.form(`${url}/decide`, { decision: 'accept', note: '已核实' })).statusCode, 303);
      assert.match((await supervisor.get(url, { accept: 'text/html' })).body, /已验收/);

      const r = await accountabilityReport(
        { app: t.ctx, actor: SYSTEM_ACTOR, meta: {} },
        { period: parsePeriod('2026-03'), kind: 'spot_check' },
      );
      assert.deepEqual(
        r.rows.map((x) => [x.outcome, x.dueOn, x.doneOn, x.workingDaysLate]),
        [['late', '2026-03-06', '2026-03-11', 3]],
      );
      assert.equal(r.byAccount[0]?.late, 1);
    });

    it('`shixiang report` writes the same report as xlsx, and refuses a bad period with a usage exit code', async () => {
      const out: string[] = [];
      const io = { out: (x: string) => out.push(x), err: (x: string) => out.push(x), env: t.env };
      const file = path.join(os.tmpdir(), `accountability-${process.pid}-${dialect}.xlsx`);
      assert.equal(
        await runCli(['report', 'accountability', '--period', '2026-03', '--out', file], io),
        0,
        out.join('\n'),
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      assert.equal(wb.getWorksheet('明细')!.getRow(2).getCell(2).value, '监督检查整改（第二十二条）');
      assert.equal(await runCli(['report', 'accountability', '--period', '2026-13', '--out', file], io), 2);
      assert.match(out.join('\n'), /期间格式不正确/);
      assert.equal(await runCli(['report', 'nonsense', '--out', file], io), 2);
    });

    // Under CI=true a missing Chromium fails this test instead of skipping it.
    const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
    const noBrowser = !fs.existsSync(chromium) && process.env.CI !== 'true' ? `no Chromium at ${chromium}` : false;
    it('prints a report as PDF through headless Chromium from the CLI and the page link, and says clearly when Chromium is missing', {
      skip: noBrowser,
    }, async () => {
      const out: string[] = [];
      const io = {
        out: (x: string) => out.push(x),
        err: (x: string) => out.push(x),
        env: { ...t.env, CHROMIUM_PATH: chromium },
      };
      const file = path.join(os.tmpdir(), `dashboard-${process.pid}-${dialect}.pdf`);
      assert.equal(await runCli(['report', 'dashboard', '--period', '2026-03', '--pdf', file], io), 0, out.join('\n'));
      const pdf = fs.readFileSync(file);
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pdf.length > 5_000, `a real document (${pdf.length} bytes)`);
      fs.rmSync(file);

      const page = await supervisor.get('/console/evaluation?period=2026-03', { accept: 'text/html' });
      assert.match(page.body, /href="\/console\/evaluation\/pdf\/dashboard\?period=2026-03" download>导出 PDF/);
      const res = await supervisor.get('/console/evaluation/pdf/accountability?period=2026-03');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
      assert.equal((await supervisor.get('/console/evaluation/pdf/nonsense')).statusCode, 404);
      assert.equal((await clerk.get('/console/evaluation/pdf/dashboard')).statusCode, 403);

      const missing = { ...io, env: { ...t.env, CHROMIUM_PATH: '/nonexistent/chromium' } };
      out.length = 0;
      assert.equal(await runCli(['report', 'scorecards', '--pdf', file], missing), 78);
      assert.match(out.join('\n'), /未安装 Chromium（\/nonexistent\/chromium）.*CHROMIUM_PATH/);
      assert.equal(fs.existsSync(file), false);
    });

    it('follows the official text of each cited legal document: a broken one becomes a task for each citing unit', async () => {
      goneStatus = 404;
      const uc = { app: t.ctx, actor: SYSTEM_ACTOR, meta: {} };
      const ok = await createDocument(uc, {
        kind: 'law',
        title: '中华人民共和国链接测试法',
        issuer: '全国人民代表大会常务委员会',
        url: `${base}/law/current-text`,
      });
      const gone = await createDocument(uc, {
        kind: 'admin_regulation',
        title: '链接测试条例',
        issuer: '国务院',
        url: `${base}/law/repealed-text`,
      });
      await createDocument(uc, { kind: 'admin_regulation', title: '没有全文地址的条例', issuer: '国务院' });
      const unitId = (await makeUnit(t.ctx, { name: '依据测试局' })).id;
      const citing = await publishItem(t.ctx, unitId, {
        name: '依据链接测试事项',
        setBasis: [{ docId: ok.id, title: ok.title }],
        implBasis: [{ docId: gone.id, title: gone.title, article: '第三条' }],
      });
      const other = await publishItem(t.ctx, (await makeUnit(t.ctx, { name: '依据测试二局' })).id, {
        name: '另一个引用条例的事项',
        setBasis: [{ docId: gone.id, title: gone.title }],
      });
      seen.length = 0;
      await runLinkCheck(t.ctx);
      await runLinkCheck(t.ctx);
      assert.equal(
        seen.filter((s) => s.url === '/law/repealed-text').length,
        2,
        'one request per URL and sweep, however many items cite it',
      );
      const rows = await t.ctx.db.kysely
        .selectFrom('link_checks')
        .select(['item_id', 'url', 'kind', 'last_status', 'last_http_status', 'task_opened_at'])
        .where('kind', '=', 'legal_basis')
        .orderBy('url')
        .orderBy('item_id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.item_id, r.url, r.last_status, r.last_http_status, r.task_opened_at !== null]).sort(),
        [
          [citing.id, `${base}/law/current-text`, 'ok', 200, false],
          [citing.id, `${base}/law/repealed-text`, 'failed', 404, true],
          [other.id, `${base}/law/repealed-text`, 'failed', 404, true],
        ].sort(),
      );
      const page = await supervisor.get('/console/evaluation/links', { accept: 'text/html' });
      assert.match(page.body, /法律依据全文：链接测试条例/);
    });
  });
}
