import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { currentTotp } from '../../src/accounts/totp.js';
import { Client, signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit, TEST_PASSWORD } from '../support/factories.js';

const MIN = 60_000;

for (const dialect of testDialects()) {
  describe(`[${dialect}] authentication, sessions and CSRF`, () => {
    let t: TestContext;
    let app: App;
    let unitId: string;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      unitId = (await makeUnit(t.ctx)).id;
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });
    beforeEach(() => t.clock.advance(60 * MIN)); // fresh rate-limit windows per test

    const audits = (action: string) =>
      t.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

    it('AUTH-05: five wrong passwords lock the account; the correct one is then refused with the same message; it opens after 30 minutes', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = new Client(app, '10.1.0.5');
      for (let i = 0; i < 5; i++)
        assert.equal(
          (await c.post('/api/v1/auth/login', { username: acc.username, password: 'Wrong-pass-1' })).statusCode,
          401,
        );
      const locked = await c.post('/api/v1/auth/login', { username: acc.username, password: TEST_PASSWORD });
      assert.equal(locked.statusCode, 401);
      const wrong = await c.post('/api/v1/auth/login', { username: acc.username, password: 'Wrong-pass-1' });
      assert.deepEqual(locked.json().error.message, wrong.json().error.message);
      assert.equal((await audits('auth.locked')).filter((a) => a.target_id === acc.id).length, 1);
      t.clock.advance(31 * MIN);
      assert.equal(
        (await c.post('/api/v1/auth/login', { username: acc.username, password: TEST_PASSWORD })).statusCode,
        200,
      );
    });

    it('AUTH-07: unknown user, wrong password and disabled account give identical responses', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = new Client(app, '10.1.0.6');
      const unknown = await c.post('/api/v1/auth/login', { username: 'nobody-here', password: 'Wrong-pass-1' });
      const wrong = await c.post('/api/v1/auth/login', { username: acc.username, password: 'Wrong-pass-1' });
      await t.ctx.db.kysely.updateTable('users').set({ status: 'disabled' }).where('id', '=', acc.id).execute();
      const disabled = await c.post('/api/v1/auth/login', { username: acc.username, password: TEST_PASSWORD });
      for (const r of [unknown, wrong, disabled]) {
        assert.equal(r.statusCode, 401);
        assert.equal(r.json().error.message, unknown.json().error.message);
        assert.equal(r.json().error.code, 'UNAUTHENTICATED');
      }
    });

    it('AUTH-01: usernames differing only in case or surrounding spaces are the same identity', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId, { username: 'case.test' });
      const c = new Client(app, '10.1.0.7');
      assert.equal(
        (await c.post('/api/v1/auth/login', { username: '  CASE.Test ', password: TEST_PASSWORD })).statusCode,
        200,
      );
      await assert.rejects(makeAccount(t.ctx, ['unit_clerk'], unitId, { username: 'Case.Test' }), /已存在/);
      void acc;
    });

    it('AUTH-04: the one-time initial password forces a second factor and a change before any business route, and cannot be kept', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId, { enrolled: false });
      const c = new Client(app, '10.1.0.8');
      const res = await c.post('/api/v1/auth/login', { username: acc.username, password: acc.initialPassword });
      assert.equal(res.json().stage, 'mfa_enroll', 'the holder binds a second factor of their own first (issue 9)');
      assert.equal((await c.get('/api/v1/items')).statusCode, 401);
      const secret = (await c.post('/api/v1/auth/mfa/enroll')).json().secret as string;
      assert.equal(
        (await c.post('/api/v1/auth/mfa/confirm', { code: currentTotp(secret, t.clock.now()) })).json().stage,
        'password_change',
      );
      const blocked = await c.get('/api/v1/items');
      assert.equal(blocked.statusCode, 403);
      assert.equal(blocked.json().error.code, 'PASSWORD_EXPIRED');
      const same = await c.post('/api/v1/auth/password', {
        currentPassword: acc.initialPassword,
        newPassword: acc.initialPassword,
      });
      assert.equal(same.statusCode, 400);
      const weak = await c.post('/api/v1/auth/password', {
        currentPassword: acc.initialPassword,
        newPassword: 'password1',
      });
      assert.equal(weak.statusCode, 400);
      assert.equal(weak.json().error.issues[0].path, 'newPassword');
      const ok = await c.post('/api/v1/auth/password', {
        currentPassword: acc.initialPassword,
        newPassword: 'Fresh-Start-2026',
      });
      assert.equal(ok.json().stage, 'full');
      assert.equal((await c.get('/api/v1/items')).statusCode, 200);
    });

    it('AUTH-04: an initial password expires after 72 hours', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId, { enrolled: false });
      t.clock.advance(73 * 60 * MIN);
      const res = await new Client(app, '10.1.0.9').post('/api/v1/auth/login', {
        username: acc.username,
        password: acc.initialPassword,
      });
      assert.equal(res.statusCode, 401);
    });

    it('AUTH-08: centre accounts must enrol TOTP before anything else, then present a code at every login; a code is accepted once', async () => {
      const acc = await makeAccount(t.ctx, ['verifier'], null, { enrolled: false });
      const c = new Client(app, '10.1.0.10');
      assert.equal(
        (await c.post('/api/v1/auth/login', { username: acc.username, password: acc.initialPassword })).json().stage,
        'mfa_enroll',
      );
      assert.equal((await c.get('/api/v1/items')).statusCode, 401);
      const enroll = await c.post('/api/v1/auth/mfa/enroll');
      const secret = enroll.json().secret as string;
      assert.match(enroll.json().qrSvg, /^<svg/);
      const confirmed = await c.post('/api/v1/auth/mfa/confirm', { code: currentTotp(secret, t.clock.now()) });
      assert.equal(confirmed.json().stage, 'password_change');
      const changed = await c.post('/api/v1/auth/password', {
        currentPassword: acc.initialPassword,
        newPassword: 'Verifier-Pass-99',
      });
      assert.equal(changed.json().stage, 'full');
      assert.equal((await c.get('/api/v1/items')).statusCode, 200);

      t.clock.advance(2 * MIN);
      const c2 = new Client(app, '10.1.0.10');
      const first = await c2.post('/api/v1/auth/login', { username: acc.username, password: 'Verifier-Pass-99' });
      assert.equal(first.json().stage, 'mfa_pending');
      assert.equal((await c2.get('/api/v1/items')).statusCode, 401);
      const code = currentTotp(secret, t.clock.now());
      assert.equal((await c2.post('/api/v1/auth/mfa', { code })).json().stage, 'full');
      const c3 = new Client(app, '10.1.0.10');
      await c3.post('/api/v1/auth/login', { username: acc.username, password: 'Verifier-Pass-99' });
      assert.equal((await c3.post('/api/v1/auth/mfa', { code })).statusCode, 401, 'a TOTP code cannot be replayed');
    });

    it('SESS-01: the session id changes at login and after the second factor; the pre-factor cookie no longer works', async () => {
      const acc = await makeAccount(t.ctx, ['supervisor'], null);
      const c = new Client(app, '10.1.0.11');
      await c.post('/api/v1/auth/login', { username: acc.username, password: acc.password });
      const pending = c.cookie;
      await c.post('/api/v1/auth/mfa', { code: currentTotp(acc.totpSecret!, t.clock.now()) });
      assert.notEqual(c.cookie, pending);
      const stale = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: pending } });
      assert.equal(stale.statusCode, 401);
    });

    it('SESS-03: a session ends after 30 idle minutes and after 12 hours in all; the timeout is audited', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.1.0.12');
      t.clock.advance(29 * MIN);
      assert.equal((await c.get('/api/v1/auth/me')).statusCode, 200);
      t.clock.advance(31 * MIN);
      assert.equal((await c.get('/api/v1/auth/me')).statusCode, 401);
      assert.ok((await audits('auth.session_expired')).some((a) => a.target_id === acc.id && a.reason === 'idle'));

      const c2 = await signedIn(app, acc, t.clock, '10.1.0.12');
      for (let h = 0; h < 12; h++) {
        t.clock.advance(25 * MIN);
        await c2.get('/api/v1/auth/me');
        t.clock.advance(35 * MIN - 25 * MIN);
        await c2.get('/api/v1/auth/me');
        t.clock.advance(25 * MIN);
      }
      assert.equal((await c2.get('/api/v1/auth/me')).statusCode, 401);
    });

    it('SESS-04: logout invalidates the session on the server and clears site data', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.1.0.13');
      const cookie = c.cookie;
      const out = await c.post('/api/v1/auth/logout');
      assert.equal(out.statusCode, 204);
      assert.match(String(out.headers['clear-site-data']), /cookies/);
      const replay = await app.inject({ method: 'GET', url: '/api/v1/items', headers: { cookie } });
      assert.equal(replay.statusCode, 401);
    });

    it('SESS-05: disabling an account ends its sessions at once', async () => {
      const admin = await makeAccount(t.ctx, ['secadmin'], null);
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const victim = await signedIn(app, acc, t.clock, '10.1.0.14');
      const sec = await signedIn(app, admin, t.clock, '10.1.0.14');
      assert.equal((await sec.post(`/api/v1/accounts/${acc.id}/disable`)).statusCode, 200);
      assert.equal((await victim.get('/api/v1/items')).statusCode, 401);
    });

    it('IN-04: a cookie-authenticated write without the CSRF token, or from another site, is refused', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.1.0.15');
      const noToken = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie } });
      assert.equal(noToken.statusCode, 403);
      assert.equal(noToken.json().error.code, 'CSRF_FAILED');
      const crossSite = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'sec-fetch-site': 'cross-site' },
      });
      assert.equal(crossSite.statusCode, 403);
      assert.equal((await c.get('/api/v1/auth/me')).statusCode, 200, 'the session survived both attempts');
    });

    it('AUTH-06: more than 20 failures from one IP throttle that IP (429 with Retry-After) without locking other accounts further', async () => {
      const c = new Client(app, '10.9.9.9');
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      for (let i = 0; i < 20; i++)
        await c.post('/api/v1/auth/login', { username: `ghost${i}`, password: 'Wrong-pass-1' });
      const throttled = await c.post('/api/v1/auth/login', { username: acc.username, password: TEST_PASSWORD });
      assert.equal(throttled.statusCode, 429);
      assert.ok(Number(throttled.headers['retry-after']) > 0);
      assert.equal(
        (
          await new Client(app, '10.9.9.10').post('/api/v1/auth/login', {
            username: acc.username,
            password: TEST_PASSWORD,
          })
        ).statusCode,
        200,
      );
    });

    it('AUD-01: login success and failure are audited, without the password', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = new Client(app, '10.1.0.16');
      await c.post('/api/v1/auth/login', { username: acc.username, password: 'Wrong-pass-Secret-1' });
      await c.signIn(acc, t.clock);
      const failed = (await audits('auth.login_failed')).filter((a) => a.target_id === acc.id);
      const ok = (await audits('auth.login')).filter((a) => a.target_id === acc.id);
      assert.equal(failed.length, 1);
      assert.equal(ok.length, 1);
      assert.equal(ok[0]!.ip, '10.1.0.16');
      const all = JSON.stringify(await t.ctx.db.kysely.selectFrom('audit_log').selectAll().execute());
      assert.ok(
        !all.includes('Wrong-pass-Secret-1') && !all.includes(TEST_PASSWORD),
        'AUTH-12: no password in the audit trail',
      );
    });
  });
}
