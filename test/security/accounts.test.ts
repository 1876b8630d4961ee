import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { Client, signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit, TEST_PASSWORD } from '../support/factories.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

for (const dialect of testDialects()) {
  describe(`[${dialect}] accounts: 三员 rules, API tokens, password age`, () => {
    let t: TestContext;
    let app: App;
    let unitId: string;
    let sec: Client;
    let secId: string;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      unitId = (await makeUnit(t.ctx)).id;
      const admin = await makeAccount(t.ctx, ['secadmin']);
      secId = admin.id;
      sec = await signedIn(app, admin, t.clock, '10.4.0.1');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });
    // Fresh rate-limit windows; the security administrator's session stays alive (admin idle limit 15 min).
    beforeEach(async () => {
      t.clock.advance(10 * MIN);
      await sec.get('/api/v1/auth/me');
    });

    const issue = (body: Record<string, unknown>) =>
      sec.post('/api/v1/accounts', { unitId: null, displayName: '测试', ...body });

    it('AC-06: the server refuses an account with two 三员 roles, or a 三员 role plus a business role (400)', async () => {
      for (const roles of [
        ['sysadmin', 'auditadmin'],
        ['secadmin', 'supervisor'],
        ['auditadmin', 'unit_clerk'],
      ]) {
        const res = await issue({
          username: `bad.${roles.join('.')}`,
          roles,
          unitId: roles.includes('unit_clerk') ? unitId : null,
        });
        assert.equal(res.statusCode, 400, roles.join('+'));
        assert.equal(res.json().error.issues[0].path, 'roles');
      }
      const rows = await t.ctx.db.kysely
        .selectFrom('users')
        .select('username')
        .where('username', 'like', 'bad.%')
        .execute();
      assert.deepEqual(rows, []);
    });

    it('AC-06: setAccountRoles cannot add an administrator role to an existing account, nor change a 三员 account', async () => {
      const clerk = await makeAccount(t.ctx, ['supervisor']);
      for (const roles of [['supervisor', 'auditadmin'], ['sysadmin']]) {
        const res = await sec.put(`/api/v1/accounts/${clerk.id}/roles`, { roles });
        assert.equal(res.statusCode, 400, roles.join('+'));
      }
      const audadmin = await makeAccount(t.ctx, ['auditadmin']);
      // AC-06/AC-07: a 三员 account is not administered from the console at all (403, audited).
      assert.equal((await sec.put(`/api/v1/accounts/${audadmin.id}/roles`, { roles: ['supervisor'] })).statusCode, 403);
      const row = await t.ctx.db.kysely
        .selectFrom('users')
        .select('roles')
        .where('id', 'in', [clerk.id, audadmin.id])
        .orderBy('roles')
        .execute();
      assert.deepEqual(
        row.map((r) => r.roles),
        ['auditadmin', 'supervisor'],
      );
      // A business role change is allowed and ends the account's sessions.
      assert.equal(
        (await sec.put(`/api/v1/accounts/${clerk.id}/roles`, { roles: ['verifier', 'publisher'] })).statusCode,
        200,
      );
    });

    it('AC-06: an administrator cannot change their own roles or status', async () => {
      assert.equal((await sec.put(`/api/v1/accounts/${secId}/roles`, { roles: ['supervisor'] })).statusCode, 403);
      assert.equal((await sec.post(`/api/v1/accounts/${secId}/disable`)).statusCode, 403);
      assert.equal((await sec.post(`/api/v1/accounts/${secId}/reset-mfa`)).statusCode, 403);
      assert.equal((await sec.get('/api/v1/auth/me')).statusCode, 200, 'still signed in, still secadmin');
    });

    it('API tokens: a token works as Bearer only within its scopes, is stored hashed, and is refused once revoked', async () => {
      const owner = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const issued = await sec.post('/api/v1/tokens', { name: '网办系统', userId: owner.id, scopes: ['item.read'] });
      assert.equal(issued.statusCode, 201, issued.body);
      const { token, view } = issued.json() as { token: string; view: { id: string } };
      const bearer = { authorization: `Bearer ${token}` };
      const machine = new Client(app, '10.4.0.9');

      assert.equal((await machine.get('/api/v1/items', bearer)).statusCode, 200);
      const outside = await machine.post('/api/v1/items', {}, bearer);
      assert.equal(outside.statusCode, 403, "item.create is within the owner's roles but not the token's scopes");
      assert.equal((await machine.get('/api/v1/items')).statusCode, 401, 'no token, no access');

      const dump = JSON.stringify(await t.ctx.db.kysely.selectFrom('api_tokens').selectAll().execute());
      assert.ok(
        !dump.includes(token) && !dump.includes(token.slice(10)),
        'only the SM3 digest and a short prefix are stored',
      );

      assert.equal((await sec.post(`/api/v1/tokens/${view.id}/revoke`)).statusCode, 200);
      assert.equal((await machine.get('/api/v1/items', bearer)).statusCode, 401);
    });

    it("API tokens: scopes beyond the owner's roles and tokens for 三员 accounts are refused", async () => {
      const owner = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const beyond = await sec.post('/api/v1/tokens', { name: 'x', userId: owner.id, scopes: ['item.publish'] });
      assert.equal(beyond.statusCode, 400);
      assert.equal(beyond.json().error.issues[0].path, 'scopes');
      const admin = await makeAccount(t.ctx, ['sysadmin']);
      const forAdmin = await sec.post('/api/v1/tokens', { name: 'x', userId: admin.id, scopes: ['system.config'] });
      assert.equal(forAdmin.statusCode, 400);
      assert.equal(forAdmin.json().error.issues[0].path, 'userId');
    });

    // Last: it moves the clock by months, past every session's absolute lifetime.
    it('AUTH-03: 7 days before the password expires the login warns; after 90 days only the password change is reachable', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const startedAt = t.clock.now();
      t.clock.advance(84 * DAY);
      const early = new Client(app, '10.4.0.10');
      const warned = await early.post('/api/v1/auth/login', { username: acc.username, password: TEST_PASSWORD });
      assert.equal(warned.json().stage, 'full');
      assert.equal(warned.json().passwordExpiresInDays, 6);

      t.clock.set(new Date(startedAt.getTime() + 91 * DAY));
      const late = new Client(app, '10.4.0.11');
      const expired = await late.post('/api/v1/auth/login', { username: acc.username, password: TEST_PASSWORD });
      assert.equal(expired.statusCode, 200);
      assert.equal(expired.json().stage, 'password_change');
      const blocked = await late.get('/api/v1/items');
      assert.equal(blocked.statusCode, 403);
      assert.equal(blocked.json().error.code, 'PASSWORD_EXPIRED');
      const changed = await late.post('/api/v1/auth/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'Renewed-Pass-2026',
      });
      assert.equal(changed.json().stage, 'full');
      assert.equal((await late.get('/api/v1/items')).statusCode, 200);
    });
  });
}
