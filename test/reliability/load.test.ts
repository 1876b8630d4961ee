import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import autocannon from 'autocannon';
import { createTestContext, testDialects } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import { freshCode } from '../support/workflow.js';
import { seedDemoIfEmpty } from '../../src/demo/seed.js';
import { preparedDemo } from './support/enlarge.js';
import { figuresOut } from './support/figures.js';
import { RemoteClient } from './support/remote-client.js';
import { ServerProcess } from './support/server-process.js';
import { seeded } from './support/workload.js';
import { randomBytes } from 'node:crypto';

/**
 * Bounded local load (127.0.0.1 only) on the demo data: 200 public readers (guide pages, the public API,
 * search, feeds, portal lists) through autocannon, plus 20 staff writers saving drafts (two seconds between saves), for
 * RELIABILITY_LOAD_SECONDS (CI: 5 s; `npm run soak`: 60 s). No 5xx and no error response; p99 and the
 * server's memory are recorded, and its RSS at the end stays within 20 % of the RSS after warm-up.
 * RELIABILITY_LOAD_ITEMS enlarges the demo first by that many generated items, published through the bulk
 * import (`npm run soak`: 100,000; CI: none, the regular demo).
 */
const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 5);
const ITEMS = Number(process.env.RELIABILITY_LOAD_ITEMS ?? 0);
// The memory bound belongs to the 60 s run (issue 16, `npm run soak`): after 5 s of warm-up the heap is still
// growing to its working size (a CI run saw 241 → 308 MB on PostgreSQL), so the short CI run records RSS and leaves
// the judgement to the long run.
const JUDGE_RSS = SECONDS >= 60;
/** Where the enlarged demo is kept between runs (`npm run soak -- --data DIR`). */
const DATA_DIR = process.env.RELIABILITY_DATA_DIR ?? path.join(os.tmpdir(), 'shixiang-soak-data');
const WARM_UP_SECONDS = Number(process.env.RELIABILITY_WARMUP_SECONDS ?? Math.min(10, Math.max(5, SECONDS / 6)));
/** A clerk reads the answer before saving again. */
const WRITER_PAUSE_MS = 2000;

/** CPU time (user + system, ms) the process has used: on a shared machine the share it got explains its latencies. */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * From the server's log lines (pino JSON): p99 and max of the time each request took from its arrival in the
 * application to its answer, the largest delay of its event loop (support/loop-delay.mjs), and how many requests
 * it accepted without logging an answer. That count is not an
 * error by itself: autocannon closes its connections when the run ends, and requests still in flight then are
 * never answered (PostgreSQL, with its slower answers, had about 200 of them; the client's own count of
 * timeouts and errors is what the test asserts).
 */
