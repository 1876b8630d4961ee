import { spawn } from 'node:child_process';
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.js';
import type { Db } from './database.js';

/**
 * Backup and restore of the whole database (`shixiang backup` / `restore`). A backup is one file plus a
 * manifest beside it (`FILE.manifest.json`) holding the row count of every table taken from the same
 * consistent snapshot, so a restore can prove it brought back exactly what was saved:
 * - SQLite: the online backup API (a consistent copy while the server keeps running);
 * - PostgreSQL: `pg_dump --format=custom`, run on a snapshot exported from a REPEATABLE READ transaction in
 *   which the rows were counted, so the dump and the counts describe the same instant.
 */

export interface Manifest {
  format: 'shixiang-backup';
  version: 1;
  dialect: 'sqlite' | 'postgres';
  createdAt: string;
  counts: Record<string, number>;
}

export const manifestPath = (file: string) => `${file}.manifest.json`;

async function tableCounts(db: Kysely<any>): Promise<Record<string, number>> {
  const tables = (await db.introspection.getTables())
    .map((t) => t.name)
    .filter((n) => !/^(sqlite_|search_fts)/.test(n))
    .sort();
  const counts: Record<string, number> = {};
  for (const name of tables) {
    const row = await db
      .selectFrom(name)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[name] = Number(row.n);
  }
  return counts;
}

/** Runs a client program, failing with its stderr. The connection string goes in the environment, not argv. */
function run(command: string, args: string[], url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const env = {
      ...process.env,
      PGHOST: u.hostname,
      PGPORT: u.port || '5432',
      PGUSER: decodeURIComponent(u.username),
      PGPASSWORD: decodeURIComponent(u.password),
      PGDATABASE: u.pathname.slice(1),
    };
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', (e) =>
      reject(new Error(`${command} could not be started (${e.message}); install the PostgreSQL client programs`)),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${err.trim()}`)),
    );
  });
}

export async function backupDatabase(config: Config, db: Db, file: string, now: Date): Promise<Manifest> {
  let counts: Record<string, number>;
  if (config.db.kind === 'sqlite') {
    const native = new SqliteDatabase(config.db.file, { readonly: true, fileMustExist: true });
    try {
      await native.backup(file);
    } finally {
      native.close();
    }
    counts = await countFile(file);
  } else {
    counts = await pgSnapshotDump(config.db.url, db, file);
  }
  const manifest: Manifest = {
    format: 'shixiang-backup',
    version: 1,
    dialect: db.dialect,
    createdAt: now.toISOString(),
    counts,
  };
  fs.writeFileSync(manifestPath(file), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function countFile(file: string): Promise<Record<string, number>> {
  const k = new Kysely<any>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file, { readonly: true }) }) });
  try {
    return await tableCounts(k);
  } finally {
    await k.destroy();
  }
}

async function pgSnapshotDump(url: string, db: Db, file: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const tables = (await db.kysely.introspection.getTables()).map((t) => t.name).sort();
    const counts: Record<string, number> = {};
    for (const name of tables)
      counts[name] = Number(
        (await client.query(`select count(*)::int as n from "${name.replace(/"/g, '""')}"`)).rows[0].n,
      );
    await run(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${rows[0]!.id}`, `--file=${file}`],
      url,
    );
    await client.query('commit');
    return counts;
  } finally {
    await client.end();
  }
}

export interface RestoreResult {
  counts: Record<string, number>;
  /** Tables whose restored row count differs from the manifest. */
  mismatches: string[];
}

/** True when the target database has no tables at all (restore never overwrites data). */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  return (await db.kysely.introspection.getTables()).length === 0;
}

/** Restores into the configured (empty) database; the caller opens it afterwards and verifies the audit chain. */
export async function restoreDatabase(config: Config, file: string): Promise<void> {
  if (config.db.kind === 'sqlite') {
    const source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(config.db.file);
    } finally {
      source.close();
    }
    return;
  }
  await run(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${new URL(config.db.url).pathname.slice(1)}`, file],
    config.db.url,
  );
}

/** Compares the restored database's row counts with the manifest written at backup time. */
export async function verifyCounts(db: Db, manifest: Manifest): Promise<RestoreResult> {
  const counts = await tableCounts(db.kysely);
  const names = new Set([...Object.keys(counts), ...Object.keys(manifest.counts)]);
  return { counts, mismatches: [...names].filter((n) => counts[n] !== manifest.counts[n]).sort() };
}

/** Reads and checks a backup's manifest. */
export function readManifest(file: string): Manifest {
  const m = JSON.parse(fs.readFileSync(manifestPath(file), 'utf8')) as Manifest;
  if (m.format !== 'shixiang-backup') throw new Error(`${manifestPath(file)} is not a shixiang backup manifest`);
  return m;
}
