import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { prngFor } from '../../src/demo/data/prng.js';
import { buildApp, type App, type RouteInfo } from '../../src/http/app.js';
import { can, type Action } from '../../src/auth/policy.js';
import { ALL_ROLES, UNIT_ROLES, type Role } from '../../src/auth/roles.js';
import { Client, signedIn } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import { freshCode, passWorkflow } from '../support/workflow.js';

/**
 * "Bad input gets a clear error, never a 500": every route, called by a role allowed to call it, with inputs
 * generated from its own request schemas and then broken (wrong types, empty and huge strings, markup, NUL,
 * astral characters, prototype keys, unknown ids, malformed JSON). Any 5xx fails with the request that
 * caused it. Deterministic: FUZZ_SEED picks another sequence, FUZZ_CASES the number of cases per route.
 */

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
};

const EVIL: unknown[] = [
  null,
  '',
  ' ',
  'x'.repeat(20_000),
  '<script>alert(1)</script>',
  '\u0000',
  '𠮷𠮷',
  '../../etc/passwd',
  '%00',
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  '2026-02-30',
  '2026-13-01T25:61',
  0,
  -1,
  2 ** 53,
  1e308,
  3.5,
  true,
  false,
  {},
  [],
  [null],
  { __proto__: { polluted: 1 } },
  { constructor: { prototype: { x: 1 } } },
];

function generator(random: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const valid = (s: Schema | undefined, depth: number): unknown => {
    if (!s || depth > 6) return 'x';
    if (s.const !== undefined) return s.const;
    if (s.enum) return pick(s.enum);
    if (s.anyOf || s.oneOf) return valid(pick((s.anyOf ?? s.oneOf)!), depth + 1);
    const type = Array.isArray(s.type) ? pick(s.type) : s.type;
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(s.properties ?? {}))
          if (s.required?.includes(k) || random() < 0.5) out[k] = valid(v, depth + 1);
        return out;
      }
      case 'array':
        return Array.from({ length: Math.floor(random() * 3) }, () => valid(s.items, depth + 1));
      case 'integer':
        return Math.floor((s.minimum ?? 0) + random() * Math.min(100, (s.maximum ?? 100) - (s.minimum ?? 0)));
      case 'number':
        return random() * 100;
      case 'boolean':
        return random() < 0.5;
      case 'null':
        return null;
      default:
        return s.format === 'date' || /\\d\{4\}/.test(s.pattern ?? '')
          ? '2026-03-02'
          : pick(['测试', 'a', '000117061000', '2026-03-02', 'https://example.gov.cn/']);
    }
  };
  /** Replaces random nodes of a value with hostile ones. */
  const mutate = (v: unknown, depth = 0): unknown => {
    if (random() < 0.15 || depth > 6) return pick(EVIL);
    if (Array.isArray(v)) return v.map((x) => mutate(x, depth + 1));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (random() > 0.1) out[k] = mutate(x, depth + 1);
      if (random() < 0.2) out[pick(['extra', '__proto__', 'constructor', '$where'])] = pick(EVIL);
      return out;
    }
    return v;
  };
  return { valid, mutate, pick };
}

const SKIP = /\/auth\/|logout|password|\/sessions|totp|mfa|\/console\/account|reset|\/static\//;