function handledTimes(lines: string[]): { p99: number; max: number; unanswered: number; loopDelayMax: number } {
  const open = new Set<unknown>();
  const times: number[] = [];
  let loopDelayMax = 0;
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; reqId?: unknown; responseTime?: number; maxMs?: number };
    if (entry.msg === 'event loop delay') loopDelayMax = Math.max(loopDelayMax, entry.maxMs ?? 0);
    else if (entry.msg === 'incoming request') open.add(entry.reqId);
    else if (entry.msg === 'request completed') {
      open.delete(entry.reqId);
      times.push(entry.responseTime ?? 0);
    }
  }
  times.sort((a, b) => a - b);
  return {
    p99: Math.round(times[Math.floor(times.length * 0.99)] ?? 0),
    max: Math.round(times.at(-1) ?? 0),
    unanswered: open.size,
    loopDelayMax,
  };
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] load on the demo`, () => {
    it(`200 public readers + 20 staff writers for ${SECONDS} s: no 5xx, no error response, p99 recorded, ${JUDGE_RSS ? 'RSS stays within 20 % of warm-up' : 'RSS recorded'}`, {
      timeout: (ITEMS ? 240 : 30) * 60_000,
    }, async (tc) => {
      const key = () => randomBytes(32).toString('hex');
      // The demo, loaded as `npm start` loads it (through the real use cases), enlarged if asked (built once and
      // reused from RELIABILITY_DATA_DIR), plus a unit of 20 writers.
      const prepared =
        ITEMS > 0
          ? await preparedDemo(dialect, ITEMS, DATA_DIR, (done, s) =>
              tc.diagnostic(`imported ${done}/${ITEMS} in ${Math.round(s)} s`),
            )
          : undefined;
      const t = await createTestContext(dialect, {
        env: {
          ...(prepared?.env ?? { DATA_ENCRYPTION_KEY: key(), PASSWORD_PEPPER: key() }),
          TRUSTED_PROXIES: '127.0.0.1',
        },
        from: prepared?.from,
      });
      t.clock.set(new Date().toISOString());
      if (!prepared) await seedDemoIfEmpty(t.ctx);
      const enlarged = prepared?.enlarged;
      const unit = await makeUnit(t.ctx);
      const accounts = [];
      for (let i = 0; i < 20; i++) accounts.push(await makeAccount(t.ctx, ['unit_clerk'], unit.id));
      // At `info`, as in production: the server logs each request's own time, which tells the time a request spent
      // being handled from the time it waited for the process to get to it (a machine short of CPU).
      const server = new ServerProcess(
        { ...t.env, JOBS: 'true', LOG_LEVEL: 'info' },
        ['serve'],
        ['--import', path.resolve('test/reliability/support/loop-delay.mjs')],
      );
      try {
        await server.start();
        const pid = server.pid!;
        const clerks = await Promise.all(accounts.map((a) => new RemoteClient(() => server.url).signIn(a)));
        const drafts = await Promise.all(
          clerks.map(async (c) => {
            const catalogCode = freshCode();
            const r = await c.post('/api/v1/items', { granularity: 'main', content: licenceContent({ catalogCode }) });
            assert.equal(r.status, 201, r.body);
            return { id: r.json().id as string, version: r.json().version as number, catalogCode };
          }),
        );

        const catalogue = (await fetch(`${server.url}/api/public/v1/items?limit=100`).then((r) => r.json())) as {
          items: Array<{ code: string }>;
          total: number;
        };
        assert.ok(catalogue.items.length > 10, 'the demo is published');
        const rand = seeded(7);
        const paths = [
          ...catalogue.items.slice(0, 40).map((i) => `/items/${encodeURIComponent(i.code)}`),
          ...catalogue.items.slice(0, 10).map((i) => `/api/public/v1/items/${encodeURIComponent(i.code)}`),
          '/',
          '/units',
          '/items',
          '/api/public/v1/items?limit=20',
          '/api/public/v1/units',
          '/api/public/v1/changes?since=0&limit=50',
          '/feeds/changes.atom',
          '/feeds/changes.json',
          ...['社保', '营业执照', '食品经营', '不动产登记', '医疗'].flatMap((q) => [
            `/search?q=${encodeURIComponent(q)}`,
            `/api/public/v1/search?q=${encodeURIComponent(q)}`,
          ]),
        ];
        // Each request from its own address (behind the trusted proxy), as the public would: the per-address search limit is not the subject here.
        const readers = (seconds: number) =>
          autocannon({
            url: server.url,
            connections: 200,
            duration: seconds,
            timeout: 30,
            requests: [
              {
                setupRequest: (req) => ({
                  ...req,
                  path: rand.pick(paths),
                  headers: {
                    ...req.headers,
                    'x-forwarded-for': `10.${rand.int(0, 255)}.${rand.int(0, 255)}.${rand.int(1, 254)}`,
                  },
                }),
              },
            ],
          });
        const writes = { ok: 0, failed: [] as string[], latencies: [] as number[] };
        const writers = (until: () => boolean) =>
          Promise.all(
            clerks.map(async (c, i) => {
              const draft = drafts[i]!;
              for (let n = 0; !until(); n++) {
                const t0 = performance.now();
                const r = await c.put(`/api/v1/items/${draft.id}`, {
                  version: draft.version,
                  content: licenceContent({ catalogCode: draft.catalogCode, name: `食品经营许可（压测${i}-${n}）` }),
                });
                writes.latencies.push(performance.now() - t0);
                if (r.status === 200) {
                  writes.ok++;
                  draft.version = r.json().version;
                } else writes.failed.push(`${r.status} ${r.body.slice(0, 200)}`);
                await sleep(WRITER_PAUSE_MS);
              }
            }),
          );

        let stop = false;
        const warmWriters = writers(() => stop);
        const warm = await readers(WARM_UP_SECONDS);
        stop = true;
        await warmWriters;
        const rssWarm = rssOf(pid);

        stop = false;
        writes.ok = 0;
        writes.latencies = [];
        let peak = rssWarm;
        const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 500);
        const cpuStart = cpuMsOf(pid);
        const wallStart = performance.now();
        const logFrom = server.lines.length;
        // The load generator shares the machine too: its own event-loop delay shows when answers wait on it.
        const clientDelay = monitorEventLoopDelay({ resolution: 20 });
        clientDelay.enable();
        const running = writers(() => stop);
        const result = await readers(SECONDS);
        stop = true;
        await running;
        clearInterval(sampler);
        clientDelay.disable();
        const serverCpuShare = Math.round(((cpuMsOf(pid) - cpuStart) / (performance.now() - wallStart)) * 100) / 100;
        await sleep(200);
        const rssEnd = rssOf(pid);
        const served = handledTimes(server.lines.slice(logFrom));

        const sorted = writes.latencies.sort((a, b) => a - b);
        const figures = {
          dialect,
          seconds: SECONDS,
          demoItems: catalogue.total,
          importedItems: enlarged?.items ?? 0,
          importSeconds: enlarged?.seconds ?? 0,
          importItemsPerSecond: enlarged?.itemsPerSecond ?? 0,
          importReused: prepared?.reused ?? false,
          requests: result.requests.total + writes.ok,
          readerRequests: result.requests.total,
          writerSaves: writes.ok,
          readsPerSecond: Math.round(result.requests.average),
          readP50ms: result.latency.p50,
          readP99ms: result.latency.p99,
          readMaxMs: result.latency.max,
          serverP99ms: served.p99,
          serverMaxMs: served.max,
          serverUnanswered: served.unanswered,
          serverLoopDelayMaxMs: served.loopDelayMax,
          clientLoopDelayP99ms: Math.round(clientDelay.percentile(99) / 1e6),
          clientLoopDelayMaxMs: Math.round(clientDelay.max / 1e6),
          writeP99ms: Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          status5xx: result['5xx'],
          rssWarmMB: Math.round(rssWarm / 2 ** 20),
          rssEndMB: Math.round(rssEnd / 2 ** 20),
          rssPeakMB: Math.round(peak / 2 ** 20),
          warmUpNon2xx: warm.non2xx,
          serverCpuCores: serverCpuShare,
          loadAverage: os.loadavg()[0]!.toFixed(1),
        };
        tc.diagnostic(JSON.stringify(figures));
        figuresOut('load', figures);
        assert.equal(result['5xx'], 0, 'no 5xx');
        assert.equal(result.non2xx, 0, 'no error response to a reader');
        assert.equal(result.errors + result.timeouts, 0, 'no failed connection or timeout');
        assert.deepEqual(writes.failed, [], 'every save succeeded');
        assert.ok(writes.ok > 0 && result.requests.total > 0);
        if (JUDGE_RSS) {
          assert.ok(
            rssEnd <= rssWarm * 1.2,
            `RSS ${figures.rssEndMB} MB at the end vs ${figures.rssWarmMB} MB after warm-up`,
          );
        }
      } finally {
        await server.stop('SIGKILL');
        await t.cleanup();
      }
    });
  });
}
