/**
 * Benchmark of the public read path (docs/performance.md): a generated catalogue loaded through the
 * project's own use cases, the server in a child process, the load generator (autocannon) in this one,
 * and the ceiling in the same run (a bare node:http server sending the same bytes, raw point lookups).
 *
 *   npm run bench -- public                       100,000 items on SQLite
 *   BENCH_ITEMS=10000 npm run bench -- public     a quick run
 *   BENCH_DB=postgres npm run bench -- public     on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_SECONDS=10 (per measurement), --keep (keep the data directory / database)
 *   BENCH_LOAD=sql (plain rows + `shixiang reindex` instead of the exchange import: the 10⁶ scale run)
 *   --data DIR (load once into DIR and reuse it in later runs), --load-only, --reindex (rebuild the derived tables of reused data)
 *   --only list,search (run only these measurements: check, lookup, ceiling, item, guide, list, search, publish;
 *   the cold start and idle RSS always run; no result file is written)
 *
 * Prints every figure beside its target and writes bench/results/public-<db>-<items>.json.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createContext, type AppContext } from '../src/app/context.js';
import { SERVER_NODE_FLAGS } from '../src/cli/server-flags.js';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import { loadConfig } from '../src/config/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { registerChannel } from '../src/publishing/channel.service.js';
import { bulkLoadCatalogue } from './lib/bulk-load.js';
import { importCatalogue, publishOne, type LoadedItem, type LoadResult } from './lib/load-catalogue.js';

const N = Number(process.env.BENCH_ITEMS ?? 100_000);
const DIALECT = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'sqlite';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** import: the exchange import (the project's bulk path); sql: plain rows + `shixiang reindex` (scale runs). */
const LOAD = process.env.BENCH_LOAD === 'sql' ? 'sql' : 'import';
const CONNECTIONS = 20;
const KEEP = process.argv.includes('--keep');
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : undefined;
/** Whether a measurement runs (`--only`, to iterate on one part without the whole run). */
const runs = (measurement: string) => !ONLY || ONLY.includes(measurement);
const PORT = 3900 + Math.floor(Math.random() * 50);
const CEILING_PORT = PORT + 100;
const BASE = `http://127.0.0.1:${PORT}`;

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string;
  /** Whether the target is met (undefined: no target, informative). */
  met?: boolean;
  ratio?: number;
  detail?: Record<string, unknown>;
}
const figures: Figure[] = [];
const record = (f: Figure) => {
  // Other processes share the machine: the 1-minute load average beside every figure says how much.
  f.detail = { ...f.detail, load1: Math.round(os.loadavg()[0]! * 10) / 10 };
  figures.push(f);
  console.log(
    `  ${f.name}: ${f.value} ${f.unit}${f.ratio !== undefined ? ` (${(f.ratio * 100).toFixed(0)} % of ceiling)` : ''}  target ${f.target}${f.met === undefined ? '' : f.met ? '  ✓' : '  ✗'}`,
  );
  // The rest of a load measurement (a partial run writes no result file to read it from).
  const { rps, p50, p99, recall, expected, found, load1 } = f.detail as Record<string, number | undefined>;
  if (p50 !== undefined)
    console.log(
      `    ${rps === undefined ? '' : `${rps} req/s, `}p50 ${p50} ms${p99 === undefined ? '' : `, p99 ${p99} ms`}${recall === undefined ? '' : `, recall ${recall * 100} % (${expected} expected, ${found} found)`}, load ${load1}`,
    );
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

async function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; ms: number }> {
  const t = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - t };
}

/** autocannon over rotating paths; each request gets its own client address (the search limit is per address). */
async function load(
  base: string,
  paths: string[],
  seconds = SECONDS,
  rssOf?: number,
): Promise<{ rps: number; p50: number; p99: number; non2xx: number; errors: number; peakRss?: number }> {
  let i = 0;
  let peakRss = 0;
  const sampler = rssOf ? setInterval(() => (peakRss = Math.max(peakRss, rssMb(rssOf))), 200) : null;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const n = i++;
          return {
            ...req,
            path: paths[n % paths.length]!,
            headers: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
          };
        },
      },
    ],
  });
  if (sampler) clearInterval(sampler);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    ...(rssOf ? { peakRss } : {}),
  };
}

