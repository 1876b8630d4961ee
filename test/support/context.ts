import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createContext, type AppContext } from '../../src/app/context.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ManualClock, type Clock } from '../../src/shared/clock.js';
import pino from 'pino';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Dialects the integration tier runs on: SQLite always, PostgreSQL when DATABASE_URL points at a server
 * (each test context gets its own throwaway database there). Under CI=true a missing DATABASE_URL is a failure.
 * TEST_DIALECTS (comma-separated, as Kysely's DIALECTS) narrows the list: scripts/test.mjs runs the SQLite and the
 * PostgreSQL halves of the tier as two concurrent runs, so one waits on the database server while the other computes.
 */
export function testDialects(): DialectName[] {
  let dialects: DialectName[];
  if (process.env.DATABASE_URL) dialects = ['sqlite', 'postgres'];
  else if (process.env.CI === 'true')
    throw new Error('CI=true but DATABASE_URL is not set: the PostgreSQL suite must run in CI');
  else dialects = ['sqlite'];
  const only = dialectFilter();
  return only ? dialects.filter((d) => only.includes(d)) : dialects;
}

function dialectFilter(): string[] | undefined {
  return process.env.TEST_DIALECTS?.split(',').map((d) => d.trim());
}

/**
 * Options for a describe that runs on SQLite only (or needs no database) in a file that also loops over the
 * dialects: it is skipped in the PostgreSQL-only run, so that a split run does not do it twice.
 */
export const sqliteOnly = { skip: dialectFilter()?.includes('sqlite') === false && 'in the SQLite run' } as const;

export interface TestContext {
  ctx: AppContext;
  /** The environment the context was configured from (CLI tests reuse it to reach the same database). */
  env: Record<string, string>;
  clock: ManualClock;
  dialect: DialectName;
  cleanup(): Promise<void>;
}

export interface TestContextOptions {
  env?: Record<string, string>;
  clock?: ManualClock;
  /**
   * A prepared database to start from instead of an empty one (the soak's enlarged demo, built once): an SQLite
   * file, copied into the context's data directory, or the name of a PostgreSQL database, used as the template.
   */
  from?: string;
}

/** A migrated, empty database on the given dialect with a manual clock and silent logs. */
export async function createTestContext(dialect: DialectName, opts: TestContextOptions = {}): Promise<TestContext> {
  const clock = opts.clock ?? new ManualClock();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-test-'));
  let dropDatabase = async () => {};
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: tmp,
    AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
    ...opts.env,
  };
  if (dialect === 'postgres') {
    const adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) throw new Error('DATABASE_URL is required for the PostgreSQL suite');
    const name = `shixiang_t_${randomBytes(6).toString('hex')}`;
    await withAdmin(adminUrl, (c) => c.query(`create database ${name}${opts.from ? ` template ${opts.from}` : ''}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = () =>
      withAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined);
  }
  const config: Config = loadConfig(env);
  if (opts.from && config.db.kind === 'sqlite') fs.copyFileSync(opts.from, config.db.file);
  const ctx = await createContext(config, { clock: clock as Clock, log: pino({ level: 'silent' }) });
  await migrateToLatest(ctx.db);
  return {
    ctx,
    env,
    clock,
    dialect,
    async cleanup() {
      await ctx.db.close();
      await dropDatabase();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`cannot reach PostgreSQL at DATABASE_URL (${(e as Error).message})`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
