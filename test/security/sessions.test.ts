import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { currentTotp } from '../../src/accounts/totp.js';
import { Client, signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';

const MIN = 60_000;

for (const dialect of testDialects()) {
  describe(`[${dialect}] sessions and tokens of expired, locked and administered accounts`, () => {
    let t: TestContext;
    let app: App;
    let unitId: string;
    let sec: Client;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      unitId = (await makeUnit(t.ctx)).id;
      sec = await signedIn(app, await makeAccount(t.ctx, ['secadmin']), t.clock, '10.30.0.1');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });
    // Fresh rate-limit windows; the security administrator's session stays alive (admin idle limit 15 min).
    beforeEach(() => advance(10));

    const db = () => t.ctx.db.kysely;
    /** Moves the clock in steps the security administrator's session survives (admin idle limit 15 min). */
    const advance = async (minutes: number) => {
      for (let left = minutes; left > 0; left -= 10) {
        t.clock.advance(Math.min(left, 10) * MIN);
        await sec.get('/api/v1/auth/me');
      }
    };
    const setUser = (id: string, patch: { expires_at?: string | null; locked_until?: string | null }) =>
      db().updateTable('users').set(patch).where('id', '=', id).execute();
    const inMinutes = (n: number) => new Date(t.clock.now().getTime() + n * MIN).toISOString();

    async function tokenFor(ownerId: string): Promise<Record<string, string>> {
      const res = await sec.post('/api/v1/tokens', { name: '网办系统', userId: ownerId, scopes: ['item.read'] });
      assert.equal(res.statusCode, 201, res.body);
      return { authorization: `Bearer ${res.json().token}` };
    }

    it("AUTH-11: once an account's expires_at has passed, its open session and its API tokens stop working", async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.30.0.2');
      const bearer = await tokenFor(acc.id);
      const machine = new Client(app, '10.30.0.3');
      assert.equal((await c.get('/api/v1/items')).statusCode, 200);
      assert.equal((await machine.get('/api/v1/items', bearer)).statusCode, 200);
      await setUser(acc.id, { expires_at: inMinutes(5) });
      assert.equal((await c.get('/api/v1/items')).statusCode, 200, 'not yet expired');
      await advance(6);
      assert.equal((await c.get('/api/v1/items')).statusCode, 401);
      assert.equal((await machine.get('/api/v1/items', bearer)).statusCode, 401);
      assert.deepEqual(
        await db().selectFrom('sessions').select('id_hash').where('user_id', '=', acc.id).execute(),
        [],
        'the session was deleted',
      );
    });

    it("AUTH-05: a locked account's API tokens are refused until the lock ends; a session that escaped the lock is refused too", async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const bearer = await tokenFor(acc.id);
      const c = await signedIn(app, acc, t.clock, '10.30.0.4');
      const machine = new Client(app, '10.30.0.5');
      // Set the lock directly, as a concurrent attempt would, without the session clean-up of the lockout path.
      await setUser(acc.id, { locked_until: inMinutes(30) });
      assert.equal((await machine.get('/api/v1/items', bearer)).statusCode, 401);
      assert.equal((await c.get('/api/v1/items')).statusCode, 401);
      await advance(31);
      assert.equal(
        (await machine.get('/api/v1/items', bearer)).statusCode,
        200,
        'the token works again after the lock',
      );
    });

    it("AUTH-05: the lockout itself ends the account's sessions", async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = await signedIn(app, acc, t.clock, '10.30.0.6');
      for (let i = 0; i < 5; i++)
        await new Client(app, '10.30.0.7').post('/api/v1/auth/login', {
          username: acc.username,
          password: 'Wrong-pass-1',
        });
      assert.equal((await c.get('/api/v1/auth/me')).statusCode, 401);
    });

    it("SESS-06: the security administrator lists an account's sessions (when, IP, browser; never the id) and ends one, then all; each is audited", async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const a = new Client(app, '10.31.0.1');
      const b = new Client(app, '10.31.0.2');
      assert.equal(
        (
          await a.post(
            '/api/v1/auth/login',
            { username: acc.username, password: acc.password },
            { 'user-agent': 'Browser-A/1.0' },
          )
        ).statusCode,
        200,
      );
      assert.equal(
        (
          await b.post(
            '/api/v1/auth/login',
            { username: acc.username, password: acc.password },
            { 'user-agent': 'Browser-B/2.0' },
          )
        ).statusCode,
        200,
      );

      const listed = await sec.get(`/api/v1/accounts/${acc.id}/sessions`);
      assert.equal(listed.statusCode, 200, listed.body);
      const sessions = listed.json().sessions as Array<{
        ref: string;
        ip: string;
        userAgent: string;
        createdAt: string;
        lastSeenAt: string;
        stage: string;
      }>;
      assert.equal(sessions.length, 2);
      assert.deepEqual(sessions.map((x) => x.ip).sort(), ['10.31.0.1', '10.31.0.2']);
      assert.deepEqual(sessions.map((x) => x.userAgent).sort(), ['Browser-A/1.0', 'Browser-B/2.0']);
      assert.ok(
        sessions.every((x) => x.createdAt && x.lastSeenAt && x.stage === 'full' && /^[0-9a-f]{16}$/.test(x.ref)),
      );
      const rows = await db()
        .selectFrom('sessions')
        .select(['id_hash', 'csrf_token'])
        .where('user_id', '=', acc.id)
        .execute();
      for (const secret of [
        a.cookie.split('=')[1]!,
        b.cookie.split('=')[1]!,
        ...rows.map((r) => r.id_hash),
        ...rows.map((r) => r.csrf_token),
      ]) {
        assert.ok(!listed.body.includes(secret), 'neither the session id, its digest nor the CSRF token is shown');
      }

      const refA = sessions.find((x) => x.ip === '10.31.0.1')!.ref;
      const one = await sec.request('DELETE', `/api/v1/accounts/${acc.id}/sessions/${refA}`);
      assert.equal(one.statusCode, 200, one.body);
      assert.equal(one.json().ended, 1);
      assert.equal((await a.get('/api/v1/auth/me')).statusCode, 401);
      assert.equal((await b.get('/api/v1/auth/me')).statusCode, 200);
      assert.equal(
        (await sec.request('DELETE', `/api/v1/accounts/${acc.id}/sessions/${refA}`)).statusCode,
        404,
        'already ended',
      );

      const all = await sec.request('DELETE', `/api/v1/accounts/${acc.id}/sessions`);
      assert.equal(all.json().ended, 1);
      assert.equal((await b.get('/api/v1/auth/me')).statusCode, 401);
      const records = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'auth.sessions_ended')
        .where('target_id', '=', acc.id)
        .orderBy('seq')
        .execute();
      assert.equal(records.length, 2);
      assert.match(records[0]!.details ?? '', new RegExp(refA));
    });

    it("SESS-06: an administrator's sessions can be listed but not ended from the console (403, audited)", async () => {
      const aud = await makeAccount(t.ctx, ['auditadmin']);
      const c = await signedIn(app, aud, t.clock, '10.31.0.3');
      assert.equal((await sec.get(`/api/v1/accounts/${aud.id}/sessions`)).json().sessions.length, 1);
      assert.equal((await sec.request('DELETE', `/api/v1/accounts/${aud.id}/sessions`)).statusCode, 403);
      assert.equal((await c.get('/api/v1/auth/me')).statusCode, 200);
      const denied = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'auth.denied')
        .where('target_id', '=', aud.id)
        .execute();
      assert.equal(denied.length, 1);
    });

    it('SESS-06 (console): the account page lists the sessions and ends them all', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const c = new Client(app, '10.31.0.4');
      await c.post(
        '/api/v1/auth/login',
        { username: acc.username, password: acc.password },
        { 'user-agent': 'Console-Test-UA' },
      );
      const page = await sec.get(`/console/accounts/${acc.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /在线会话/);
      assert.match(page.body, /10\.31\.0\.4/);
      assert.match(page.body, /Console-Test-UA/);
      const ended = await sec.form(`/console/accounts/${acc.id}/sessions/end`);
      assert.equal(ended.statusCode, 303);
      assert.equal((await c.get('/api/v1/auth/me')).statusCode, 401);
      assert.match((await sec.get(`/console/accounts/${acc.id}`)).body, /没有在线会话/);
    });

    it('SESS-06: a user who changes their password ends their own other sessions and keeps the current one', async () => {
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      const here = await signedIn(app, acc, t.clock, '10.31.0.5');
      const elsewhere = await signedIn(app, acc, t.clock, '10.31.0.6');
      const changed = await here.post('/api/v1/auth/password', {
        currentPassword: acc.password,
        newPassword: 'Moved-On-2026!',
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal((await elsewhere.get('/api/v1/auth/me')).statusCode, 401);
      assert.equal((await here.get('/api/v1/auth/me')).statusCode, 200);
    });

    it('SESS-07: an administrator holds one session: a new full sign-in ends the older one (a pending second sign-in does not)', async () => {
      const sys = await makeAccount(t.ctx, ['sysadmin']);
      const first = await signedIn(app, sys, t.clock, '10.31.0.7');
      const second = new Client(app, '10.31.0.8');
      assert.equal(
        (await second.post('/api/v1/auth/login', { username: sys.username, password: sys.password })).json().stage,
        'mfa_pending',
      );
      assert.equal(
        (await first.get('/api/v1/auth/me')).statusCode,
        200,
        'the password step alone does not end the open session',
      );
      await advance(1); // a fresh TOTP time step
      const done = await second.post('/api/v1/auth/mfa', { code: currentTotp(sys.totpSecret!, t.clock.now()) });
      assert.equal(done.json().stage, 'full');
      assert.equal((await first.get('/api/v1/auth/me')).statusCode, 401, 'the older session ended');
      assert.equal((await second.get('/api/v1/auth/me')).statusCode, 200);
      assert.deepEqual(
        (await db().selectFrom('sessions').select('stage').where('user_id', '=', sys.id).execute()).map((r) => r.stage),
        ['full'],
      );
      const login = (
        await db()
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'auth.login')
          .where('target_id', '=', sys.id)
          .orderBy('seq')
          .execute()
      ).at(-1)!;
      assert.match(login.details ?? '', /"endedSessions":1/);
    });

    it('SESS-07: business accounts may hold several sessions', async () => {
      const acc = await makeAccount(t.ctx, ['supervisor']);
      const one = await signedIn(app, acc, t.clock, '10.31.0.10');
      t.clock.advance(MIN);
      const two = await signedIn(app, acc, t.clock, '10.31.0.11');
      assert.equal((await one.get('/api/v1/auth/me')).statusCode, 200);
      assert.equal((await two.get('/api/v1/auth/me')).statusCode, 200);
    });
  });
}
