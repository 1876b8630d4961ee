import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { completeUscc } from '../../src/domain/uscc.js';
import { buildApp, type App } from '../../src/http/app.js';
import { sample2027Notice } from '../support/calendar.js';
import { Client, signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';

const MIN = 60_000;
const oneTimePassword = (body: string) => /id="one-time-password">([^<]+)</.exec(body)?.[1];
const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`');

for (const dialect of testDialects()) {
  describe(`[${dialect}] console: administration pages of the three administrators`, () => {
    let t: TestContext;
    let app: App;
    let unitId: string;
    let sec: Client;
    let sys: Client;
    let aud: Client;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      unitId = (await makeUnit(t.ctx)).id;
      sec = await signedIn(app, await makeAccount(t.ctx, ['secadmin']), t.clock, '10.5.0.1');
      sys = await signedIn(app, await makeAccount(t.ctx, ['sysadmin']), t.clock, '10.5.0.2');
      aud = await signedIn(app, await makeAccount(t.ctx, ['auditadmin']), t.clock, '10.5.0.3');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });
    beforeEach(() => t.clock.advance(MIN));

    const audits = (action: string) =>
      t.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

    it("the console's stylesheet and scripts are served from public/ (also when running from source)", async () => {
      const css = await app.inject({ method: 'GET', url: '/static/console.css' });
      assert.equal(css.statusCode, 200);
      assert.match(String(css.headers['content-type']), /text\/css/);
      assert.equal((await app.inject({ method: 'GET', url: '/static/system.js' })).statusCode, 200);
    });

    it('账号管理: secadmin issues an account through the form and sees the one-time password once; reloading does not show it again', async () => {
      const list = await sec.get('/console/accounts');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /开设账号/);
      assert.match((await sec.get('/console/accounts/new')).body, /审计管理员（三员）互斥/);

      const created = await sec.form('/console/accounts/new', {
        username: 'Form.Clerk',
        displayName: '表单经办人',
        unitId,
        'roles[]': ['unit_clerk'],
      });
      assert.equal(created.statusCode, 303, created.body);
      const location = String(created.headers.location);
      assert.match(location, /^\/console\/accounts\/[\w-]+\/issued\?r=/);

      const shown = await sec.get(location);
      assert.equal(shown.statusCode, 200);
      assert.equal(shown.headers['cache-control'], 'no-store');
      const password = oneTimePassword(shown.body);
      assert.ok(password && password.length === 16, 'the one-time password is on the result page');
      assert.match(shown.body, /只显示这一次/);

      const reloaded = await sec.get(location);
      assert.equal(reloaded.statusCode, 200);
      assert.equal(oneTimePassword(reloaded.body), undefined);
      assert.ok(
        !reloaded.body.includes(unescape(password!)) && !reloaded.body.includes(password!),
        'not shown a second time',
      );
      assert.match(reloaded.body, /已经显示过/);

      const first = await new Client(app, '10.5.0.9').post('/api/v1/auth/login', {
        username: 'form.clerk',
        password: unescape(password!),
      });
      assert.equal(
        first.json().stage,
        'mfa_enroll',
        "the password works once and forces the holder's own second factor, then a change",
      );
      const row = await t.ctx.db.kysely
        .selectFrom('users')
        .select(['id', 'unit_id', 'roles'])
        .where('username', '=', 'form.clerk')
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.unit_id, row.roles], [unitId, 'unit_clerk']);
      assert.equal(
        (await t.ctx.db.kysely.selectFrom('one_time_reveals').selectAll().execute()).length,
        0,
        'nothing left to reveal',
      );
    });

    it('账号管理: the result page of another session, or after 10 minutes, reveals nothing', async () => {
      const created = await sec.form('/console/accounts/new', {
        username: 'other.session',
        displayName: '会话绑定',
        unitId,
        'roles[]': ['unit_clerk'],
      });
      const otherSec = await signedIn(app, await makeAccount(t.ctx, ['secadmin']), t.clock, '10.5.0.4');
      const stolen = await otherSec.get(String(created.headers.location));
      assert.equal(oneTimePassword(stolen.body), undefined);
      assert.ok(
        oneTimePassword((await sec.get(String(created.headers.location))).body),
        'still there for the issuing session',
      );

      const unclaimed = await sec.form('/console/accounts/new', {
        username: 'never.viewed',
        displayName: '过期',
        unitId,
        'roles[]': ['unit_clerk'],
      });
      // As if 10 minutes had passed (moving the clock would end the other administrators' sessions).
      await t.ctx.db.kysely
        .updateTable('one_time_reveals')
        .set({ expires_at: new Date(t.clock.now().getTime() - 1000).toISOString() })
        .execute();
      assert.equal(
        oneTimePassword((await sec.get(String(unclaimed.headers.location))).body),
        undefined,
        'gone after 10 minutes',
      );
    });

    it('AC-06 (console): the form refuses two 三员 roles with the rule, and nothing is created', async () => {
      const res = await sec.form('/console/accounts/new', {
        username: 'two.admins',
        displayName: '双管理员',
        unitId: '',
        'roles[]': ['sysadmin', 'auditadmin'],
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /三员（系统管理员、安全管理员、审计管理员）角色互斥/);
      assert.match(res.body, /aria-invalid|roles-error/);
      assert.equal(
        await t.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'two.admins').executeTakeFirst(),
        undefined,
      );
    });

    it('账号管理: disable and reset password each go through a confirmation page; the reset shows a new one-time password', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const detail = await sec.get(`/console/accounts/${acc.id}`);
      assert.match(detail.body, new RegExp(`/console/accounts/${acc.id}/disable`));
      const confirm = await sec.get(`/console/accounts/${acc.id}/disable`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /确认停用账号/);
      const status = async () =>
        (await t.ctx.db.kysely.selectFrom('users').select('status').where('id', '=', acc.id).executeTakeFirstOrThrow())
          .status;
      assert.equal(await status(), 'active', 'the confirmation page changes nothing');
      const done = await sec.form(`/console/accounts/${acc.id}/disable`);
      assert.equal(done.statusCode, 303);
      assert.equal(await status(), 'disabled');

      const reset = await sec.form(`/console/accounts/${acc.id}/reset-password`);
      assert.equal(reset.statusCode, 303);
      assert.ok(oneTimePassword((await sec.get(String(reset.headers.location))).body));
      assert.equal((await audits('auth.password_reset')).filter((a) => a.target_id === acc.id).length, 1);
    });

    it('账号管理: changing business roles previews before and after, then applies', async () => {
      const acc = await makeAccount(t.ctx, ['verifier']);
      const preview = await sec.form(`/console/accounts/${acc.id}/roles`, {
        step: 'preview',
        'roles[]': ['verifier', 'publisher'],
      });
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /变更后/);
      const roles = async () =>
        (await t.ctx.db.kysely.selectFrom('users').select('roles').where('id', '=', acc.id).executeTakeFirstOrThrow())
          .roles;
      assert.equal(await roles(), 'verifier');
      assert.equal(
        (await sec.form(`/console/accounts/${acc.id}/roles`, { step: 'confirm', 'roles[]': ['verifier', 'publisher'] }))
          .statusCode,
        303,
      );
      assert.equal(await roles(), 'publisher,verifier');
    });

    it('a unit clerk gets 403 on /console/accounts and the other administration pages', async () => {
      const clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitId), t.clock, '10.5.0.5');
      for (const url of [
        '/console/accounts',
        '/console/security',
        '/console/tokens',
        '/console/audit',
        '/console/system',
      ]) {
        assert.equal((await clerk.get(url)).statusCode, 403, url);
      }
      assert.equal((await clerk.get('/console/units')).statusCode, 200, 'units are readable by business roles');
    });

    it('安全策略: an out-of-range value is shown next to its field and nothing changes; a valid change is saved and audited', async () => {
      const page = await sec.get('/console/security');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /口令最小长度/);
      const mfa = /<select id="f-settings-mfaForUnitRoles"[^>]*>(.*?)<\/select>/s.exec(page.body);
      assert.ok(mfa, 'the 动态口令 choice is rendered');
      assert.doesNotMatch(mfa[1]!, /未填/, 'a required 是/否 offers no blank that could only fail');
      const fields = {
        'settings[password][minLength]': '6',
        'settings[password][minClasses]': '3',
        'settings[password][maxAgeDays]': '90',
        'settings[password][historySize]': '5',
        'settings[lockout][threshold]': '5',
        'settings[lockout][windowMinutes]': '15',
        'settings[lockout][durationMinutes]': '30',
        'settings[ipThrottle][failures]': '20',
        'settings[ipThrottle][windowMinutes]': '10',
        'settings[session][idleMinutes]': '30',
        'settings[session][adminIdleMinutes]': '15',
        'settings[session][absoluteHours]': '12',
        'settings[mfaForUnitRoles]': 'false',
        'settings[initialPasswordHours]': '72',
        'settings[dormantDays]': '90',
      };
      const bad = await sec.form('/console/security', fields);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /「口令最小长度（位）」不能小于 8/);
      assert.equal((await audits('security.policy_changed')).length, 0);

      const good = await sec.form('/console/security', {
        ...fields,
        'settings[password][minLength]': '10',
        'settings[mfaForUnitRoles]': 'true',
      });
      assert.equal(good.statusCode, 303);
      const changed = await audits('security.policy_changed');
      assert.equal(changed.length, 1);
      const details = JSON.parse(changed[0]!.details!);
      assert.equal(details.before.password.minLength, 8);
      assert.equal(details.after.password.minLength, 10);
      assert.equal(
        (await sec.get('/api/v1/security/settings')).json().mfaForUnitRoles,
        true,
        'the API reads what the page wrote',
      );
      assert.equal(
        (
          await sec.put('/api/v1/security/settings', {
            ...details.after,
            password: { ...details.after.password, minLength: 8 },
          })
        ).statusCode,
        200,
      );
      assert.equal((await audits('security.policy_changed')).length, 2, 'the API writes the same audit record');
    });

    it('API 令牌: issued through the form for the scopes the owner may hold, shown once, revoked after confirmation', async () => {
      const owner = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const step2 = await sec.get(`/console/tokens/new?userId=${owner.id}`);
      assert.match(step2.body, /value="item\.read"/);
      assert.ok(!step2.body.includes('value="item.publish"'), "only scopes the owner's roles allow are offered");
      for (const bad of ['2026-13-45', '2027-02-30', 'tomorrow']) {
        const refused = await sec.form('/console/tokens/new', {
          userId: owner.id,
          name: '网办系统',
          'scopes[]': ['item.read'],
          expiresOn: bad,
        });
        assert.equal(refused.statusCode, 400, bad);
        assert.match(refused.body, /到期日不是有效日期/);
      }
      const issued = await sec.form('/console/tokens/new', {
        userId: owner.id,
        name: '网办系统',
        'scopes[]': ['item.read'],
      });
      assert.equal(issued.statusCode, 303, issued.body);
      const page = await sec.get(String(issued.headers.location));
      const token = /id="api-token">([^<]+)</.exec(page.body)?.[1];
      assert.ok(token?.startsWith('sxt_'));
      assert.equal(/id="api-token">/.test((await sec.get(String(issued.headers.location))).body), false, 'shown once');
      const bearer = { authorization: `Bearer ${token}` };
      assert.equal((await new Client(app, '10.5.0.6').get('/api/v1/items', bearer)).statusCode, 200);
      const id = String(issued.headers.location).split('/')[3]!;
      assert.match((await sec.get(`/console/tokens/${id}/revoke`)).body, /确认吊销/);
      assert.equal((await sec.form(`/console/tokens/${id}/revoke`)).statusCode, 303);
      assert.equal((await new Client(app, '10.5.0.6').get('/api/v1/items', bearer)).statusCode, 401);
    });

    it("审计记录: the audit admin's page renders, filters by action, and each query is audited", async () => {
      const page = await aud.get('/console/audit');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /校验审计链/);
      assert.match(page.body, /开设账号（account\.created）/);
      const filtered = await aud.get('/console/audit?action=account.created');
      assert.equal(filtered.statusCode, 200);
      assert.match(filtered.body, /<code>account\.created<\/code>/);
      assert.ok(!filtered.body.includes('<code>auth.login</code>'));
      assert.ok((await audits('audit.queried')).length >= 2);
      const bad = await aud.get('/console/audit?from=yesterday');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /时间格式/);
      const verify = await aud.form('/console/audit/verify');
      assert.equal(verify.statusCode, 200);
      assert.match(verify.body, /审计链完整/);
    });

    it('实施单位: the system administrator registers a unit (USCC check character enforced) and edits it', async () => {
      const first17 = '11140603MB1234567';
      const valid = completeUscc(first17);
      const wrong = first17 + (valid.endsWith('0') ? '1' : '0');
      const fields = (uscc: string) => ({
        'unit[name]': '平鲁区测试局',
        'unit[uscc]': uscc,
        'unit[nature]': '1',
        'unit[regionCode]': '140603',
      });
      const bad = await sys.form('/console/units/new', fields(wrong));
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /校验/);
      const ok = await sys.form('/console/units/new', fields(valid));
      assert.equal(ok.statusCode, 303, ok.body);
      const id = String(ok.headers.location).split('/')[3]!.split('?')[0]!;
      const edit = await sys.get(`/console/units/${id}/edit`);
      assert.match(edit.body, /name="version" value="1"/);
      assert.equal(
        (
          await sys.form(`/console/units/${id}/edit`, {
            ...fields(valid),
            'unit[name]': '平鲁区测试局（改）',
            version: '1',
          })
        ).statusCode,
        303,
      );
      assert.match((await sys.get(`/console/units/${id}`)).body, /平鲁区测试局（改）/);
      assert.equal(
        (await sys.form(`/console/units/${id}/edit`, { ...fields(valid), version: '1' })).statusCode,
        409,
        'stale version',
      );
      assert.match(
        (await sec.get(`/console/units/${unitId}`)).body,
        /本单位账号/,
        "the security administrator sees the unit's accounts",
      );
      const trail = (await aud.get(`/console/audit?targetType=unit&targetId=${id}`)).body;
      assert.match(
        trail,
        /实施单位：平鲁区测试局（改）<br><code class="id">/,
        'the auditor reads the object by its current name',
      );
    });

    it("系统配置: the system administrator imports a year's notice; errors carry field paths; the import is audited", async () => {
      const notice = sample2027Notice();
      const broken = { ...notice, holidays: [{ ...notice.holidays[0], lastDay: '2027-13-01' }] };
      const bad = await sys.form('/console/system/calendar', { notice: JSON.stringify(broken) });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /holidays\.0\.lastDay/);
      const notJson = await sys.form('/console/system/calendar', { notice: '{not json' });
      assert.equal(notJson.statusCode, 400);
      assert.match(notJson.body, /不是有效的 JSON：第 1 行第 2 个字符附近/);
      assert.doesNotMatch(notJson.body, /Expected|position/);
      const ok = await sys.form('/console/system/calendar', { notice: JSON.stringify(notice) });
      assert.equal(ok.statusCode, 303, ok.body);
      assert.match((await sys.get('/console/system')).body, /国务院办公厅关于2027年部分节假日安排的通知/);
      const imported = await audits('calendar.imported');
      assert.equal(imported.length, 1);
      assert.equal(JSON.parse(imported[0]!.details!).year, 2027);
      assert.equal(
        (await sys.form('/console/system/calendar', { notice: JSON.stringify(notice) })).statusCode,
        409,
        'a loaded year is not replaced silently',
      );
    });
  });
}
