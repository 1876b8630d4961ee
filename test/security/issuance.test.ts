import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { currentTotp } from '../../src/accounts/totp.js';
import { runCli } from '../../src/cli/main.js';
import { buildApp, type App } from '../../src/http/app.js';
import { Client, signedIn } from '../support/client.js';
import { capture } from '../support/cli.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';

const MIN = 60_000;

/**
 * 三员分立 at issuance (AC-06/AC-07): an administrator account issued in the console is inactive until a second
 * 安全管理员 (or the server-side CLI) confirms it; a one-time password is never enough to do business (the
 * first sign-in binds the holder's own second factor before anything else); the 审计管理员 sees every account
 * issued, with its issuer.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] 三员: account issuance`, () => {
    let t: TestContext;
    let app: App;
    let unitId: string;
    let sec: Client;
    let secName: string;
    let sec2: Client;
    let aud: Client;
    before(async () => {
      t = await createTestContext(dialect, {
        env: { PASSWORD_PEPPER: randomBytes(32).toString('hex'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex') },
      });
      app = await buildApp(t.ctx);
      unitId = (await makeUnit(t.ctx)).id;
      const first = await makeAccount(t.ctx, ['secadmin']);
      secName = (
        await t.ctx.db.kysely
          .selectFrom('users')
          .select('display_name')
          .where('id', '=', first.id)
          .executeTakeFirstOrThrow()
      ).display_name;
      sec = await signedIn(app, first, t.clock, '10.60.0.1');
      sec2 = await signedIn(app, await makeAccount(t.ctx, ['secadmin']), t.clock, '10.60.0.2');
      aud = await signedIn(app, await makeAccount(t.ctx, ['auditadmin']), t.clock, '10.60.0.3');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });
    beforeEach(async () => {
      t.clock.advance(MIN);
      for (const c of [sec, sec2, aud]) await c.get('/api/v1/auth/me');
    });

    const db = () => t.ctx.db.kysely;
    const audits = (action: string, targetId: string) =>
      db().selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', targetId).execute();
    const issue = (client: Client, username: string, roles: string[], unit: string | null = null) =>
      client.post('/api/v1/accounts', { username, displayName: `测试${username}`, unitId: unit, roles });

    it('AC-07: a 三员 account issued in the console is inactive until a second security administrator confirms it; the issuer cannot', async () => {
      const res = await issue(sec, 'new.auditor', ['auditadmin']);
      assert.equal(res.statusCode, 201);
      const { account, initialPassword } = res.json();
      assert.equal(account.status, 'pending');
      const tryLogin = () =>
        new Client(app, '10.60.1.1').post('/api/v1/auth/login', { username: 'new.auditor', password: initialPassword });
      assert.equal(
        (await tryLogin()).statusCode,
        401,
        'the issuer cannot use the one-time password before confirmation',
      );

      const own = await sec.post(`/api/v1/accounts/${account.id}/confirm`);
      assert.equal(own.statusCode, 403);
      assert.equal((await audits('auth.denied', account.id)).filter((a) => a.reason === 'own_issuance').length, 1);
      const ok = await sec2.post(`/api/v1/accounts/${account.id}/confirm`);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().status, 'active');
      assert.equal((await audits('account.confirmed', account.id)).length, 1);
      assert.equal((await sec2.post(`/api/v1/accounts/${account.id}/confirm`)).statusCode, 409, 'confirmed once');

      const login = await tryLogin();
      assert.equal(login.statusCode, 200);
      assert.equal(login.json().stage, 'mfa_enroll', 'the holder binds a second factor first');
    });

    it('AC-07 (console): the account page offers 确认开设 on a pending 三员 account; a second security administrator confirms it there', async () => {
      const pending = (await issue(sec, 'new.secadmin', ['secadmin'])).json().account;
      const page = await sec2.get(`/console/accounts/${pending.id}`);
      assert.match(page.body, /待确认/);
      assert.match(page.body, new RegExp(`action="/console/accounts/${pending.id}/confirm"`));
      assert.equal((await sec.form(`/console/accounts/${pending.id}/confirm`)).statusCode, 403, 'not by the issuer');
      assert.equal((await sec2.form(`/console/accounts/${pending.id}/confirm`)).statusCode, 303);
      assert.equal(
        (await db().selectFrom('users').select('status').where('id', '=', pending.id).executeTakeFirstOrThrow()).status,
        'active',
      );
    });

    it('AC-07: business accounts are active at once; `shixiang confirm-account` confirms a pending 三员 account on the server', async () => {
      assert.equal((await issue(sec, 'new.clerk1', ['unit_clerk'], unitId)).json().account.status, 'active');
      const pending = (await issue(sec, 'new.sysadmin', ['sysadmin'])).json().account;
      const run = capture(t.env);
      assert.equal(await runCli(['confirm-account', '--username', 'new.sysadmin'], run.io), 0, run.err.join('\n'));
      assert.match(run.out.join('\n'), /new\.sysadmin confirmed/);
      assert.equal(
        (await db().selectFrom('users').select('status').where('id', '=', pending.id).executeTakeFirstOrThrow()).status,
        'active',
      );
      const [record] = await audits('account.confirmed', pending.id);
      assert.match(record!.actor_name ?? '', /^命令行/);
      const again = capture(t.env);
      assert.equal(await runCli(['confirm-account', '--username', 'new.sysadmin'], again.io), 2, 'nothing to confirm');
    });

    it("AUTH-04: the one-time password alone does no business: the first sign-in binds the holder's own TOTP, then changes the password", async () => {
      const { initialPassword } = (await issue(sec, 'new.clerk2', ['unit_clerk'], unitId)).json();
      const c = new Client(app, '10.60.2.1');
      assert.equal(
        (await c.post('/api/v1/auth/login', { username: 'new.clerk2', password: initialPassword })).json().stage,
        'mfa_enroll',
      );
      assert.equal((await c.get('/api/v1/items')).statusCode, 401, 'no business before the second factor');
      assert.equal(
        (await c.post('/api/v1/auth/password', { currentPassword: initialPassword, newPassword: 'Holder-Own-2026' }))
          .statusCode,
        409,
        'nor a password change',
      );
      const start = await c.post('/api/v1/auth/mfa/enroll');
      assert.equal(start.statusCode, 200);
      const enrolled = await c.post('/api/v1/auth/mfa/confirm', {
        code: currentTotp(start.json().secret, t.clock.now()),
      });
      assert.equal(enrolled.json().stage, 'password_change');
      assert.equal(
        (
          await c.post('/api/v1/auth/password', { currentPassword: initialPassword, newPassword: 'Holder-Own-2026' })
        ).json().stage,
        'full',
      );
      assert.equal((await c.get('/api/v1/items')).statusCode, 200);
    });

    it('AC-07: the audit administrator sees every account issued, with its issuer; no one else does', async () => {
      const res = await aud.get('/api/v1/audit/accounts');
      assert.equal(res.statusCode, 200);
      const rows = res.json().accounts as Array<{
        username: string;
        issuedBy: string | null;
        status: string;
        roles: string[];
      }>;
      const byName = new Map(rows.map((r) => [r.username, r]));
      assert.equal(byName.get('new.auditor')?.issuedBy, secName);
      assert.equal(byName.get('new.clerk1')?.issuedBy, secName);
      assert.equal(byName.get('new.sysadmin')?.issuedBy, secName);
      assert.ok(rows.length >= 7, 'every account, the factory-made ones (issued by the system) too');
      assert.equal((await sec.get('/api/v1/audit/accounts')).statusCode, 403);
      const page = await aud.get('/console/audit/accounts');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /new\.auditor/);
      assert.match(page.body, new RegExp(secName));
    });
  });
}
