import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit, TEST_PASSWORD } from '../support/factories.js';

const OUTSIDE = '203.0.113.5';
const PROXY = '192.0.2.10';

for (const dialect of testDialects()) {
  describe(`[${dialect}] AC-09 management network restriction`, () => {
    let t: TestContext;
    let app: App;
    let cookie: string;
    before(async () => {
      t = await createTestContext(dialect, { env: { MANAGEMENT_CIDRS: '10.0.0.0/8', TRUSTED_PROXIES: PROXY } });
      app = await buildApp(t.ctx);
      const unit = await makeUnit(t.ctx);
      cookie = (await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, '10.1.1.1')).cookie;
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    const networkDenials = async () =>
      (
        await t.ctx.db.kysely
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'auth.network_denied')
          .execute()
      ).length;
    const get = (url: string, remoteAddress: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, remoteAddress, headers: { cookie, ...headers } });

    it('AC-09: a request from outside the 政务外网 gets 403 NETWORK_FORBIDDEN even with a valid session, and is audited', async () => {
      assert.equal((await get('/api/v1/items', '10.1.1.1')).statusCode, 200);
      const res = await get('/api/v1/items', OUTSIDE);
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'NETWORK_FORBIDDEN');
      const records = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'auth.network_denied')
        .where('ip', '=', OUTSIDE)
        .execute();
      assert.equal(records.length, 1);
      assert.equal(records[0]!.result, 'failure');
      assert.equal((await get('/console/items', OUTSIDE)).statusCode, 403, 'the console is management plane too');
    });

    it("AC-09: a forged X-Forwarded-For from an untrusted peer does not pass; the trusted proxy's does", async () => {
      const forged = await get('/api/v1/items', OUTSIDE, { 'x-forwarded-for': '10.1.1.1' });
      assert.equal(forged.statusCode, 403);
      assert.equal(forged.json().error.code, 'NETWORK_FORBIDDEN');
      assert.equal((await get('/api/v1/items', PROXY, { 'x-forwarded-for': '10.1.1.1' })).statusCode, 200);
      assert.equal((await get('/api/v1/items', PROXY, { 'x-forwarded-for': OUTSIDE })).statusCode, 403);
    });

    it('AC-09: public routes stay reachable from anywhere', async () => {
      assert.equal((await get('/healthz', OUTSIDE)).statusCode, 200);
      assert.equal((await get('/', OUTSIDE)).statusCode, 200, 'the public portal');
      assert.equal((await get('/api/public/v1/items', OUTSIDE)).statusCode, 200, 'the public API');
    });

    it('AC-09: sign-in and the API docs are management plane: refused (403 NETWORK_FORBIDDEN, audited) from outside, open inside', async () => {
      const unit = await makeUnit(t.ctx);
      const acc = await makeAccount(t.ctx, ['unit_clerk'], unit.id);
      const outside = [
        () => app.inject({ method: 'GET', url: '/console/login', remoteAddress: OUTSIDE }),
        () =>
          app.inject({
            method: 'POST',
            url: '/console/login',
            remoteAddress: OUTSIDE,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: `username=${acc.username}&password=${TEST_PASSWORD}`,
          }),
        () =>
          app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            remoteAddress: OUTSIDE,
            payload: { username: acc.username, password: TEST_PASSWORD },
          }),
        () => app.inject({ method: 'GET', url: '/console/login/mfa', remoteAddress: OUTSIDE }),
        () => app.inject({ method: 'GET', url: '/api/docs', remoteAddress: OUTSIDE }),
        () => app.inject({ method: 'GET', url: '/api/docs/openapi.json', remoteAddress: OUTSIDE }),
        () =>
          app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            remoteAddress: OUTSIDE,
            headers: { 'x-forwarded-for': '10.1.1.1' },
            payload: { username: acc.username, password: TEST_PASSWORD },
          }),
      ];
      const deniedBefore = await networkDenials();
      for (const call of outside) {
        const res = await call();
        assert.equal(res.statusCode, 403, `${res.raw.req.method} ${res.raw.req.url}: ${res.statusCode}`);
        if (res.headers['content-type']?.toString().includes('json'))
          assert.equal(res.json().error.code, 'NETWORK_FORBIDDEN');
        assert.equal(
          res.cookies.find((c) => c.name === 'sx_session'),
          undefined,
          'no session from outside',
        );
      }
      assert.equal((await networkDenials()) - deniedBefore, outside.length, 'each refusal is audited');
      assert.deepEqual(
        await t.ctx.db.kysely.selectFrom('sessions').select('id_hash').where('user_id', '=', acc.id).execute(),
        [],
      );
      assert.equal(
        (
          await t.ctx.db.kysely
            .selectFrom('audit_log')
            .select('seq')
            .where('action', '=', 'auth.login_failed')
            .where('ip', '=', OUTSIDE)
            .execute()
        ).length,
        0,
        'the password was not even tried',
      );

      assert.equal((await get('/console/login', '10.1.1.1')).statusCode, 200);
      assert.equal((await get('/api/docs/openapi.json', '10.1.1.1')).statusCode, 200);
      const inside = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.1.1.1',
        payload: { username: acc.username, password: TEST_PASSWORD },
      });
      assert.equal(inside.statusCode, 200);
      const viaProxy = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': '10.1.1.2' },
        payload: { username: acc.username, password: TEST_PASSWORD },
      });
      assert.equal(viaProxy.statusCode, 200, 'through the trusted proxy from inside');
    });

    it('AC-09: every staff route (/console, /api/v1, /api/docs) is either non-public or flagged managementPlane', () => {
      const staff = app.routeTable.filter((r) => /^\/(console|api\/v1|api\/docs)(\/|$)/.test(r.url));
      assert.ok(staff.length > 20);
      assert.deepEqual(
        staff.filter((r) => r.access === 'public' && !r.managementPlane).map((r) => `${r.method} ${r.url}`),
        [],
      );
    });
  });
}
