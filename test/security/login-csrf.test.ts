import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit, TEST_PASSWORD, type TestAccount } from '../support/factories.js';

const MIN = 60_000;
const HOST = 'shixiang.example.gov.cn';

/** IN-04 for the sign-in forms (login CSRF), the `next` redirect, and malformed Origin headers. */
for (const dialect of testDialects()) {
  describe(`[${dialect}] login CSRF, the next parameter and Origin checks`, () => {
    let t: TestContext;
    let app: App;
    let acc: TestAccount;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      acc = await makeAccount(t.ctx, ['unit_clerk'], (await makeUnit(t.ctx)).id);
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });
    beforeEach(() => t.clock.advance(60 * MIN));

    const consoleLogin = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/console/login',
        remoteAddress: '10.50.0.1',
        headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(fields).toString(),
      });
    const sessionCount = async () =>
      (await t.ctx.db.kysely.selectFrom('sessions').select('id_hash').where('user_id', '=', acc.id).execute()).length;

    it('IN-04: the console sign-in form refuses a cross-origin POST (Origin of another host, or opaque), even without Sec-Fetch-Site', async () => {
      const before = await sessionCount();
      for (const origin of ['https://evil.example', 'null', `https://${HOST}.evil.example`, 'not a url']) {
        const res = await consoleLogin({ username: acc.username, password: TEST_PASSWORD }, { origin });
        assert.equal(res.statusCode, 403, origin);
        assert.equal(
          res.cookies.find((c) => c.name === 'sx_session'),
          undefined,
          `${origin}: no session cookie`,
        );
      }
      assert.equal(await sessionCount(), before, 'no session was created');
      const same = await consoleLogin(
        { username: acc.username, password: TEST_PASSWORD },
        { origin: `https://${HOST}` },
      );
      assert.equal(same.statusCode, 303, 'the same origin signs in');
      const none = await consoleLogin({ username: acc.username, password: TEST_PASSWORD });
      assert.equal(none.statusCode, 303, 'no Origin header (older clients) is allowed, as before');
    });

    it('IN-04: the API sign-in refuses a cross-origin Origin too', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.50.0.2',
        headers: { host: HOST, origin: 'https://evil.example' },
        payload: { username: acc.username, password: TEST_PASSWORD },
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'CSRF_FAILED');
    });

    it('next: only printable-ASCII console paths are followed; a non-ASCII path falls back to /console instead of a 500', async () => {
      const cases: Array<[string, string]> = [
        ['/console/事项', '/console'],
        ['/console/items?q=%E4%BA%8B%E9%A1%B9', '/console/items?q=%E4%BA%8B%E9%A1%B9'],
        ['//evil.example/console', '/console'],
        ['/console//evil.example', '/console'],
        ['/console/\\evil.example', '/console'],
        ['https://evil.example/console', '/console'],
        ['/console/items\r\nSet-Cookie: x=1', '/console'],
      ];
      for (const [next, location] of cases) {
        const res = await consoleLogin({ username: acc.username, password: TEST_PASSWORD, next });
        assert.equal(res.statusCode, 303, `${next}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        assert.equal(res.headers.location, location, next);
      }
    });

    it('IN-04: a malformed Origin on a cookie-authenticated write is refused with CSRF_FAILED, not a 500', async () => {
      const c = await signedIn(app, acc, t.clock, '10.50.0.3');
      for (const origin of ['http://[', '::::', 'https://']) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/logout',
          remoteAddress: '10.50.0.3',
          headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, origin },
        });
        assert.equal(res.statusCode, 403, `${origin}: ${res.body}`);
        assert.equal(res.json().error.code, 'CSRF_FAILED');
      }
      assert.equal((await c.get('/api/v1/auth/me')).statusCode, 200, 'the session survived');
    });
  });
}
