// Bulk import benchmark: N generated items (JSON Lines) imported with --apply into a throwaway database.
//   npm run bench -- import --n 100000                   SQLite, new items as drafts
//   npm run bench -- import --n 100000 --as-published    initial migration: new items published at once
//   BENCH_DB=postgres npm run bench -- import --n 100000 PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// Prints items/s, CPU seconds (meaningful on a loaded machine), peak RSS and the load average.
// Goal (issue 14): 100,000 items in under 60 s, peak RSS under 1 GB. Results: docs/exchange.md.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createContext } from '../src/app/context.js';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import { loadConfig } from '../src/config/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { composeTaskCode } from '../src/domain/task-code.js';
import { completeUscc } from '../src/domain/uscc.js';
import { importItems } from '../src/exchange/import.service.js';
import { createUnit } from '../src/units/unit.service.js';
import { licenceContent } from '../test/support/factories.js';

const n = Number(process.argv[process.argv.indexOf('--n') + 1] || 2000);
const asPublished = process.argv.includes('--as-published');
const dialect = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'sqlite';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-bench-import-'));
const env: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATA_DIR: dir,
  AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
};
let dropDb = async () => {};
if (dialect === 'postgres') {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `shixiang_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  dropDb = () => admin(`drop database if exists ${name} with (force)`);
}
const ctx = await createContext(loadConfig(env));
try {
  await migrateToLatest(ctx.db);
  const uc = { app: ctx, actor: SYSTEM_ACTOR, meta: {} };
  const uscc = completeUscc('11140603BENCH0000'.replace(/[^0-9A-HJ-NPQRTUWXY]/g, '0'));
  await createUnit(uc, { name: '基准测试单位', uscc, nature: '1', regionCode: '140603', unitReviewEnabled: false });
  const file = path.join(dir, 'bench.jsonl');
  const out = fs.createWriteStream(file);
  for (let i = 0; i < n; i++) {
    const catalogCode = `B${String(i).padStart(11, '0')}`;
    const line = JSON.stringify({
      taskCode: composeTaskCode({ uscc, level: ctx.config.jurisdiction.level, catalogCode }),
      granularity: 'main',
      content: licenceContent({ name: `基准事项${i}`, catalogCode }),
    });
    if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const data = fs.readFileSync(file);
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const load = os.loadavg();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await importItems(uc, [{ name: 'bench.jsonl', data }], { apply: true, asPublished });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `${dialect}${asPublished ? ', as published' : ''}: imported ${report.counts.create} items (${report.problemTotal} problems, file ${Math.round(data.length / 2 ** 20)} MB) in ${seconds.toFixed(1)} s = ${Math.round(n / seconds)} items/s; ` +
      `CPU ${((used.user + used.system) / 1e6).toFixed(1)} s; peak RSS ${Math.round(peak / 2 ** 20)} MB; ${os.cpus().length} CPUs, load ${load.map((l) => l.toFixed(1)).join(' ')} at start`,
  );
} finally {
  await ctx.db.close();
  await dropDb();
  fs.rmSync(dir, { recursive: true, force: true });
}
