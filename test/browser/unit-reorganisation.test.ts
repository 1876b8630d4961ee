import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { currentTotp } from '../../src/accounts/totp.js';
import { signedIn } from '../support/client.js';
import { licenceContent, makeAccount, makeUnit, type TestAccount } from '../support/factories.js';
import { freshCode, passWorkflow } from '../support/workflow.js';
import { startBrowserHarness, type BrowserHarness } from './support/browser.js';

describe('[BROWSER] the centre merges a unit from the console (Art. 18(三))', () => {
  let h: BrowserHarness;
  let verifier: TestAccount;
  let oldUnit: { id: string; name: string };
  let newUnit: { id: string; name: string };
  let itemId = '';

  before(async () => {
    h = await startBrowserHarness();
    const { t, app } = h;
    oldUnit = await makeUnit(t.ctx);
    newUnit = await makeUnit(t.ctx);
    const clerk = await makeAccount(t.ctx, ['unit_clerk'], oldUnit.id);
    verifier = await makeAccount(t.ctx, ['verifier']);
    const api = {
      clerk: await signedIn(app, clerk, t.clock, '10.13.5.1'),
      verifier: await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.13.5.2'),
      publisher: await signedIn(app, await makeAccount(t.ctx, ['publisher']), t.clock, '10.13.5.3'),
    };
    itemId = (
      await api.clerk.post('/api/v1/items', {
        granularity: 'main',
        content: licenceContent({ catalogCode: freshCode(), name: '浏览器划转许可' }),
      })
    ).json().id;
    await passWorkflow(itemId, api.clerk, api.verifier, api.publisher);
  });
  after(async () => {
    await h?.close();
  });

  it('chooses the units, records the merger and sees each item with its adjustment, deadline and the accounts to reassign', async () => {
    const centre = await h.newPage();
    await h.login(centre, verifier.username, verifier.password);
    await centre.getByLabel('动态口令').fill(currentTotp(verifier.totpSecret!, h.t.clock.now()));
    await Promise.all([centre.waitForNavigation(), centre.getByRole('button', { name: '确认' }).click()]);

    await centre.goto('/console/units');
    await Promise.all([
      centre.waitForURL(/\/console\/units\/reorganise$/),
      centre.getByRole('link', { name: '实施机构职能调整' }).click(),
    ]);
    await centre.getByLabel(oldUnit.name).check();
    await centre.getByLabel('合并后的单位（承接全部事项）').selectOption(newUnit.id);
    const today = await centre.getByLabel('调整事由发生日期（机构编制决定生效之日）').inputValue();
    await centre.getByLabel('依据文件文号').fill('平编发〔2026〕3号');
    assert.deepEqual(await h.axe(centre), []);
    await Promise.all([
      centre.waitForURL(/\/console\/units\/reorganisations\/[0-9a-f-]+\?msg=done/),
      centre.getByRole('button', { name: '确认单位合并' }).click(),
    ]);

    const row = centre.getByRole('row').filter({ hasText: '浏览器划转许可' });
    assert.match(
      await row.innerText(),
      new RegExp(`${newUnit.name}[\\s\\S]*划转（取消＋新增）[\\s\\S]*\\d{4}-\\d{2}-\\d{2}[\\s\\S]*待提交`),
    );
    assert.match(
      await centre.locator('section').filter({ hasText: '待重新分配的账号' }).innerText(),
      new RegExp(oldUnit.name),
    );
    assert.deepEqual(await h.axe(centre), []);

    const cr = await h.t.ctx.db.kysely
      .selectFrom('change_requests')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([cr.kind, cr.ground, cr.unit_id, cr.ground_arisen_on], ['transfer', 'art18.3', newUnit.id, today]);
    const unit = await h.t.ctx.db.kysely
      .selectFrom('units')
      .select(['active', 'successor_unit_id'])
      .where('id', '=', oldUnit.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([unit.active, unit.successor_unit_id], [0, newUnit.id]);
    assert.deepEqual(h.cspViolations, []);
  });
});
