import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { currentTotp } from '../../src/accounts/totp.js';
import { Client, signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit, TEST_PASSWORD } from '../support/factories.js';

const MIN = 60_000;

/**
 * AUTH-05, AUTH-06, AUTH-08 under concurrency: attempts are reserved atomically before the secret is
 * checked, so parallel requests cannot all be judged on the same unlocked row or the same IP count.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] sign-in under parallel attempts`, () => {
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
    beforeEach(() => t.clock.advance(60 * MIN)); // fresh rate-limit and lockout windows per test

    const db = () => t.ctx.db.kysely;
    const audits = (action: string, targetId: string) =>
      db().selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', targetId).execute();
    const userRow = (id: string) => db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const sessionsOf = (id: string) => db().selectFrom('sessions').selectAll().where('user_id', '=', id).execute();
    const loginFrom = (ip: string, username: string, password: string) =>
      new Client(app, ip).post('/api/v1/auth/login', { username, password });

    it('AUTH-05/AUTH-06: 39 parallel wrong attempts from one IP, then the right password → no session, account locked once, IP throttled', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const ip = '10.20.0.1';
      // The right password follows the burst: inside it, it could legitimately win before the fifth failure.
      const results = await Promise.all(
        Array.from({ length: 39 }, (_, i) => loginFrom(ip, acc.username, `Wrong-pass-${i}`)),
      );
      results.push(await loginFrom(ip, acc.username, TEST_PASSWORD));
      const statuses = results.map((r) => r.statusCode);
      assert.ok(!statuses.includes(200), `no attempt succeeded: ${statuses.join(',')}`);
      assert.ok(
        statuses.every((s) => s === 401 || s === 429),
        statuses.join(','),
      );
      assert.ok(statuses.filter((s) => s === 429).length >= 19, 'the IP allowance (20) was enforced during the burst');
      assert.deepEqual(await sessionsOf(acc.id), [], 'no session of any stage exists');

      const row = await userRow(acc.id);
      assert.ok(row.locked_until && row.locked_until > t.clock.now().toISOString(), 'the account is locked');
      assert.equal((await audits('auth.locked', acc.id)).length, 1, 'the lock is audited once');
      assert.equal((await audits('auth.login_failed', acc.id)).length, 40, 'one auth.login_failed per refused attempt');

      assert.equal((await loginFrom(ip, acc.username, TEST_PASSWORD)).statusCode, 429, 'the IP is throttled');
      assert.equal(
        (await loginFrom('10.20.0.2', acc.username, TEST_PASSWORD)).statusCode,
        401,
        'the account is locked for every IP',
      );
      t.clock.advance(31 * MIN);
      assert.equal(
        (await loginFrom('10.20.0.2', acc.username, TEST_PASSWORD)).statusCode,
        200,
        'the lock ends after 30 minutes',
      );
    });

    it('AUTH-05: 39 parallel wrong attempts from 39 IPs (no IP throttle), then the right one → no session; at most 5 passwords are even checked', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const results = await Promise.all(
        Array.from({ length: 39 }, (_, i) => loginFrom(`10.21.0.${i + 1}`, acc.username, `Wrong-pass-${i}`)),
      );
      results.push(await loginFrom('10.21.0.40', acc.username, TEST_PASSWORD));
      assert.ok(
        results.every((r) => r.statusCode === 401),
        results.map((r) => r.statusCode).join(','),
      );
      assert.equal(new Set(results.map((r) => r.json().error.message)).size, 1, 'one generic message');
      assert.deepEqual(await sessionsOf(acc.id), []);
      const row = await userRow(acc.id);
      assert.ok(row.locked_until && row.locked_until > t.clock.now().toISOString());
      assert.equal((await audits('auth.locked', acc.id)).length, 1);
      const failed = await audits('auth.login_failed', acc.id);
      assert.equal(failed.length, 40);
      assert.ok(
        failed.filter((a) => a.reason === 'password').length <= 5,
        'attempts beyond the threshold are refused without checking the password',
      );
    });

    it('AUTH-06: successes give their IP slot back, so many correct sign-ins behind one NAT are not throttled', async () => {
      const accounts = await Promise.all(Array.from({ length: 5 }, () => makeAccount(t.ctx, ['unit_clerk'], unitId)));
      for (let i = 0; i < 30; i++) {
        const acc = accounts[i % accounts.length]!;
        assert.equal((await loginFrom('10.22.0.1', acc.username, TEST_PASSWORD)).statusCode, 200, `sign-in ${i + 1}`);
      }
      // Failures still count: 20 wrong ones, then even the right password gets 429.
      for (let i = 0; i < 20; i++) await loginFrom('10.22.0.1', `ghost${i}`, 'Wrong-pass-1');
      assert.equal((await loginFrom('10.22.0.1', accounts[0]!.username, TEST_PASSWORD)).statusCode, 429);
    });

    it('AUTH-05: four wrong passwords and then the right one still sign in (the reservation does not lower the threshold)', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      for (let i = 0; i < 4; i++)
        assert.equal((await loginFrom('10.23.0.1', acc.username, 'Wrong-pass-1')).statusCode, 401);
      assert.equal((await loginFrom('10.23.0.1', acc.username, TEST_PASSWORD)).statusCode, 200);
      const row = await userRow(acc.id);
      assert.equal(row.failed_count, 0, 'a success resets the counter');
      assert.equal(row.locked_until, null);
    });

    it('AUTH-08: the same TOTP code submitted in parallel from several pending sessions is accepted at most once', async () => {
      const acc = await makeAccount(t.ctx, ['supervisor']);
      const pending: Client[] = [];
      for (let i = 0; i < 4; i++) {
        const c = new Client(app, '10.24.0.1');
        assert.equal(
          (await c.post('/api/v1/auth/login', { username: acc.username, password: acc.password })).json().stage,
          'mfa_pending',
        );
        pending.push(c);
      }
      const code = currentTotp(acc.totpSecret!, t.clock.now());
      const results = await Promise.all(pending.map((c) => c.post('/api/v1/auth/mfa', { code })));
      const ok = results.filter((r) => r.statusCode === 200);
      assert.equal(ok.length, 1, results.map((r) => r.statusCode).join(','));
      assert.equal(ok[0]!.json().stage, 'full');
      assert.equal(
        (
          await db()
            .selectFrom('sessions')
            .select('stage')
            .where('user_id', '=', acc.id)
            .where('stage', '=', 'full')
            .execute()
        ).length,
        1,
      );
      const replays = (await audits('auth.login_failed', acc.id)).filter((a) => a.reason === 'totp_replayed');
      assert.equal(replays.length, 3, 'each replay is refused and audited');
    });

    it('AUTH-08: wrong TOTP codes in parallel count toward the lockout; the account locks once', async () => {
      const acc = await makeAccount(t.ctx, ['supervisor']);
      const pending: Client[] = [];
      for (let i = 0; i < 8; i++) {
        const c = new Client(app, '10.25.0.1');
        await c.post('/api/v1/auth/login', { username: acc.username, password: acc.password });
        pending.push(c);
      }
      const right = currentTotp(acc.totpSecret!, t.clock.now());
      const wrong = right === '000000' ? '111111' : '000000';
      // The wrong codes race each other; the right one comes after them (sent in the same batch it could
      // legitimately win before the fifth failure lands), and by then the lock has ended its session.
      const results = await Promise.all(pending.slice(0, 7).map((c) => c.post('/api/v1/auth/mfa', { code: wrong })));
      assert.ok(
        results.every((r) => r.statusCode === 401),
        results.map((r) => r.statusCode).join(','),
      );
      assert.equal((await pending[7]!.post('/api/v1/auth/mfa', { code: right })).statusCode, 401);
      const row = await userRow(acc.id);
      assert.ok(row.locked_until && row.locked_until > t.clock.now().toISOString());
      assert.equal((await audits('auth.locked', acc.id)).length, 1);
      assert.deepEqual(await sessionsOf(acc.id), [], 'the lock ended every pending session');
    });

    it('AUTH-05/AUTH-09: a wrong current password when changing the password counts toward lockout; the fifth locks and ends the session', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.26.0.1');
      for (let i = 0; i < 5; i++) {
        const res = await c.post('/api/v1/auth/password', {
          currentPassword: `Wrong-pass-${i}`,
          newPassword: 'Another-Pass-2026',
        });
        assert.equal(res.statusCode, 400, `attempt ${i + 1}`);
        assert.equal(res.json().error.issues[0].path, 'currentPassword');
      }
      const row = await userRow(acc.id);
      assert.ok(row.locked_until && row.locked_until > t.clock.now().toISOString());
      assert.equal((await audits('auth.locked', acc.id)).length, 1);
      assert.equal((await audits('auth.login_failed', acc.id)).filter((a) => a.reason === 'reauth_password').length, 5);
      assert.equal((await c.get('/api/v1/auth/me')).statusCode, 401, 'the lock ended the session');
    });

    it('AUTH-09: a right current password with a weak new one does not use up the lockout allowance', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.26.0.2');
      for (let i = 0; i < 6; i++)
        assert.equal(
          (await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'weak' })).statusCode,
          400,
        );
      assert.equal((await userRow(acc.id)).locked_until, null);
      assert.equal(
        (
          await c.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Another-Pass-2026' })
        ).json().stage,
        'full',
      );
    });

    it('voluntary TOTP enrolment from a full session needs the current password; a wrong one counts toward lockout', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.27.0.1');
      const none = await c.post('/api/v1/auth/mfa/enroll');
      assert.equal(none.statusCode, 400);
      assert.equal(none.json().error.issues[0].path, 'currentPassword');
      const wrong = await c.post('/api/v1/auth/mfa/enroll', { currentPassword: 'Wrong-pass-1' });
      assert.equal(wrong.statusCode, 400);
      assert.equal((await userRow(acc.id)).failed_count, 1, 'the wrong password counted');
      assert.equal((await userRow(acc.id)).mfa_secret, null, 'no secret was created or shown');
      const ok = await c.post('/api/v1/auth/mfa/enroll', { currentPassword: TEST_PASSWORD });
      assert.equal(ok.statusCode, 200);
      const confirmed = await c.post('/api/v1/auth/mfa/confirm', {
        code: currentTotp(ok.json().secret, t.clock.now()),
      });
      assert.equal(confirmed.statusCode, 200);
      assert.equal((await userRow(acc.id)).mfa_enabled, 1);
    });

    it('voluntary TOTP enrolment in the console asks for the current password before showing the secret', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.27.0.2');
      const page = await c.get('/console/account/mfa');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /name="currentPassword"/);
      assert.doesNotMatch(page.body, /class="secret"/);
      const wrong = await c.form('/console/account/mfa', { step: 'start', currentPassword: 'Wrong-pass-1' });
      assert.equal(wrong.statusCode, 400);
      assert.doesNotMatch(wrong.body, /class="secret"/);
      const shown = await c.form('/console/account/mfa', { step: 'start', currentPassword: TEST_PASSWORD });
      assert.equal(shown.statusCode, 200);
      const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(shown.body)?.[1];
      assert.ok(secret, 'the secret is shown after the password');
      const done = await c.form('/console/account/mfa', { code: currentTotp(secret!, t.clock.now()) });
      assert.equal(done.statusCode, 303);
      assert.equal((await userRow(acc.id)).mfa_enabled, 1);
    });
  });
}