/**
 * 1,000 requests over the paths (one pass over the 1,000 codes) before a point-read measurement and its ceiling:
 * the figure is the server in steady service (JIT-compiled, per-key caches filled), not its first second.
 */
async function warmUp(base: string, paths: string[]): Promise<void> {
  let i = 0;
  await autocannon({
    url: base,
    connections: CONNECTIONS,
    amount: 1000,
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
}

/** The compiled build (`npm run build`), as production runs it: no TypeScript compiled at start. */
const CLI = 'dist/src/cli/main.js';

function startServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...SERVER_NODE_FLAGS, CLI, 'serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** `shixiang check FILE` in its own process: wall time and peak RSS (sampled every 100 ms). */
async function timeCheck(
  file: string,
  env: Record<string, string>,
): Promise<{ seconds: number; peakRss: number; exit: number | null; summary: string }> {
  const t = performance.now();
  const child = spawn(process.execPath, [CLI, 'check', file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakRss = 0;
  let last = '';
  child.stdout!.on('data', (c: Buffer) => (last = (last + c.toString()).slice(-400)));
  const sampler = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, rssMb(child.pid!));
    } catch {
      // exited
    }
  }, 100);
  const exit = await new Promise<number | null>((r) => child.once('exit', r));
  clearInterval(sampler);
  return {
    seconds: Math.round((performance.now() - t) / 100) / 10,
    peakRss,
    exit,
    summary: last.trim().split('\n').pop() ?? '',
  };
}

