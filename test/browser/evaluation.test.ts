import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { currentTotp } from '../../src/accounts/totp.js';
import { makeAccount, makeUnit, type TestAccount } from '../support/factories.js';
import { publishItem } from '../support/publishing.js';
import { startBrowserHarness, type BrowserHarness } from './support/browser.js';

/** Where the dashboard screenshot is saved (git-ignored). */
const SHOT = path.resolve('tmp/screenshots/evaluation-dashboard.png');

describe('[BROWSER] clean-up campaign and the evaluation dashboard', () => {
  let h: BrowserHarness;
  let supervisor: TestAccount;
  let clerk: TestAccount;
  let unitId = '';

  const signIn = async (page: Page, a: TestAccount) => {
    await h.login(page, a.username, a.password);
    if (a.totpSecret) {
      await page.getByLabel('动态口令').fill(currentTotp(a.totpSecret, h.t.clock.now()));
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '确认' }).click()]);
    }
  };

  before(async () => {
    h = await startBrowserHarness();
    h.t.clock.set('2026-05-11T02:00:00.000Z');
    unitId = (await makeUnit(h.t.ctx, { name: '浏览器清理局' })).id;
    await publishItem(h.t.ctx, unitId, { name: '浏览器清理事项一' });
    await publishItem(h.t.ctx, unitId, { name: '浏览器清理事项二', handleForms: ['1'], online: undefined });
    supervisor = await makeAccount(h.t.ctx, ['supervisor']);
    clerk = await makeAccount(h.t.ctx, ['unit_clerk'], unitId);
  });
  after(async () => {
    await h?.close();
  });

  it('the bureau opens a campaign, the unit confirms an item with the attestation, the bureau closes it and reads the report', async () => {
    const bureau = await h.newPage();
    await signIn(bureau, supervisor);
    await bureau.goto('/console/campaigns');
    await bureau.getByLabel('名称').fill('2026年浏览器目录清理');
    await bureau.getByLabel('清理要求').fill('请逐项核对事项名称、依据、材料和网办地址');
    await bureau.getByLabel('截止日期').fill('2026-05-29');
    await bureau.getByLabel('浏览器清理局').check();
    await Promise.all([
      bureau.waitForURL(/\/console\/campaigns\/[^/]+$/),
      bureau.getByRole('button', { name: '开展并通知单位' }).click(),
    ]);
    const campaignUrl = bureau.url();
    await bureau.getByRole('status').filter({ hasText: '完成 0 / 2' }).waitFor();

    const unit = await h.newPage();
    await signIn(unit, clerk);
    await unit.goto(campaignUrl);
    await Promise.all([unit.waitForURL(/\/items\//), unit.getByRole('link', { name: '处理' }).first().click()]);
    await unit.getByLabel(/对其准确性、真实性和完整性负责/).check();
    await Promise.all([unit.waitForURL(campaignUrl), unit.getByRole('button', { name: '确认无变化' }).click()]);
    await unit.getByRole('status').filter({ hasText: '完成 1 / 2' }).waitFor();
    assert.deepEqual(await h.axe(unit), []);

    await bureau.reload();
    await Promise.all([bureau.waitForURL(/\/report$/), bureau.getByRole('button', { name: '结束清理' }).click()]);
    assert.match(
      await bureau.locator('main').innerText(),
      /范围内事项 2 项：确认无变化 1，申请变更 0，提出取消 0，未处理 1/,
    );
    assert.deepEqual(await h.axe(bureau), []);
  });

  it('renders the dashboard as accessible SVG charts, saves a screenshot, and exports the same figures', async () => {
    const page = await h.newPage();
    h.t.clock.advance(60_000); // a new TOTP step: a code is accepted once
    await signIn(page, supervisor);
    await page.goto('/console/evaluation?period=2026');
    const charts = page.locator('figure.chart svg[role="img"]');
    assert.ok((await charts.count()) >= 4);
    assert.deepEqual(await h.axe(page), []);
    assert.deepEqual(h.cspViolations, []);
    fs.mkdirSync(path.dirname(SHOT), { recursive: true });
    await page.screenshot({ path: SHOT, fullPage: true });
    assert.ok(fs.statSync(SHOT).size > 10_000);

    // Every chart's data table, as shown, against the export's sheet of the same name.
    const shown = await page.locator('figure.chart').evaluateAll((figs) =>
      figs.map((f) => ({
        title: f.querySelector('h2')!.textContent!.trim(),
        rows: [...f.querySelectorAll('table tbody tr')].map((tr) => [
          tr.querySelector('th')!.textContent!.trim(),
          tr.querySelector('td')!.textContent!.trim(),
        ]),
      })),
    );
    const res = await page.request.get('/console/evaluation/dashboard.xlsx?period=2026');
    assert.equal(res.status(), 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    for (const s of shown) {
      const sheet = wb.worksheets.find((w) => s.title.startsWith(w.name.trim()))!;
      assert.ok(sheet, s.title);
      const rows: string[][] = [];
      sheet.eachRow((r, i) => {
        if (i > 1) rows.push([String(r.getCell(1).value), String(r.getCell(2).value)]);
      });
      assert.deepEqual(rows, s.rows, s.title);
    }
    assert.match(shown.find((s) => s.title.startsWith('网办率'))!.rows[0]![1]!, /^50\.0%$/);
  });
});
