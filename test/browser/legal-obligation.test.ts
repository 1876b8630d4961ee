import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { currentTotp } from '../../src/accounts/totp.js';
import { signedIn } from '../support/client.js';
import { licenceContent, makeAccount, makeUnit, type TestAccount } from '../support/factories.js';
import { startBrowserHarness, type BrowserHarness } from './support/browser.js';

describe('[BROWSER] legal event → obligation → change request', () => {
  let h: BrowserHarness;
  let verifier: TestAccount;
  let clerk: TestAccount;
  let itemId = '';

  before(async () => {
    h = await startBrowserHarness();
    const { t, app } = h;
    const unitId = (await makeUnit(t.ctx)).id;
    clerk = await makeAccount(t.ctx, ['unit_clerk'], unitId);
    verifier = await makeAccount(t.ctx, ['verifier']);
    const api = {
      clerk: await signedIn(app, clerk, t.clock, '10.36.0.1'),
      verifier: await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.36.0.2'),
      publisher: await signedIn(app, await makeAccount(t.ctx, ['publisher']), t.clock, '10.36.0.3'),
    };
    const doc = await api.verifier.post('/api/v1/legal/documents', {
      id: 'law-browser',
      kind: 'law',
      title: '浏览器测试管理法',
      issuer: '全国人民代表大会常务委员会',
      articles: [{ number: '第八条', text: '……' }],
    });
    assert.equal(doc.statusCode, 201, doc.body);
    const item = await api.clerk.post('/api/v1/items', {
      granularity: 'main',
      content: licenceContent({
        name: '浏览器测试许可',
        setBasis: [{ docId: 'law-browser', title: '《浏览器测试管理法》', article: '第八条' }],
      }),
    });
    itemId = item.json().id;
    for (const [client, step] of [
      [api.clerk, 'submit'],
      [api.verifier, 'verify'],
      [api.publisher, 'publish'],
    ] as const) {
      assert.equal(
        (await client.post(`/api/v1/items/${itemId}/${step}`, step === 'submit' ? { attestation: true } : {}))
          .statusCode,
        200,
      );
    }
  });
  after(async () => {
    await h?.close();
  });

  it('the centre records a repeal after previewing its impact; the unit clerk finds the obligation in 调整义务 and opens a change request from it', async () => {
    const centre = await h.newPage();
    await h.login(centre, verifier.username, verifier.password);
    await centre.getByLabel('动态口令').fill(currentTotp(verifier.totpSecret!, h.t.clock.now()));
    await Promise.all([centre.waitForNavigation(), centre.getByRole('button', { name: '确认' }).click()]);

    await centre.goto('/console/legal/law-browser');
    await Promise.all([
      centre.waitForURL(/\/console\/legal\/events\/new/),
      centre.getByRole('link', { name: '登记法律事件' }).click(),
    ]);
    await centre.getByLabel('事件').selectOption('repealed');
    await centre.getByLabel('生效日期（调整事由发生之日）').fill('2026-03-02');
    await centre.getByLabel('通知文号').fill('主席令第二十号');
    await Promise.all([centre.waitForURL(/\/preview$/), centre.getByRole('button', { name: '预览影响' }).click()]);
    await centre.getByRole('status').filter({ hasText: '将产生 1 项调整义务' }).waitFor();
    assert.match(
      await centre.locator('table').last().innerText(),
      /浏览器测试许可[\s\S]*取消[\s\S]*设定依据已经被废止或失效/,
    );
    assert.equal(
      (await h.t.ctx.db.kysely.selectFrom('obligations').selectAll().execute()).length,
      0,
      'the preview wrote nothing',
    );
    assert.deepEqual(await h.axe(centre), []);
    await Promise.all([
      centre.waitForURL(/\/console\/legal\/events\/[0-9a-f-]+\?msg=recorded/),
      centre.getByRole('button', { name: '确认登记' }).click(),
    ]);
    await centre.getByRole('status').filter({ hasText: '已登记' }).waitFor();

    const unit = await h.newPage();
    await h.login(unit, clerk.username, clerk.password);
    await unit.goto('/console/obligations');
    const row = unit.getByRole('row').filter({ hasText: '浏览器测试许可' });
    assert.match(await row.innerText(), /取消[\s\S]*设定依据已经被废止或失效[\s\S]*2026-03-05/);
    assert.deepEqual(await h.axe(unit), []);
    await Promise.all([
      unit.waitForURL(/\/console\/obligations\/[0-9a-f-]+$/),
      row.getByRole('link', { name: '浏览器测试许可' }).click(),
    ]);
    await Promise.all([
      unit.waitForURL(new RegExp(`/console/items/${itemId}\\?msg=change_opened`)),
      unit.getByRole('button', { name: '发起取消申请' }).click(),
    ]);
    await unit.getByRole('status').filter({ hasText: '已发起调整申请' }).waitFor();

    const cr = await h.t.ctx.db.kysely
      .selectFrom('change_requests')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([cr.kind, cr.ground], ['cancel', 'art16.1']);
    const o = await h.t.ctx.db.kysely
      .selectFrom('obligations')
      .selectAll()
      .where('id', '=', cr.obligation_id!)
      .executeTakeFirstOrThrow();
    assert.equal(o.status, 'in_change');
    assert.deepEqual(h.cspViolations, []);
  });
});