for (const dialect of testDialects())
  describe(`[${dialect}] fuzzed input never gets a 5xx`, () => {
    let t: TestContext;
    let app: App;
    const clients = new Map<Role | 'anonymous', Client>();
    const ids: string[] = [
      '00000000-0000-4000-8000-000000000000',
      'not-an-id',
      '%E0%A4%A',
      '..%2F..%2Fetc',
      'x'.repeat(300),
      '𠮷',
    ];
    const codes: string[] = ['000000000000', '11140603MB1234567X4000117061000-01', '%00'];

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-03-02T02:00:00.000Z');
      app = await buildApp(t.ctx);
      const unit = await makeUnit(t.ctx);
      ids.push(unit.id);
      for (const role of ALL_ROLES)
        clients.set(
          role,
          await signedIn(
            app,
            await makeAccount(t.ctx, [role], UNIT_ROLES.includes(role) ? unit.id : null),
            t.clock,
            `10.9.0.${clients.size + 1}`,
          ),
        );
      clients.set('anonymous', new Client(app, '10.9.1.1'));
      const clerk = clients.get('unit_clerk')!;
      for (let i = 0; i < 2; i++) {
        const created = await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode() }),
        });
        ids.push(created.json().id);
        codes.push(created.json().taskCode);
        if (i === 0) await passWorkflow(created.json().id, clerk, clients.get('verifier')!, clients.get('publisher')!);
      }
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('a NUL character anywhere in the input is a 400 naming where it is (PostgreSQL cannot store or compare it)', async () => {
      const clerk = clients.get('unit_clerk')!;
      const inPath = await clerk.get('/api/public/v1/items/%00');
      assert.equal(inPath.statusCode, 400);
      assert.deepEqual(
        inPath.json().error.issues.map((i: { path: string }) => i.path),
        ['params.code'],
      );
      const inQuery = await clerk.get('/api/v1/items?q=a%00b');
      assert.deepEqual([inQuery.statusCode, inQuery.json().error.issues[0].path], [400, 'querystring.q']);
      const inBody = await clerk.post('/api/v1/items', {
        granularity: 'main',
        content: licenceContent({ catalogCode: freshCode(), name: '名称\u0000' }),
      });
      assert.deepEqual([inBody.statusCode, inBody.json().error.issues[0].path], [400, 'content.name']);
      assert.equal((await clients.get('anonymous')!.get('/items/%00', { accept: 'text/html' })).statusCode, 400);
    });

    it('for every route, allowed role and generated input', async () => {
      const seed = Number(process.env.FUZZ_SEED ?? 20261127);
      const cases = Number(process.env.FUZZ_CASES ?? 5);
      const random = prngFor(`fuzz-${seed}`).next;
      const g = generator(random);
      const failures: string[] = [];
      const routes = app.routeTable.filter((r) => !SKIP.test(r.url) && r.access);
      assert.ok(routes.length > 150, `${routes.length} routes`);
      let sent = 0;
      for (const r of routes) {
        const roles = ALL_ROLES.filter(
          (role) =>
            r.access === 'public' ||
            r.access === 'session' ||
            can({ kind: 'user', id: 'x', name: 'x', roles: [role], unitId: null }, r.access as Action),
        );
        const client = clients.get(
          r.access === 'public' ? 'anonymous' : g.pick(roles.length ? roles : ['unit_clerk']),
        )!;
        for (let i = 0; i < cases; i++) {
          const url = concrete(r, g) + queryString(r, g, i);
          const res = await send(client, r, g, i, url);
          sent++;
          if (res.status >= 500)
            failures.push(
              `${r.method} ${url.slice(0, 200)} → ${res.status}\n    input: ${res.input.slice(0, 300)}\n    answer: ${res.body.slice(0, 300)}`,
            );
        }
      }
      assert.ok(sent > 750, `${sent} requests`);
      assert.deepEqual(failures, [], `seed ${seed}`);
    });

    function concrete(r: RouteInfo, g: ReturnType<typeof generator>): string {
      return r.url.replace(/:(\w+)/g, (_m, name: string) =>
        encodeURIComponent(name === 'code' ? g.pick(codes) : g.pick(ids)).replace(/%25/g, '%'),
      );
    }

    function queryString(r: RouteInfo, g: ReturnType<typeof generator>, i: number): string {
      const schema = r.schema?.querystring as Schema | undefined;
      if (!schema?.properties)
        return i % 2 ? `?page=${encodeURIComponent(String(g.pick(EVIL)))}&q=${encodeURIComponent('𠮷%_\\')}` : '';
      const value = (i === 0 ? g.valid(schema, 0) : g.mutate(g.valid(schema, 0))) as Record<string, unknown>;
      if (!value || typeof value !== 'object') return '';
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(value))
        params.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
      return params.size ? `?${params}` : '';
    }

    async function send(
      client: Client,
      r: RouteInfo,
      g: ReturnType<typeof generator>,
      i: number,
      url: string,
    ): Promise<{ status: number; body: string; input: string }> {
      const method = r.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      if (method === 'GET' || method === 'DELETE') {
        const res = await client.request(method, url);
        return { status: res.statusCode, body: res.body, input: '' };
      }
      const schema = r.schema?.body as Schema | undefined;
      const value = i === 0 ? g.valid(schema, 0) : g.mutate(g.valid(schema, 0));
      if (url.startsWith('/console')) {
        const fields: Record<string, string> = {};
        flatten(value, '', fields);
        const res = await client.form(url, fields);
        return { status: res.statusCode, body: res.body, input: JSON.stringify(fields) };
      }
      // Case 1 is syntactically broken JSON; the others are generated values (objects or not).
      const raw =
        i === 1
          ? g.pick(['{', '{"a":', '[', 'null', '"x"', '{"__proto__":{"polluted":1}}', '\u0000'])
          : JSON.stringify(value ?? null);
      const res = await client.request(method, url, raw, { 'content-type': 'application/json' });
      return { status: res.statusCode, body: res.body, input: raw };
    }
  });

/** `{a: {b: [1]}}` → `a[b][0]=1`, the shape console forms post. */
function flatten(v: unknown, prefix: string, out: Record<string, string>): void {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}[${k}]` : k, out);
    return;
  }
  out[prefix || 'value'] = v === null || v === undefined ? '' : String(v);
}
