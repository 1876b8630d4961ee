import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';

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

    const get = (url: string, remoteAddress: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, remoteAddress, headers: { cookie, ...headers } });

    it('AC-09: a request from outside the 政务外网 gets 403 NETWORK_FORBIDDEN even with a valid session, and is audited', async () => {
      assert.equal((await get('/api/v1/items', '10.1.1.1')).statusCode, 200);
      const res = await get('/api/v1/items', OUTSIDE);
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'NETWORK_FORBIDDEN');
      const records = await t.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'auth.network_denied').where('ip', '=', OUTSIDE).execute();
      assert.equal(records.length, 1);
      assert.equal(records[0]!.result, 'failure');
      assert.equal((await get('/console/items', OUTSIDE)).statusCode, 403, 'the console is management plane too');
    });

    it('AC-09: a forged X-Forwarded-For from an untrusted peer does not pass; the trusted proxy\'s does', async () => {
      const forged = await get('/api/v1/items', OUTSIDE, { 'x-forwarded-for': '10.1.1.1' });
      assert.equal(forged.statusCode, 403);
      assert.equal(forged.json().error.code, 'NETWORK_FORBIDDEN');
      assert.equal((await get('/api/v1/items', PROXY, { 'x-forwarded-for': '10.1.1.1' })).statusCode, 200);
      assert.equal((await get('/api/v1/items', PROXY, { 'x-forwarded-for': OUTSIDE })).statusCode, 403);
    });

    it('AC-09: public routes stay reachable from anywhere', async () => {
      assert.equal((await get('/healthz', OUTSIDE)).statusCode, 200);
      assert.equal((await get('/console/login', OUTSIDE)).statusCode, 200);
    });
  });
}
