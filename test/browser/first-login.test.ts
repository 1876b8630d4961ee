import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { currentTotp } from '../../src/accounts/totp.js';
import { makeAccount, makeUnit, TEST_PASSWORD } from '../support/factories.js';
import { startBrowserHarness, type BrowserHarness } from './support/browser.js';

describe('[BROWSER] console sign-in', () => {
  let h: BrowserHarness;
  let unitId: string;
  before(async () => {
    h = await startBrowserHarness();
    unitId = (await makeUnit(h.t.ctx)).id;
  });
  after(async () => {
    await h?.close();
  });

  it('AUTH-04: a new unit clerk signs in with the one-time initial password, binds TOTP, is forced to change the password, and reaches the item list', async () => {
    const clerk = await makeAccount(h.t.ctx, ['unit_clerk'], unitId, { enrolled: false });
    const page = await h.newPage();
    await h.login(page, clerk.username, clerk.initialPassword);

    // The one-time password was in the issuer's hands: the holder binds a second factor of their own first.
    assert.match(page.url(), /\/console\/account\/mfa$/);
    await page.goto('/console/items');
    assert.match(page.url(), /\/console\/account\/mfa$/);
    const secret = await page.locator('code.secret').innerText();
    await page.getByLabel('验证器显示的 6 位动态口令').fill(currentTotp(secret, h.t.clock.now()));
    await Promise.all([
      page.waitForURL(/\/console\/account\/password$/),
      page.getByRole('button', { name: '完成绑定' }).click(),
    ]);
    await page.getByRole('heading', { name: '请设置新口令' }).waitFor();
    // Anything else sends the clerk back to the password change.
    await page.goto('/console/items');
    assert.match(page.url(), /\/console\/account\/password$/);

    await page.getByLabel('当前口令').fill(clerk.initialPassword);
    await page.getByLabel('新口令', { exact: true }).fill('Clerk-Fresh-2026');
    await page.getByLabel('再次输入新口令').fill('Clerk-Fresh-2026');
    await Promise.all([page.waitForURL(/\/console\/work/), page.getByRole('button', { name: '修改口令' }).click()]);
    assert.equal(await page.getByRole('status').filter({ hasText: '口令已修改' }).count(), 1);

    await Promise.all([
      page.waitForURL(/\/console\/items/),
      page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '事项', exact: true }).click(),
    ]);
    await page.getByRole('heading', { name: '事项', exact: true }).waitFor();
    assert.match(await page.locator('.who').innerText(), /单位经办人/);
    const stored = await h.t.ctx.db.kysely
      .selectFrom('users')
      .select('must_change_password')
      .where('id', '=', clerk.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.must_change_password, 0);
  });

  it('a wrong password shows one generic message on the login page', async () => {
    const page = await h.newPage();
    await h.login(page, 'nobody-here', 'Wrong-pass-1');
    await page.getByRole('alert').filter({ hasText: '用户名或口令错误' }).waitFor();
  });

  it('axe: the login page and the item list have no serious or critical violations; no CSP violations', async () => {
    const page = await h.newPage();
    await page.goto('/console/login');
    // The stylesheet is applied (colour contrast is only meaningful with it).
    assert.equal(
      await page
        .locator('header.top')
        .evaluate(
          (el) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(
              el,
            ).backgroundColor,
        ),
      'rgb(155, 28, 28)',
    );
    assert.deepEqual(await h.axe(page), [], 'login page');

    const clerk = await makeAccount(h.t.ctx, ['unit_clerk'], unitId);
    await h.login(page, clerk.username, TEST_PASSWORD);
    assert.match(page.url(), /\/console\/work/);
    assert.deepEqual(await h.axe(page), [], 'worklist');
    await page.goto('/console/items');
    assert.deepEqual(await h.axe(page), [], 'item list');
    assert.deepEqual(h.cspViolations, []);
  });

  it('the security administrator issues an account in the browser (one-time password shown once); admin pages pass axe', async () => {
    const admin = await makeAccount(h.t.ctx, ['secadmin']);
    const page = await h.newPage();
    await h.login(page, admin.username, TEST_PASSWORD);
    await page.getByLabel('动态口令').fill(currentTotp(admin.totpSecret!, h.t.clock.now()));
    await Promise.all([page.waitForURL(/\/console\/accounts$/), page.getByRole('button', { name: '确认' }).click()]);
    assert.deepEqual(await h.axe(page), [], 'account list');

    await page.getByRole('link', { name: '开设账号' }).click();
    await page.getByLabel('用户名').fill('browser.clerk');
    await page.getByLabel('姓名').fill('浏览器经办人');
    await page.getByLabel('实施单位').selectOption(unitId);
    await page.getByLabel('单位经办人').check();
    assert.deepEqual(await h.axe(page), [], 'new account form');
    await Promise.all([page.waitForURL(/\/issued\?r=/), page.getByRole('button', { name: '开设账号' }).click()]);
    const password = await page.locator('#one-time-password').innerText();
    assert.equal(password.length, 16);
    assert.deepEqual(await h.axe(page), [], 'one-time password page');
    await page.reload();
    assert.equal(await page.locator('#one-time-password').count(), 0, 'a reload shows nothing');

    for (const url of ['/console/security', '/console/tokens', '/console/units']) {
      await page.goto(url);
      assert.deepEqual(await h.axe(page), [], url);
    }
    assert.deepEqual(h.cspViolations, []);
  });
});
