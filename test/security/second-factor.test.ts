import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { currentTotp } from '../../src/accounts/totp.js';
import { DEFAULT_SECURITY_SETTINGS, writeSecuritySettings } from '../../src/accounts/security-settings.js';
import { Client, signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';

const MIN = 60_000;

/**
 * AUTH-05/AUTH-08 across sign-ins: wrong second-factor codes are not forgiven by the next correct password
 * (only a completed sign-in clears them), they use up the address's allowance (AUTH-06), and they lock.
 * Policy changes reach live sessions (a unit session without TOTP goes to enrolment once TOTP is required).
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] second factor: guessing across sign-ins, policy changes on live sessions`, () => {
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
    beforeEach(async () => {
      t.clock.advance(60 * MIN);
      await writeSecuritySettings(t.ctx.db.kysely, DEFAULT_SECURITY_SETTINGS, t.clock.now().toISOString(), null);
    });

    const db = () => t.ctx.db.kysely;
    const audits = (action: string, targetId: string) =>
      db().selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', targetId).execute();
    const userRow = (id: string) => db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const wrongCode = (secret: string) => (currentTotp(secret, t.clock.now()) === '000000' ? '111111' : '000000');

    it('AUTH-08: 3 sign-ins × 4 wrong codes → locked (a correct password does not forgive them), the right code refused, auth.locked audited', async () => {
      const acc = await makeAccount(t.ctx, ['supervisor']);
      let last: Client | undefined;
      for (let signIn = 0; signIn < 3; signIn++) {
        const c = new Client(app, '10.40.0.1');
        const res = await c.post('/api/v1/auth/login', { username: acc.username, password: acc.password });
        if (res.statusCode !== 200) break; // locked: the password step refuses too
        assert.equal(res.json().stage, 'mfa_pending');
        last = c;
        for (let i = 0; i < 4; i++)
          assert.equal((await c.post('/api/v1/auth/mfa', { code: wrongCode(acc.totpSecret!) })).statusCode, 401);
        t.clock.advance(MIN);
      }
      const row = await userRow(acc.id);
      assert.ok(row.locked_until && row.locked_until > t.clock.now().toISOString(), 'the account is locked');
      const locks = await audits('auth.locked', acc.id);
      assert.equal(locks.length, 1, 'the lock is audited');
      assert.equal(
        (await audits('auth.login_failed', acc.id)).filter((a) => a.reason === 'totp').length,
        DEFAULT_SECURITY_SETTINGS.lockout.threshold,
      );
      assert.equal(
        (await last!.post('/api/v1/auth/mfa', { code: currentTotp(acc.totpSecret!, t.clock.now()) })).statusCode,
        401,
        'the right code is refused',
      );
      assert.equal(
        (
          await new Client(app, '10.40.0.2').post('/api/v1/auth/login', {
            username: acc.username,
            password: acc.password,
          })
        ).statusCode,
        401,
      );
    });

    it('AUTH-08: only a completed sign-in clears earlier wrong codes', async () => {
      const acc = await makeAccount(t.ctx, ['supervisor']);
      const c = new Client(app, '10.40.1.1');
      await c.post('/api/v1/auth/login', { username: acc.username, password: acc.password });
      for (let i = 0; i < 3; i++) await c.post('/api/v1/auth/mfa', { code: wrongCode(acc.totpSecret!) });
      assert.equal((await userRow(acc.id)).failed_count, 3);
      const again = new Client(app, '10.40.1.1');
      assert.equal(
        (await again.post('/api/v1/auth/login', { username: acc.username, password: acc.password })).statusCode,
        200,
      );
      assert.equal((await userRow(acc.id)).failed_count, 3, 'the right password neither forgives nor adds');
      assert.equal(
        (await again.post('/api/v1/auth/mfa', { code: currentTotp(acc.totpSecret!, t.clock.now()) })).json().stage,
        'full',
      );
      assert.equal((await userRow(acc.id)).failed_count, 0, 'the completed sign-in clears the count');
    });

    it('AUTH-06: wrong codes count toward the per-address limit', async () => {
      await writeSecuritySettings(
        db(),
        { ...DEFAULT_SECURITY_SETTINGS, ipThrottle: { failures: 5, windowMinutes: 10 } },
        t.clock.now().toISOString(),
        null,
      );
      const a = await makeAccount(t.ctx, ['supervisor']);
      const b = await makeAccount(t.ctx, ['verifier']);
      for (const acc of [a, b]) {
        const c = new Client(app, '10.40.2.1');
        assert.equal(
          (await c.post('/api/v1/auth/login', { username: acc.username, password: acc.password })).statusCode,
          200,
        );
        for (let i = 0; i < 3; i++) await c.post('/api/v1/auth/mfa', { code: wrongCode(acc.totpSecret!) });
      }
      const c = new Client(app, '10.40.2.1');
      const res = await c.post('/api/v1/auth/login', { username: a.username, password: a.password });
      assert.equal(res.statusCode, 429, 'six wrong codes used up the address allowance of five');
      assert.equal(
        (await new Client(app, '10.40.2.2').post('/api/v1/auth/login', { username: a.username, password: a.password }))
          .statusCode,
        200,
        'another address is not throttled',
      );
    });

    it('SESS: after TOTP is required for unit roles, a live unit session without a second factor goes to enrolment at its next request', async () => {
      const clerk = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, clerk, t.clock, '10.40.3.1');
      assert.equal((await c.get('/api/v1/items')).statusCode, 200);
      const sec = await signedIn(app, await makeAccount(t.ctx, ['secadmin']), t.clock, '10.40.3.2');
      const current = (await sec.get('/api/v1/security/settings')).json();
      assert.equal((await sec.put('/api/v1/security/settings', { ...current, mfaForUnitRoles: true })).statusCode, 200);

      const refused = await c.get('/api/v1/items');
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json().error.details.stage, 'mfa_enroll');
      assert.equal((await c.get('/api/v1/auth/me')).json().stage, 'mfa_enroll');
      const page = await c.get('/console');
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, '/console/account/mfa');
      // Enrolment completes the session again.
      const start = await c.post('/api/v1/auth/mfa/enroll');
      assert.equal(start.statusCode, 200);
      assert.equal(
        (await c.post('/api/v1/auth/mfa/confirm', { code: currentTotp(start.json().secret, t.clock.now()) })).json()
          .stage,
        'full',
      );
      assert.equal((await c.get('/api/v1/items')).statusCode, 200);
    });
  });
}
