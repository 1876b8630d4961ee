import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import pino from 'pino';
import { createTestContext, sqliteOnly, testDialects, type TestContext } from '../support/context.js';
import { makeUnit } from '../support/factories.js';
import { cancelItem, publishItem, republishItem, type PublishedItem } from '../support/publishing.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Whether Fastify's pipeline saw the request (false: the fast path answered it). */
  fastify: boolean;
  /** The request id it was sent with. */
  id: string;
}

/** Everything but the date and the request id (each request's own; checked apart). */
const comparable = (a: Answer) => {
  const { date: _date, 'x-request-id': _id, ...headers } = a.headers;
  return { status: a.status, headers, body: a.body };
};

/** Requests to a listening app, telling which ones Fastify's pipeline saw (the others the fast path answered). */
async function probe(app: App) {
  const seen = new Set<string>();
  app.addHook('onRequest', async (request) => {
    seen.add(String(request.headers['x-request-id']));
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const request = (method: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const id = `t-${Math.random().toString(36).slice(2)}`;
      const req = http.request(`${base}${path}`, { method, headers: { 'x-request-id': id, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            fastify: seen.delete(id),
            id,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  // A cookie sends a request to Fastify; this one changes nothing in the answer.
  const normal = (method: string, path: string, headers: Record<string, string> = {}) =>
    request(method, path, { ...headers, cookie: 'unrelated=1' });
  /**
   * The normal answer, then the same request without the cookie until the fast path answers it (it steps
   * aside while the in-memory publication stamp is older than its 20 ms; the normal request refreshes it).
   */
  const pair = async (method: string, path: string, headers: Record<string, string> = {}) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const slow = await normal(method, path, headers);
      assert.equal(slow.fastify, true);
      const fast = await request(method, path, headers);
      if (!fast.fastify) return { slow, fast };
    }
    throw new Error(`the fast path never answered ${method} ${path}`);
  };
  return { base, request, pair };
}

/**
 * The fast path (http/fast-path.ts) answers an item's JSON and its 办事指南 page from ready responses: it
 * must send what the normal path sends, byte for byte and header for header (Date apart), and never
 * something the normal path would no longer send (a publication, a cancellation, a form token's turn).
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] fast path for the public item JSON and guide page`, () => {
    let t: TestContext;
    let app: App;
    let item: PublishedItem;
    let other: PublishedItem;
    let base: string;
    let request: Awaited<ReturnType<typeof probe>>['request'];
    let pair: Awaited<ReturnType<typeof probe>>['pair'];

    before(async () => {
      t = await createTestContext(dialect, { env: { REQUEST_ID_HEADER: 'X-Request-Id' } });
      t.clock.set('2026-03-02T02:00:10.000Z');
      app = await buildApp(t.ctx);
      const unit = (await makeUnit(t.ctx, { name: '测试市场监督管理局' })).id;
      item = await publishItem(t.ctx, unit, { name: '食品经营许可（新办）' });
      other = await publishItem(t.ctx, unit, { name: '食品经营许可（延续）' });
      ({ base, request, pair } = await probe(app));
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    for (const [what, path] of [
      ['item JSON', () => `/api/public/v1/items/${item.code}`],
      ['guide page', () => `/items/${item.code}`],
    ] as const) {
      it(`${what}: GET, HEAD, 304 on If-None-Match and If-Modified-Since as the normal path sends them`, async () => {
        const { slow, fast } = await pair('GET', path());
        assert.equal(slow.status, 200);
        assert.deepEqual(comparable(fast), comparable(slow));
        assert.ok(fast.headers['content-security-policy'] && fast.headers['x-publication-seq'] && fast.headers.etag);
        assert.equal(fast.headers['content-length'], String(Buffer.byteLength(fast.body)));

        const head = await pair('HEAD', path());
        assert.deepEqual(comparable(head.fast), comparable(head.slow));
        assert.equal(head.fast.headers['content-length'], slow.headers['content-length']);

        const etag = String(slow.headers.etag);
        const lastModified = String(slow.headers['last-modified']);
        for (const [method, headers] of [
          ['GET', { 'if-none-match': etag }],
          ['GET', { 'if-none-match': `"other", W/${etag}` }],
          ['HEAD', { 'if-none-match': etag }],
          ['GET', { 'if-modified-since': lastModified }],
          ['GET', { 'if-none-match': '"stale"' }],
        ] as const) {
          const conditional = await pair(method, path(), headers);
          assert.equal(conditional.slow.status, headers['if-none-match'] === '"stale"' ? 200 : 304);
          assert.deepEqual(
            comparable(conditional.fast),
            comparable(conditional.slow),
            `${method} ${JSON.stringify(headers)}`,
          );
        }
      });
    }

    it('the request id is echoed (the gateway’s, or a fresh one), and the metrics count what the fast path answers', async () => {
      const { fast } = await pair('GET', `/api/public/v1/items/${item.code}`);
      assert.match(String(fast.headers['x-request-id']), /^t-/);
      const before = await answered();
      let fastOnes = 0;
      for (let k = 0; k < 20; k++) if (!(await request('GET', `/api/public/v1/items/${item.code}`)).fastify) fastOnes++;
      assert.ok(fastOnes > 0);
      assert.equal((await answered()) - before, 20, 'every request counted, whichever path answered');

      const own = await new Promise<http.IncomingHttpHeaders>((resolve) =>
        http.get(`${base}/api/public/v1/items/${item.code}`, (res) => {
          res.resume();
          resolve(res.headers);
        }),
      );
      assert.match(String(own['x-request-id']), /^[0-9a-f-]{36}$/);
    });

    it('a publication shows at once: the next answer carries the new sequence', async () => {
      await pair('GET', `/api/public/v1/items/${item.code}`);
      await pair('GET', `/items/${item.code}`);
      const seq = await republishItem(t.ctx, item.id, { transactTime: '工作日 9:00-17:00' });
      const json = await request('GET', `/api/public/v1/items/${item.code}`);
      assert.equal(json.headers['x-publication-seq'], String(seq));
      assert.equal(JSON.parse(json.body).publication.seq, seq);
      assert.match(json.body, /工作日 9:00-17:00/);
      const page = await request('GET', `/items/${item.code}`);
      assert.equal(page.headers['x-publication-seq'], String(seq));
      assert.match(page.body, /工作日 9:00-17:00/);
      // And the new answer is the one kept.
      const { fast } = await pair('GET', `/api/public/v1/items/${item.code}`);
      assert.equal(fast.headers['x-publication-seq'], String(seq));
    });

    it('the guide page is kept no longer than the form tokens it shows (their minute)', async () => {
      const { fast } = await pair('GET', `/items/${item.code}`);
      const tokens = (body: string) => [...body.matchAll(/name="_form" value="([^"]+)"/g)].map((m) => m[1]);
      assert.equal(tokens(fast.body).length, 2, 'the explanation and the vote form');
      t.clock.advance(60_000);
      const next = await request('GET', `/items/${item.code}`);
      assert.equal(next.fastify, true, 'a new minute: rendered again');
      assert.notDeepEqual(tokens(next.body), tokens(fast.body));
    });

    it('a cancelled item answers 410, not its kept 200; other URLs are left to Fastify', async () => {
      await pair('GET', `/api/public/v1/items/${other.code}`);
      await pair('GET', `/items/${other.code}`);
      const query = await request('GET', `/api/public/v1/items/${other.code}?x=1`);
      assert.equal(query.status, 200);
      assert.equal(query.fastify, true, 'a query string goes to Fastify');
      for (let k = 0; k < 3; k++)
        assert.equal((await request('GET', '/api/public/v1/items')).fastify, true, 'a list is not kept');
      await cancelItem(t.ctx, other.id);
      const json = await request('GET', `/api/public/v1/items/${other.code}`);
      assert.equal(json.status, 410);
      assert.equal(JSON.parse(json.body).error.code, 'GONE');
      assert.equal((await request('GET', `/items/${other.code}`)).status, 410);
      assert.equal((await request('HEAD', `/items/${other.code}`)).status, 410);
    });

    async function answered(): Promise<number> {
      const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('shixiang_http_requests_total{') &&
            l.includes('route="/api/public/v1/items/:code"') &&
            l.includes('method="GET"') &&
            l.includes('status="200"'),
        );
      return Number(line?.split(' ').pop() ?? 0);
    }
  });
}

describe('[sqlite] fast path: access log', sqliteOnly, () => {
  it('at LOG_LEVEL=info, a request the fast path answers is logged as Fastify logs it', async () => {
    const t = await createTestContext('sqlite', { env: { REQUEST_ID_HEADER: 'X-Request-Id' } });
    const lines: LogLine[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const app = await buildApp({ ...t.ctx, log });
    try {
      const item = await publishItem(t.ctx, (await makeUnit(t.ctx)).id);
      const { pair } = await probe(app);
      const { slow, fast } = await pair('GET', `/items/${item.code}`);
      const of = (id: string) => {
        const mine = lines.filter((l) => l.reqId === id);
        return mine.map(({ time: _t, responseTime, req, ...rest }) => ({
          ...rest,
          reqId: 'id',
          ...(req ? { req: { ...req, remotePort: 0 } } : {}),
          ...(responseTime === undefined ? {} : { responseTime: typeof responseTime }),
        }));
      };
      assert.deepEqual(
        of(fast.id).map((l) => l.msg),
        ['incoming request', 'request completed'],
      );
      assert.deepEqual(of(fast.id), of(slow.id));
    } finally {
      await app.close();
      await t.cleanup();
    }
  });
});

interface LogLine {
  msg: string;
  reqId?: string;
  time?: number;
  responseTime?: number;
  req?: Record<string, unknown>;
}
