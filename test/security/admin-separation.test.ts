import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runCli } from '../../src/cli/main.js';
import { buildApp, type App } from '../../src/http/app.js';
import { Client, signedIn } from '../support/client.js';
import { capture } from '../support/cli.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit, TEST_PASSWORD, type TestAccount } from '../support/factories.js';

const MIN = 60_000;

/**
 * AC-06 / AC-07 (三员分立): the 安全管理员 cannot reset, unlock, disable or re-role another administrator's
 * account (which would hand them that administrator's one-time password); administrator accounts are
 * recovered on the server with `shixiang reset-account`.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] 三员: administrator accounts are not administered from the console`, () => {
    let t: TestContext;
    let app: App;
    let sec: Client;
    let unitId: string;
    before(async () => {
      // The CLI opens its own context from the same environment: it needs the same pepper and data key.
      t = await createTestContext(dialect, {
        env: { PASSWORD_PEPPER: randomBytes(32).toString('hex'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex') },
      });
      app = await buildApp(t.ctx);
      unitId = (await makeUnit(t.ctx)).id;
      sec = await signedIn(app, await makeAccount(t.ctx, ['secadmin']), t.clock, '10.40.0.1');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });
    beforeEach(async () => {
      t.clock.advance(5 * MIN);
      await sec.get('/api/v1/auth/me');
    });

    const db = () => t.ctx.db.kysely;
    const userRow = (id: string) => db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const denials = (targetId: string) =>
      db()
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'auth.denied')
        .where('target_id', '=', targetId)
        .execute();

    it('AC-06: every account action of the secadmin on the audit admin, the system admin or another secadmin → 403, audited, nothing changes', async () => {
      for (const role of ['auditadmin', 'sysadmin', 'secadmin'] as const) {
        const admin = await makeAccount(t.ctx, [role]);
        const victim = await signedIn(app, admin, t.clock, '10.40.0.2');
        await db()
          .updateTable('users')
          .set({ locked_until: new Date(t.clock.now().getTime() + 10 * MIN).toISOString() })
          .where('id', '=', admin.id)
          .execute();
        const before = await userRow(admin.id);
        const calls = [
          () => sec.post(`/api/v1/accounts/${admin.id}/reset-password`),
          () => sec.post(`/api/v1/accounts/${admin.id}/reset-mfa`),
          () => sec.post(`/api/v1/accounts/${admin.id}/unlock`),
          () => sec.post(`/api/v1/accounts/${admin.id}/disable`),
          () => sec.post(`/api/v1/accounts/${admin.id}/enable`),
          () => sec.put(`/api/v1/accounts/${admin.id}/roles`, { roles: [role] }),
        ];
        for (const call of calls) {
          const res = await call();
          assert.equal(res.statusCode, 403, `${role}: ${res.body}`);
          assert.equal(res.json().error.code, 'FORBIDDEN');
          assert.ok(!('initialPassword' in res.json()), 'no one-time password is handed out');
        }
        const after = await userRow(admin.id);
        for (const col of ['password_hash', 'mfa_secret', 'mfa_enabled', 'locked_until', 'status', 'roles'] as const)
          assert.equal(after[col], before[col], `${role}.${col}`);
        const denied = await denials(admin.id);
        assert.equal(denied.length, calls.length, `${role}: each refusal is audited`);
        assert.ok(denied.every((a) => a.result === 'failure' && a.reason === 'administrator_account'));
        await db().updateTable('users').set({ locked_until: null }).where('id', '=', admin.id).execute();
        assert.equal(
          (await victim.get('/api/v1/auth/me')).statusCode,
          200,
          `${role}: the administrator's session survived`,
        );
      }
    });

    it('AC-06: business accounts are still administered normally', async () => {
      const clerk = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const res = await sec.post(`/api/v1/accounts/${clerk.id}/reset-password`);
      assert.equal(res.statusCode, 200);
      assert.ok(res.json().initialPassword);
    });

    it("AC-06 (console): an administrator's account page offers no actions, and the confirmation pages are refused", async () => {
      const aud = await makeAccount(t.ctx, ['auditadmin']);
      const page = await sec.get(`/console/accounts/${aud.id}`);
      assert.equal(page.statusCode, 200);
      for (const action of ['reset-password', 'reset-mfa', 'disable', 'roles'])
        assert.doesNotMatch(page.body, new RegExp(`/console/accounts/${aud.id}/${action}"`), action);
      assert.match(page.body, /shixiang reset-account --username/);
      assert.equal((await sec.get(`/console/accounts/${aud.id}/reset-password`)).statusCode, 403);
      const posted = await sec.form(`/console/accounts/${aud.id}/reset-password`);
      assert.equal(posted.statusCode, 403);
      assert.equal((await denials(aud.id)).length, 1);
      const clerk = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      assert.match(
        (await sec.get(`/console/accounts/${clerk.id}`)).body,
        new RegExp(`/console/accounts/${clerk.id}/reset-password"`),
        'business accounts keep their actions',
      );
    });

    it('`shixiang reset-account` recovers an administrator on the server: one-time password, unlock, TOTP reset, sessions ended, audited as the CLI', async () => {
      const aud: TestAccount = await makeAccount(t.ctx, ['auditadmin']);
      const session = await signedIn(app, aud, t.clock, '10.40.0.3');
      await db()
        .updateTable('users')
        .set({ locked_until: new Date(t.clock.now().getTime() + 20 * MIN).toISOString(), failed_count: 0 })
        .where('id', '=', aud.id)
        .execute();
      const run = capture(t.env);
      assert.equal(
        await runCli(['reset-account', '--username', aud.username.toUpperCase(), '--unlock', '--reset-mfa'], run.io),
        0,
        run.err.join('\n'),
      );
      const password = /one-time password \(shown once\): (\S+)/.exec(run.out.join('\n'))?.[1];
      assert.ok(password, run.out.join('\n'));

      const row = await userRow(aud.id);
      assert.equal(row.locked_until, null);
      assert.equal(row.mfa_enabled, 0);
      assert.equal(row.mfa_secret, null);
      assert.equal(row.must_change_password, 1);
      assert.equal((await session.get('/api/v1/auth/me')).statusCode, 401, 'the sessions ended');

      const records = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('target_id', '=', aud.id)
        .where('action', 'in', ['auth.password_reset', 'auth.unlocked', 'auth.mfa_reset'])
        .execute();
      assert.deepEqual(records.map((r) => r.action).sort(), ['auth.mfa_reset', 'auth.password_reset', 'auth.unlocked']);
      assert.ok(
        records.every(
          (r) =>
            r.actor_role === 'system' &&
            r.actor_id === null &&
            /^命令行/.test(r.actor_name ?? '') &&
            r.reason === 'cli',
        ),
        JSON.stringify(records.map((r) => [r.actor_role, r.actor_name])),
      );
      assert.ok(!JSON.stringify(records).includes(password!), 'the password is not in the audit trail');

      const c = new Client(app, '10.40.0.4');
      const login = await c.post('/api/v1/auth/login', { username: aud.username, password: password! });
      assert.equal(login.statusCode, 200);
      assert.equal(
        login.json().stage,
        'mfa_enroll',
        'the TOTP binding was reset: the holder binds it again before changing the password',
      );
      assert.notEqual(password, TEST_PASSWORD);
    });

    it('`shixiang reset-account` without --unlock leaves a lock in place; an unknown username exits 2', async () => {
      const sys = await makeAccount(t.ctx, ['sysadmin']);
      const until = new Date(t.clock.now().getTime() + 20 * MIN).toISOString();
      await db().updateTable('users').set({ locked_until: until }).where('id', '=', sys.id).execute();
      const run = capture(t.env);
      assert.equal(await runCli(['reset-account', '--username', sys.username], run.io), 0, run.err.join('\n'));
      assert.equal((await userRow(sys.id)).locked_until, until);
      assert.equal((await userRow(sys.id)).mfa_enabled, 1);
      const missing = capture(t.env);
      assert.equal(await runCli(['reset-account', '--username', 'nobody.here'], missing.io), 2);
      assert.match(missing.err.join('\n'), /no account named/);
      assert.equal(await runCli(['reset-account'], capture(t.env).io), 2);
      assert.equal(await runCli(['reset-account', '--username', 'x', '--bogus'], capture(t.env).io), 2);
    });
  });
}
