import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { currentTotp } from '../../src/accounts/totp.js';
import { signedIn } from '../support/client.js';
import { licenceContent, makeAccount, makeUnit, TEST_PASSWORD, type TestAccount } from '../support/factories.js';
import { startBrowserHarness, type BrowserHarness } from './support/browser.js';

describe('[BROWSER] items: editing with findings, and the verification workflow across roles', () => {
  let h: BrowserHarness;
  let unitId: string;
  let clerk: TestAccount;
  let verifier: TestAccount;
  let publisher: TestAccount;

  before(async () => {
    h = await startBrowserHarness();
    unitId = (await makeUnit(h.t.ctx)).id;
    clerk = await makeAccount(h.t.ctx, ['unit_clerk'], unitId);
    verifier = await makeAccount(h.t.ctx, ['verifier']);
    publisher = await makeAccount(h.t.ctx, ['publisher']);
  });
  after(async () => {
    await h?.close();
  });

  async function signIn(account: TestAccount): Promise<Page> {
    const page = await h.newPage();
    await h.login(page, account.username, TEST_PASSWORD);
    if (account.totpSecret) {
      h.t.clock.advance(31_000); // a TOTP code is accepted once: the next sign-in needs the next time step
      await page.getByLabel('动态口令').fill(currentTotp(account.totpSecret, h.t.clock.now()));
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '确认' }).click()]);
    }
    return page;
  }

  async function newItem(code: string, name: string): Promise<string> {
    const api = await signedIn(h.app, clerk, h.t.clock, '10.7.0.1');
    const res = await api.post('/api/v1/items', {
      granularity: 'main',
      content: licenceContent({ catalogCode: code, name }),
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id;
  }

  it('a clerk edits an item from the list; a catch-all material name shows a finding beside the field, and fixing it clears it', async () => {
    const id = await newItem('000117081000', '食品经营许可（浏览器编辑）');
    const page = await signIn(clerk);
    await page.goto('/console/items');
    await Promise.all([
      page.waitForURL(new RegExp(`/console/items/${id}$`)),
      page.getByRole('link', { name: '食品经营许可（浏览器编辑）' }).click(),
    ]);
    await Promise.all([page.waitForURL(/\/edit$/), page.getByRole('link', { name: '编辑', exact: true }).click()]);

    const material = page.locator('#f-content-materials-1-name');
    await material.fill('其他相关材料');
    await Promise.all([page.waitForURL(/msg=saved/), page.getByRole('button', { name: '保存草稿' }).click()]);
    const notes = page.locator('#f-content-materials-1-name-notes');
    await notes.waitFor();
    assert.match(await notes.innerText(), /警告/);
    assert.equal(
      await page.locator('#f-content-materials-1-name').getAttribute('aria-describedby'),
      'f-content-materials-1-name-notes',
    );
    assert.deepEqual(await h.axe(page), [], 'editor with findings');

    // With JavaScript the check runs while typing, before saving.
    await page.locator('#f-content-materials-1-name').fill('营业执照');
    await page.waitForFunction(
      () =>
        !(
          globalThis as unknown as { document: { querySelector(s: string): { hidden: boolean } | null } }
        ).document.querySelector('#f-content-materials-1-name-notes:not([hidden])'),
    );
    await page.locator('#f-content-materials-1-name').fill('其他证明');
    await page.locator('#f-content-materials-1-name-notes-live').waitFor();
    assert.match(await page.locator('#f-content-materials-1-name-notes-live').innerText(), /警告/);
    // The 检查结果 box at the top is not left stale: it says the live count and that its list is the last save's.
    assert.match(
      await page.locator('section.findings p.live-summary').innerText(),
      /当前填写的内容：0 处错误、\d+ 处警告[\s\S]*上次保存时的结果/,
    );
    await page.locator('#f-content-materials-1-name').fill('营业执照');
    await page.locator('#f-content-materials-1-name-notes-live').waitFor({ state: 'detached' });
    await Promise.all([page.waitForURL(/msg=saved/), page.getByRole('button', { name: '保存草稿' }).click()]);
    assert.equal(await page.locator('#f-content-materials-1-name-notes').count(), 0);
    assert.equal(await page.locator('#f-content-materials-1-name').inputValue(), '营业执照');
  });

  it('submit → return with a field comment → resubmit → verify → publish, each by its own role in the console', async () => {
    const id = await newItem('000117082000', '食品经营许可（浏览器流程）');
    const confirm = async (page: Page, action: string) => {
      await Promise.all([page.waitForURL(/\/act\//), page.getByRole('link', { name: action, exact: true }).click()]);
      // Art. 15: submission carries the unit's statement of accuracy, ticked by the person each time.
      if (await page.locator('input[name="attestation"]').count())
        await page.getByLabel(/本单位对调整内容和依据的准确性、真实性和完整性负责/).check();
      await Promise.all([
        page.waitForURL(new RegExp(`/console/items/${id}\\?msg=`)),
        page.getByRole('button', { name: `确认${action}` }).click(),
      ]);
    };

    const clerkPage = await signIn(clerk);
    await clerkPage.goto(`/console/items/${id}`);
    await confirm(clerkPage, '提交核验');
    assert.match(await clerkPage.getByRole('status').innerText(), /已提交/);

    const verifierPage = await signIn(verifier);
    await verifierPage.goto('/console/work');
    await Promise.all([
      verifierPage.waitForURL(new RegExp(`/console/items/${id}$`)),
      verifierPage.getByRole('link', { name: '食品经营许可（浏览器流程）', exact: true }).click(),
    ]);
    await Promise.all([
      verifierPage.waitForURL(/\/act\/return$/),
      verifierPage.getByRole('link', { name: '退回', exact: true }).click(),
    ]);
    await verifierPage.locator('#fc-0-path').selectOption('content.transactAddr');
    await verifierPage.locator('#fc-0-comment').fill('请写明楼层和窗口号');
    await Promise.all([
      verifierPage.waitForURL(/msg=returned/),
      verifierPage.getByRole('button', { name: '确认退回' }).click(),
    ]);

    await clerkPage.goto(`/console/items/${id}/edit`);
    const note = clerkPage.locator('#f-content-transactAddr-notes');
    assert.match(await note.innerText(), /请写明楼层和窗口号/);
    await clerkPage.locator('#f-content-transactAddr').fill('平鲁区政务服务中心二楼 12 号窗口');
    await Promise.all([clerkPage.waitForURL(/msg=saved/), clerkPage.getByRole('button', { name: '保存草稿' }).click()]);
    await clerkPage.goto(`/console/items/${id}`);
    await confirm(clerkPage, '提交核验');

    await verifierPage.goto(`/console/items/${id}`);
    await Promise.all([
      verifierPage.waitForURL(/\/act\/verify$/),
      verifierPage.getByRole('link', { name: '核验通过', exact: true }).click(),
    ]);
    assert.match(await verifierPage.locator('main').innerText(), /首次发布：以下为全部要素/);
    await Promise.all([
      verifierPage.waitForURL(/msg=verified/),
      verifierPage.getByRole('button', { name: '确认核验通过' }).click(),
    ]);

    const publisherPage = await signIn(publisher);
    await publisherPage.goto('/console/work');
    await Promise.all([
      publisherPage.waitForURL(new RegExp(`/console/items/${id}$`)),
      publisherPage.getByRole('link', { name: '食品经营许可（浏览器流程）', exact: true }).click(),
    ]);
    await confirm(publisherPage, '发布');
    assert.match(await publisherPage.getByRole('status').innerText(), /已发布/);

    const item = await h.t.ctx.db.kysely
      .selectFrom('items')
      .select(['workflow_state', 'task_code'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(item.workflow_state, 'published');
    const pub = await fetch(`${h.baseUrl}/api/public/v1/items/${item.task_code}`);
    assert.equal(pub.status, 200);
    assert.equal(
      ((await pub.json()) as { content: { transactAddr: string } }).content.transactAddr,
      '平鲁区政务服务中心二楼 12 号窗口',
    );
    const actions = (
      await h.t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', id)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);
    assert.deepEqual(actions, [
      'item.created',
      'item.submitted',
      'item.returned',
      'item.updated',
      'item.submitted',
      'item.verified',
      'item.published',
    ]);
  });

  it('an overdue change request shows its deadline in red on the console', async () => {
    const id = await newItem('000117083000', '食品经营许可（浏览器期限）');
    const api = await signedIn(h.app, clerk, h.t.clock, '10.7.0.1');
    h.t.clock.advance(31_000);
    const v = await signedIn(h.app, verifier, h.t.clock, '10.7.0.2');
    h.t.clock.advance(31_000);
    const p = await signedIn(h.app, publisher, h.t.clock, '10.7.0.3');
    await api.post(`/api/v1/items/${id}/submit`, { attestation: true });
    await v.post(`/api/v1/items/${id}/verify`, {});
    await p.post(`/api/v1/items/${id}/publish`, {});
    const cr = (
      await api.post('/api/v1/changes', { kind: 'change', itemId: id, ground: 'art18.3', groundArisenOn: '2026-02-20' })
    ).json();
    const page = await signIn(clerk);
    await page.goto('/console/changes');
    const cell = page.locator('tr', { hasText: '食品经营许可（浏览器期限）' }).locator('.overdue').first();
    assert.equal(await cell.innerText(), cr.dueOn);
    assert.equal(
      await cell.evaluate(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color,
      ),
      'rgb(176, 0, 32)',
    );
    assert.match(await page.locator('tr', { hasText: '食品经营许可（浏览器期限）' }).innerText(), /已超期/);
  });
});