async function waitFor(url: string, timeoutMs = 120_000): Promise<number> {
  const t = performance.now();
  for (;;) {
    try {
      if ((await get(url)).status === 200) return performance.now() - t;
    } catch {
      // not listening yet
    }
    if (performance.now() - t > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(20);
  }
}

const pick = <T>(all: readonly T[], n: number): T[] => {
  const step = Math.max(1, Math.floor(all.length / n));
  return Array.from({ length: Math.min(n, all.length) }, (_, k) => all[(k * step) % all.length]!);
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10 : NaN;
};

async function main(): Promise<void> {
  // --data DIR: load once into DIR (SQLite file or the PostgreSQL database named there), measure again later
  // (`--reindex` rebuilds the derived tables first, for a code change that alters them).
  const dataArg = process.argv.indexOf('--data');
  const dir =
    dataArg > 0 ? path.resolve(process.argv[dataArg + 1]!) : fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  const keep = KEEP || dataArg > 0;
  const savedFile = path.join(dir, 'bench.json');
  const saved = (fs.existsSync(savedFile) ? JSON.parse(fs.readFileSync(savedFile, 'utf8')) : {}) as {
    auditKey?: string;
    dbName?: string;
    dialect?: string;
    items?: number;
    loaded?: LoadResult['items'];
    seconds?: number;
  };
  if (saved.loaded && (saved.dialect !== DIALECT || saved.items !== N))
    throw new Error(`${dir} holds ${saved.items} items on ${saved.dialect}, not ${N} on ${DIALECT}`);
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: dir,
    AUDIT_HMAC_KEY: (saved.auditKey ??= randomBytes(32).toString('hex')),
    HOST: '127.0.0.1',
    PORT: String(PORT),
    PUBLIC_BASE_URL: BASE,
    TRUSTED_PROXIES: '127.0.0.1',
    OUTBOUND_ALLOWED_CIDRS: '127.0.0.0/8',
    JOBS: 'true',
  };
  let dropDb = async () => {};
  if (DIALECT === 'postgres') {
    const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        return await c.query(q);
      } finally {
        await c.end();
      }
    };
    const name = (saved.dbName ??= `shixiang_bench_${randomBytes(4).toString('hex')}`);
    if (!(await admin(`select 1 from pg_database where datname = '${name}'`)).rowCount)
      await admin(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDb = async () => void (await admin(`drop database if exists ${name} with (force)`));
  }
  fs.writeFileSync(savedFile, JSON.stringify({ ...saved, dialect: DIALECT, items: N }));
  console.log('building (npm run build) …');
  const build = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    load: os.loadavg(),
    node: process.version,
  };
  console.log(
    `public read path: ${N} items on ${DIALECT}, ${CONNECTIONS} connections, ${SECONDS} s per run; ${machine.cpus} CPUs, load ${machine.load.map((l) => l.toFixed(1)).join(' ')}`,
  );

  const ctx: AppContext = await createContext(loadConfig(env));
  let server: ChildProcess | undefined;
  let ceiling: ChildProcess | undefined;
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        const seq = Number((JSON.parse(body) as { seq?: number }).seq);
        if (seq) webhookSeen.set(seq, performance.now());
      } catch {
        // not a delivery
      }
      res.end('ok');
    });
  });
  const webhookSeen = new Map<number, number>();
  try {
    await migrateToLatest(ctx.db);
    let t = performance.now();
    let loaded: LoadResult;
    if (saved.loaded) {
      loaded = { units: new Map(), items: saved.loaded, seconds: saved.seconds ?? NaN };
      console.log(`  reusing the ${loaded.items.length} items loaded in ${dir}`);
      if (process.argv.includes('--reindex')) {
        t = performance.now();
        const r = spawnSync(process.execPath, [CLI, 'reindex'], {
          env: { ...process.env, ...env },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        if (r.status !== 0) throw new Error('shixiang reindex failed');
        record({
          name: 'shixiang reindex (citations, public documents, search index)',
          value: Math.round((performance.now() - t) / 1000),
          unit: 's',
          target: '—',
        });
      }
    } else {
      const progress = (done: number) =>
        process.stdout.write(
          `\r  loading ${done}/${N} (${Math.round(done / ((performance.now() - t) / 1000))} items/s)`,
        );
      loaded = await (LOAD === 'sql' ? bulkLoadCatalogue : importCatalogue)(ctx, N, dir, '330106', progress);
      process.stdout.write('\n');
      if (LOAD === 'sql') {
        // Plain rows: the derived tables are built the way an upgrade or a migration from another system builds them.
        const t1 = performance.now();
        const r = spawnSync(process.execPath, [CLI, 'reindex'], {
          env: { ...process.env, ...env },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        if (r.status !== 0) throw new Error('shixiang reindex failed');
        loaded.seconds += (performance.now() - t1) / 1000;
        record({
          name: 'shixiang reindex after the plain-SQL load',
          value: Math.round((performance.now() - t1) / 1000),
          unit: 's',
          target: '—',
          detail: { itemsPerSecond: Math.round(loaded.items.length / ((performance.now() - t1) / 1000)) },
        });
      }
      fs.writeFileSync(
        savedFile,
        JSON.stringify({ ...saved, dialect: DIALECT, items: N, loaded: loaded.items, seconds: loaded.seconds }),
      );
      console.log(`  loaded ${loaded.items.length} items in ${Math.round(loaded.seconds)} s`);
      // --load-only: stop here (a later run with the same --data measures).
      if (process.argv.includes('--load-only')) return;
    }
    const published = loaded.items.filter((i) => i.published);
    record({
      name:
        LOAD === 'sql'
          ? 'load: plain SQL rows + shixiang reindex'
          : 'load through the exchange import (--as-published)',
      value: Math.round(loaded.items.length / loaded.seconds),
      unit: 'items/s',
      target: '—',
      detail: { items: loaded.items.length, published: published.length, seconds: Math.round(loaded.seconds) },
    });

    if (runs('check')) {
      // The rules check of every loaded item, streaming the JSON Lines file the import was made from.
      const check = await timeCheck(path.join(dir, 'all.jsonl'), env);
      record({
        name: `rules check of ${loaded.items.length} items (shixiang check)`,
        value: check.seconds,
        unit: 's',
        target: '< 10 s, flat memory',
        met: check.seconds < 10 && check.peakRss < 300,
        detail: { ...check },
      });
      record({
        name: 'rules check peak RSS',
        value: check.peakRss,
        unit: 'MB',
        target: '< 300 (flat)',
        met: check.peakRss < 300,
      });
    }

    // A unit site subscribed by webhook to the receiver in this process (publish → webhook).
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const hookUnit = published[0]!.unitId;
    await registerChannel(
      { app: ctx, actor: SYSTEM_ACTOR, meta: {} },
      {
        name: '基准测试单位网站',
        kind: 'unit_site',
        unitId: hookUnit,
        siteUrl: 'https://bench.example.gov.cn/',
        expectedSync: 'webhook',
        webhookUrl: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`,
      },
    );

    // Raw point lookups on the same database: the floor under any item read.
    const codes = pick(
      published.map((i) => i.code),
      1000,
    );
    if (runs('lookup')) {
      t = performance.now();
      let lookups = 0;
      while (performance.now() - t < 2000) {
        await ctx.db.kysely
          .selectFrom('public_items')
          .select(['api_json'])
          .where('code', '=', codes[lookups % codes.length]!)
          .executeTakeFirst();
        lookups++;
      }
      record({
        name: 'raw point lookup (Kysely, one connection)',
        value: Math.round(lookups / ((performance.now() - t) / 1000)),
        unit: 'lookups/s',
        target: '—',
      });
    }

    // Cold start to the first portal page.
    t = performance.now();
    server = startServer(env);
    await waitFor(`${BASE}/healthz`);
    const ready = performance.now() - t;
    const firstPage = await get(`${BASE}/`);
    record({
      name: 'cold start → first portal page',
      value: Math.round(performance.now() - t),
      unit: 'ms',
      target: '< 3000',
      met: performance.now() - t < 3000,
      detail: { listening: Math.round(ready), firstPageMs: Math.round(firstPage.ms), status: firstPage.status },
    });
    await sleep(1000);
    record({ name: 'RSS idle', value: rssMb(server.pid!), unit: 'MB', target: '—' });

    const peaks: number[] = [];
    if (runs('ceiling') || runs('item') || runs('guide')) {
      // The ceiling: the same bytes from bare node:http.
      const sampleJson = await get(`${BASE}/api/public/v1/items/${codes[0]}`);
      const sampleHtml = await get(`${BASE}/items/${codes[0]}`);
      fs.writeFileSync(path.join(dir, 'item.json'), sampleJson.body);
      fs.writeFileSync(path.join(dir, 'guide.html'), sampleHtml.body);
      ceiling = fork('bench/lib/ceiling.mjs', [
        String(CEILING_PORT),
        path.join(dir, 'item.json'),
        path.join(dir, 'guide.html'),
      ]);
      await new Promise<void>((r) => ceiling!.once('message', () => r()));
      // Each ceiling is measured just before the application's figure it is compared with (the load of a shared
      // machine drifts within a run), and each figure after one unmeasured pass over its paths.
      const ceilingBase = `http://127.0.0.1:${CEILING_PORT}`;
      const pointRead = async (name: string, ceilingPath: string, paths: string[]): Promise<void> => {
        await warmUp(ceilingBase, [ceilingPath]);
        const ceil = await load(ceilingBase, [ceilingPath]);
        record({
          name: `ceiling: bare node:http, ${name} bytes`,
          value: ceil.rps,
          unit: 'req/s',
          target: '—',
          detail: ceil,
        });
        await warmUp(BASE, paths);
        const r = await load(BASE, paths, SECONDS, server!.pid);
        record({
          name: `${name} by 实施编码, ${paths.length.toLocaleString('en')} codes`,
          value: r.rps,
          unit: 'req/s',
          target: '≥ 50 % of ceiling, p99 < 20 ms',
          ratio: r.rps / ceil.rps,
          met: r.rps >= ceil.rps / 2 && r.p99 < 20,
          detail: r,
        });
        peaks.push(r.peakRss ?? 0);
      };
      if (runs('item') || runs('ceiling'))
        await pointRead(
          'item JSON',
          '/api/x',
          codes.map((c) => `/api/public/v1/items/${c}`),
        );
      if (runs('guide') || runs('ceiling'))
        await pointRead(
          '办事指南 HTML',
          '/items/x',
          codes.map((c) => `/items/${c}`),
        );
      ceiling.kill();
    }

    if (runs('list')) {
      // List pages: unit + type with total, over at least 1,000 distinct URLs (more than the response cache holds).
      const combos = await ctx.db.kysely
        .selectFrom('public_items')
        .select(['unit_id', 'type', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['unit_id', 'type'])
        .execute();
      const listUrls: string[] = [];
      for (let p = 1; listUrls.length < 1200 && p < 1000; p++) {
        for (const c of combos)
          if ((p - 1) * 50 < Number(c.n) && listUrls.length < 1200)
            listUrls.push(`/items?unit=${c.unit_id}&type=${c.type}&page=${p}`);
      }
      for (let p = 1; listUrls.length < 1200; p++) listUrls.push(`/items?page=${p}`);
      const list = await load(BASE, listUrls, SECONDS, server.pid);
      record({
        name: `list page unit + type with total, ${listUrls.length} URLs`,
        value: list.p99,
        unit: 'ms p99',
        target: '< 50',
        met: list.p99 < 50,
        detail: list,
      });
      peaks.push(list.peakRss ?? 0);
    }

    if (runs('search')) {
      // Searches with totals, 2 and 4 characters; recall against a substring scan of names and 受理条件.
      for (const terms of [
        ['社保', '护照', '许可', '登记', '检查', '食品'],
        ['食品经营', '营业执照', '社会保险', '户口迁移', '危险废物', '道路运输'],
      ]) {
        const urls = terms.flatMap((q) =>
          Array.from(
            { length: 200 },
            (_, k) => `/api/public/v1/search?q=${encodeURIComponent(q)}&offset=${k * 20}&limit=20`,
          ),
        );
        const r = await load(BASE, urls, SECONDS, server.pid);
        peaks.push(r.peakRss ?? 0);
        const recall = await searchRecall(terms, published);
        record({
          name: `search ${terms[0]!.length} characters with total, ${urls.length} URLs`,
          value: r.p99,
          unit: 'ms p99',
          target: '< 50, recall 100 %',
          met: r.p99 < 50 && recall.recall === 1,
          detail: { ...r, ...recall },
        });
      }
    }

    if (runs('publish')) {
      // Publish → visible while 20 connections read; /healthz polled throughout.
      let n = 0;
      const reading = autocannon(
        {
          url: BASE,
          connections: CONNECTIONS,
          duration: 3600,
          requests: [
            {
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                path: `/api/public/v1/items/${codes[n++ % codes.length]}`,
              }),
            },
          ],
        },
        () => undefined,
      );
      await sleep(1000);
      const health: number[] = [];
      let polling = true;
      const healthLoop = (async () => {
        while (polling) {
          health.push((await get(`${BASE}/healthz`)).ms);
          await sleep(20);
        }
      })();
      const api: number[] = [];
      const portal: number[] = [];
      const feed: number[] = [];
      const hook: number[] = [];
      const PUBLICATIONS = 20;
      for (let k = 0; k < PUBLICATIONS; k++) {
        const { code, seq } = await retryBusy(() => publishOne(ctx, hookUnit, k));
        const t0 = performance.now();
        const until = async (url: string, ok: (r: { status: number; body: string }) => boolean, into: number[]) => {
          for (;;) {
            const r = await get(url);
            if (ok(r)) return into.push(performance.now() - t0);
            if (performance.now() - t0 > 30_000) return into.push(NaN);
          }
        };
        await Promise.all([
          until(`${BASE}/api/public/v1/items/${code}`, (r) => r.status === 200, api),
          until(`${BASE}/items/${code}`, (r) => r.status === 200, portal),
          until(`${BASE}/feeds/changes.json`, (r) => r.body.includes(`"seq":${seq}`), feed),
        ]);
        void (async () => {
          while (!webhookSeen.has(seq) && performance.now() - t0 < 30_000) await sleep(5);
          hook.push((webhookSeen.get(seq) ?? NaN) - t0);
        })();
        await sleep(200);
      }
      await sleep(11_000); // the webhook job runs every 5 s
      polling = false;
      await healthLoop;
      reading.stop();
      for (const [name, samples, target, showCount] of [
        ['publish → visible on the API (p99, under 20-connection read load)', api, 100, true],
        ['publish → visible on the portal (p99)', portal, 100, false],
        ['publish → visible in the feed (p99)', feed, 100, false],
        ['publish → webhook received (p99)', hook, 1000, true],
      ] as const)
        record({
          name,
          value: pct(samples, 99),
          unit: 'ms',
          target: `< ${target}`,
          met: pct(samples, 99) < target,
          detail: { p50: pct(samples, 50), ...(showCount ? { samples: samples.length } : {}) },
        });
      record({
        name: '/healthz during publications (max)',
        value: Math.round(Math.max(...health)),
        unit: 'ms',
        target: '< 50',
        met: Math.max(...health) < 50,
        detail: { p50: pct(health, 50), p99: pct(health, 99), samples: health.length },
      });
    }
    const peak = Math.max(0, ...peaks);
    record({ name: 'RSS under load (peak)', value: peak, unit: 'MB', target: '< 300', met: peak < 300 });
    // Graceful shutdown after the load: idle keep-alive connections and the jobs must not hold the exit.
    const stopping = performance.now();
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    server = undefined;
    const exitMs = Math.round(performance.now() - stopping);
    record({ name: 'SIGTERM → exit', value: exitMs, unit: 'ms', target: '< 5000', met: exitMs < 5000 });

    const out = {
      when: new Date().toISOString(),
      dialect: DIALECT,
      items: N,
      load: LOAD,
      connections: CONNECTIONS,
      seconds: SECONDS,
      machine: { ...machine, loadEnd: os.loadavg() },
      figures,
    };
    // A partial run (--only) must not replace the recorded run's file.
    const file = ONLY ? '(none: --only)' : `bench/results/public-${DIALECT}-${N}.json`;
    if (!ONLY) {
      fs.mkdirSync('bench/results', { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    }
    console.log(`\n| figure | value | target | ratio | met |\n|---|---|---|---|---|`);
    for (const f of figures)
      console.log(
        `| ${f.name} | ${f.value} ${f.unit} | ${f.target} | ${f.ratio === undefined ? '' : `${(f.ratio * 100).toFixed(0)} %`} | ${f.met === undefined ? '' : f.met ? 'yes' : 'no'} |`,
      );
    console.log(
      `\nwritten ${file}${keep ? `; data kept in ${dir}${env.DATABASE_URL ? ` and ${env.DATABASE_URL}` : ''}` : ''}`,
    );
  } finally {
    server?.kill('SIGKILL');
    ceiling?.kill('SIGKILL');
    receiver.close();
    await ctx.db.close();
    if (!keep) {
      await dropDb();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * This process publishes as a second instance would. On SQLite (one writer across processes) a transaction
 * that read before the server's own write (a job slot) cannot upgrade to a write: it is tried again.
 */
async function retryBusy<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if ((code !== 'UNAVAILABLE' && !code.startsWith('SQLITE_BUSY')) || attempt > 50) throw e;
      await sleep(20);
    }
  }
}

/** Every item whose name or 受理条件 contains the term is found (paging through the API's results). */
async function searchRecall(
  terms: string[],
  published: LoadedItem[],
): Promise<{ recall: number; expected: number; found: number }> {
  let expected = 0;
  let hit = 0;
  let found = 0;
  for (const q of terms) {
    const want = new Set(published.filter((i) => i.name.includes(q) || i.conditions.includes(q)).map((i) => i.code));
    const got = new Set<string>();
    for (let offset = 0; ; offset += 100) {
      // One client address per page: the per-address search limit must not cut the scan short.
      const res = await get(`${BASE}/api/public/v1/search?q=${encodeURIComponent(q)}&offset=${offset}&limit=100`, {
        'x-forwarded-for': `10.${251 + terms.indexOf(q)}.${(offset / 100) >> 8}.${(offset / 100) & 255}`,
      });
      if (res.status !== 200) throw new Error(`search ${q} at ${offset}: ${res.status} ${res.body.slice(0, 200)}`);
      const r = JSON.parse(res.body) as { total: number; hits: Array<{ item: { code: string } }> };
      for (const h of r.hits) got.add(h.item.code);
      if (!r.hits.length || offset + 100 >= r.total) break;
    }
    expected += want.size;
    found += got.size;
    for (const c of want) if (got.has(c)) hit++;
  }
  return { recall: expected ? hit / expected : 1, expected, found };
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
