import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import type { AppContext } from '../../../src/app/context.js';
import type { UseCaseContext } from '../../../src/app/use-case.js';
import { SYSTEM_ACTOR } from '../../../src/auth/actor.js';
import { composeTaskCode } from '../../../src/domain/task-code.js';
import { importItems } from '../../../src/exchange/import.service.js';
import { createUnit } from '../../../src/units/unit.service.js';
import { contentOf, usccOf, type GenItem } from '../../../bench/lib/load-catalogue.js';
// @ts-expect-error plain ESM generator without types
import { generateCatalog, UNITS } from '../../../bench/lib/gen-catalog.mjs';
import { MIGRATIONS } from '../../../src/db/migrations/index.js';
import { seedDemoIfEmpty } from '../../../src/demo/seed.js';
import { createTestContext, type DialectName } from '../../support/context.js';

/** Items per import: each is one transaction (and one file well under the import's size limit). */
const CHUNK = 5000;
const REGION = '330106';

export interface Enlarged {
  items: number;
  seconds: number;
  itemsPerSecond: number;
}

/**
 * Enlarges the demo by `n` generated items (bench/lib/gen-catalog.mjs, seed 42) through the project's bulk
 * path: units by `createUnit`, then the items as JSON Lines through `importItems` with `--as-published`
 * (the initial migration: rules, audit, publication log, public documents, search index), in files of CHUNK.
 */
export async function enlargeDemo(
  ctx: AppContext,
  n: number,
  progress?: (done: number, seconds: number) => void,
): Promise<Enlarged> {
  const uc: UseCaseContext = {
    app: ctx,
    actor: { ...SYSTEM_ACTOR, name: '可靠性压测数据载入' },
    meta: { userAgent: 'shixiang reliability' },
  };
  const level = ctx.config.jurisdiction.level;
  const started = performance.now();
  const usccs = new Map<string, string>();
  for (const [k, name] of (UNITS as string[]).entries()) {
    const uscc = usccOf(k + 1, REGION);
    await createUnit(uc, {
      name,
      uscc,
      nature: '1',
      regionCode: REGION,
      address: `${name}办公楼`,
      phone: '0571-12345678',
    });
    usccs.set(name, uscc);
  }
  let lines: string[] = [];
  let done = 0;
  const flush = async () => {
    const report = await importItems(uc, [{ name: `enlarge-${done}.jsonl`, data: Buffer.from(lines.join('\n')) }], {
      apply: true,
      asPublished: true,
    });
    if (report.problemTotal || report.counts.create !== lines.length) {
      throw new Error(
        `import of ${lines.length} generated items: ${report.counts.create} created, ${report.problemTotal} problems: ${JSON.stringify(report.problems.slice(0, 3))}`,
      );
    }
    done += lines.length;
    lines = [];
    progress?.(done, (performance.now() - started) / 1000);
  };
  let i = 0;
  for (const g of generateCatalog({ n, seed: 42, region: REGION }) as Iterable<GenItem>) {
    const content = contentOf(g, ++i, REGION);
    lines.push(
      JSON.stringify({
        taskCode: composeTaskCode({ uscc: usccs.get(g.unit)!, level, catalogCode: content.catalogCode! }),
        granularity: 'main',
        content,
      }),
    );
    if (lines.length === CHUNK) await flush();
  }
  if (lines.length) await flush();
  const seconds = (performance.now() - started) / 1000;
  return { items: done, seconds: Math.round(seconds), itemsPerSecond: Math.round(done / seconds) };
}

export interface PreparedDemo {
  /** For `createTestContext(dialect, { from })`: the SQLite file or the PostgreSQL template database. */
  from: string;
  /** The keys the copy was written with (audit chain, passwords, encrypted fields). */
  env: Record<string, string>;
  enlarged: Enlarged;
  /** Whether an earlier run had built it. */
  reused: boolean;
}

/**
 * The demo (as `npm start` seeds it) enlarged by `n` items, built once per dialect, item count and schema in
 * `dataDir` and reused by later runs: importing 100,000 items takes minutes, the load it serves one. A new
 * migration changes the last migration's name and so builds it anew. SQLite: a `VACUUM INTO` copy of the file;
 * PostgreSQL: the built database itself, renamed, which each run uses as its template.
 */
export async function preparedDemo(
  dialect: DialectName,
  n: number,
  dataDir: string,
  progress?: (done: number, seconds: number) => void,
): Promise<PreparedDemo> {
  const key = `demo-${dialect}-${n}-${Object.keys(MIGRATIONS).sort().at(-1)}`;
  const metaFile = path.join(dataDir, `${key}.json`);
  const adminUrl = process.env.DATABASE_URL ?? '';
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  if (fs.existsSync(metaFile)) {
    const saved = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Omit<PreparedDemo, 'reused'>;
    const there =
      dialect === 'sqlite'
        ? fs.existsSync(saved.from)
        : (await admin((c) => c.query('select 1 from pg_database where datname = $1', [saved.from]))).rowCount === 1;
    if (there) return { ...saved, reused: true };
  }
  const hex = () => randomBytes(32).toString('hex');
  const env = { AUDIT_HMAC_KEY: hex(), DATA_ENCRYPTION_KEY: hex(), PASSWORD_PEPPER: hex() };
  const t = await createTestContext(dialect, { env });
  let from: string;
  let enlarged: Enlarged;
  try {
    t.clock.set(new Date().toISOString());
    await seedDemoIfEmpty(t.ctx);
    enlarged = await enlargeDemo(t.ctx, n, progress);
    fs.mkdirSync(dataDir, { recursive: true });
    if (dialect === 'sqlite') {
      from = path.join(dataDir, `${key}.db`);
      fs.rmSync(from, { force: true });
      await sql`vacuum into ${sql.lit(from)}`.execute(t.ctx.db.kysely);
    } else {
      from = `shixiang_soak_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
      const built = new URL(t.env.DATABASE_URL!).pathname.slice(1);
      await t.ctx.db.close();
      await admin(async (c) => {
        await c.query(`drop database if exists ${from}`);
        await c.query(`alter database ${built} rename to ${from}`);
      });
    }
  } finally {
    await t.cleanup();
  }
  const saved = { from, env, enlarged };
  fs.writeFileSync(metaFile, JSON.stringify(saved));
  return { ...saved, reused: false };
}
