import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { can, isAction, type Action } from '../../src/auth/policy.js';
import { ALL_ROLES, UNIT_ROLES, type Role } from '../../src/auth/roles.js';
import { Client, signedIn } from '../support/client.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';

/**
 * AC-07 / AC-10: generated from the route table, so a new route is covered (and a route without an access
 * declaration fails). For every route and every role: the response is 403 exactly when the policy denies the
 * action; anonymous callers get 401 on everything that is not public. Runs on SQLite: authorization does not
 * depend on the engine.
 */
describe('route × role matrix', () => {
  let t: TestContext;
  let app: App;
  const clients = new Map<Role, Client>();
  let anonymous: Client;

  before(async () => {
    t = await createTestContext('sqlite');
    app = await buildApp(t.ctx);
    const unit = await makeUnit(t.ctx);
    for (const role of ALL_ROLES) {
      const account = await makeAccount(t.ctx, [role], UNIT_ROLES.includes(role) ? unit.id : null);
      clients.set(role, await signedIn(app, account, t.clock, `10.8.0.${clients.size + 1}`));
    }
    anonymous = new Client(app, '10.8.1.1');
  });
  after(async () => {
    await app.close();
    await t.cleanup();
  });

  const concrete = (url: string) =>
    url
      .replace(/:(\w+)/g, (_m, name: string) =>
        name === 'code' ? '000000000000' : '00000000-0000-4000-8000-000000000000',
      )
      .replace('/*', '/x.css');
  const protectedRoutes = () => app.routeTable.filter((r) => r.access !== 'public' && !r.url.startsWith('/static'));

  it('every route declares who may call it', () => {
    const undeclared = app.routeTable.filter(
      (r) => !r.access && !r.url.startsWith('/static') && r.url !== '/api/docs/openapi.json',
    );
    assert.deepEqual(undeclared, []);
    for (const r of app.routeTable)
      if (r.access && !['public', 'session'].includes(r.access))
        assert.ok(isAction(r.access), `${r.url}: ${r.access} is not in the policy`);
  });

  it('anonymous callers get 401 (API) or a redirect to sign-in (console) on every protected route', async () => {
    for (const r of protectedRoutes()) {
      const res = await anonymous.request(r.method as 'GET', concrete(r.url), r.method === 'GET' ? undefined : {});
      if (r.url.startsWith('/console') && r.method === 'GET') assert.equal(res.statusCode, 303, `${r.method} ${r.url}`);
      else assert.equal(res.statusCode, 401, `${r.method} ${r.url}: ${res.statusCode}`);
    }
  });

  it('each role is refused (403) exactly the actions the policy denies it', async () => {
    const mismatches: string[] = [];
    for (const r of protectedRoutes()) {
      if (r.url.endsWith('/logout')) continue; // would end the session the next rows need
      for (const role of ALL_ROLES) {
        const client = clients.get(role)!;
        const res = await client.request(r.method as 'GET', concrete(r.url), r.method === 'GET' ? undefined : {});
        const allowed =
          r.access === 'session' ||
          can({ kind: 'user', id: 'x', name: 'x', roles: [role], unitId: null }, r.access as Action);
        if (allowed === (res.statusCode === 403))
          mismatches.push(`${role} ${r.method} ${r.url} → ${res.statusCode} (policy: ${allowed ? 'allow' : 'deny'})`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  it('AC-06: the three administrators hold no business rights', () => {
    for (const role of ['sysadmin', 'secadmin', 'auditadmin'] as const) {
      for (const action of ['item.read', 'item.create', 'item.verify', 'item.publish', 'change.create'] as const) {
        assert.equal(
          can({ kind: 'user', id: 'x', name: 'x', roles: [role], unitId: null }, action),
          false,
          `${role} ${action}`,
        );
      }
    }
  });
});
