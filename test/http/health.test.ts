import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { createTestContext, testDialects, type TestContext, sqliteOnly } from '../support/context.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] health and error shape`, () => {
    let t: TestContext;
    let app: App;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('GET /healthz answers ok when the database is reachable', async () => {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { status: 'ok', database: 'ok' });
    });

    it('GET /readyz answers ready', async () => {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().status, 'ready');
    });

    it('unknown API paths get the JSON error shape with a request id', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/nope' });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'NOT_FOUND');
      assert.ok(res.json().error.requestId);
    });

    it('IN-05: security headers are set and TRACE is refused', async () => {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      const trace = await app.inject({ method: 'TRACE', url: '/healthz' });
      assert.ok([404, 405].includes(trace.statusCode));
    });
  });
}

describe('OpenAPI', sqliteOnly, () => {
  it('documents every API route and renders an index page', async () => {
    const t = await createTestContext('sqlite');
    const app = await buildApp(t.ctx);
    try {
      const spec = (await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
      assert.equal(spec.openapi, '3.1.0');
      const apiRoutes = app.routeTable.filter((r) => r.url.startsWith('/api/v1') || r.url.startsWith('/api/public'));
      for (const r of apiRoutes) {
        const path = r.url.replace(/:(\w+)/g, '{$1}');
        assert.ok(spec.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url} missing from OpenAPI`);
        assert.ok(spec.paths[path][r.method.toLowerCase()].summary, `${r.method} ${r.url} has no summary`);
      }
      const page = await app.inject({ method: 'GET', url: '/api/docs' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /\/api\/v1\/items/);
    } finally {
      await app.close();
      await t.cleanup();
    }
  });
});
