/**
 * Benchmark of the Art. 8 consistency report on PostgreSQL (docs/consistency.md).
 *
 *   node --import tsx bench/consistency.ts [--n 1000000] [--keep]
 *
 * Creates a throwaway database next to DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * migrates it, generates N catalogue-level items with plain SQL (INSERT … SELECT generate_series: no
 * application code per row) across N/500 units in 120 regions against a base catalogue of N/50 entries,
 * injects a known number of inconsistencies of every kind, times `runChecks` (every query of the report,
 * all findings materialised) and checks that it found exactly the injected ones. Drops the database at the
 * end unless --keep.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { runChecks, type FindingKind } from '../src/consistency/consistency.queries.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const N = Math.max(1000, Math.round(Number(arg('n') ?? 100_000) / 1000) * 1000);
const K = N / 1000;
const C = Math.max(20, N / 50);
const U = Math.max(50, Math.round(N / 500));
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function main(): Promise<void> {
  const name = `shixiang_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  try {
    await migrateToLatest(db);
    const k = db.kysely;
    let t = process.hrtime.bigint();
    const now = new Date().toISOString();
    await sql`insert into units (id, name, uscc, nature, region_code, created_at, updated_at)
      select 'u' || g, '实施单位' || g, 'BENCH' || lpad(g::text, 13, '0'), '1', (140100 + g % 120)::text, ${now}, ${now} from generate_series(0, ${U - 1}) g`.execute(
      k,
    );
    // The base catalogue: C entries every item draws from, plus K entries no item uses (their names are borrowed below).
    await sql`insert into catalogue_entries (catalog_code, name, type, set_basis, set_basis_key, use_levels, status, entry_version, source_level, updated_at)
      select 'B' || lpad(g::text, 11, '0'), '事项' || g, '01', '[]', 'key' || g, '["3","4"]', 'active', 1, '2', ${now} from generate_series(0, ${C - 1}) g`.execute(
      k,
    );
    await sql`insert into catalogue_entries (catalog_code, name, type, set_basis, set_basis_key, use_levels, status, entry_version, source_level, updated_at)
      select 'V' || lpad(g::text, 11, '0'), '未认领事项' || g, '01', '[]', 'vkey' || g, '["4"]', 'active', 1, '2', ${now} from generate_series(0, ${K - 1}) g`.execute(
      k,
    );
    await sql`insert into items (id, unit_id, granularity, task_code, handling_code, catalog_code, origin, name, type, life_state, workflow_state, lock_version, error_count, warning_count, created_at, updated_at)
      select 'i' || g, 'u' || (g % ${U}), 'main', 'T' || lpad(g::text, 12, '0'), '', 'B' || lpad((g % ${C})::text, 11, '0'), 'claimed', '事项' || (g % ${C}), '01', 'active', 'published', 1, 0, 0, ${now}, ${now}
      from generate_series(0, ${N - 1}) g`.execute(k);
    await sql`insert into item_basis (item_id, set_basis_key) select 'i' || g, 'key' || (g % ${C}) from generate_series(0, ${N - 1}) g`.execute(
      k,
    );
    const loaded = seconds(t);

    // Inject, per block of 1000 items (k = g / 1000, r = g % 1000):
    t = process.hrtime.bigint();
    const r = sql.raw('(substr(id, 2)::bigint % 1000)');
    const kk = sql.raw('(substr(id, 2)::bigint / 1000)');
    await sql`update items set name = name || '（改）' where ${r} = 1`.execute(k); // name_mismatch
    await sql`update items set type = '07' where ${r} = 2`.execute(k); // type_mismatch
    await sql`update item_basis set set_basis_key = 'other' || item_id where (substr(item_id, 2)::bigint % 1000) = 3`.execute(
      k,
    ); // basis_mismatch
    await sql`update items set catalog_code = 'Z' || lpad(${kk}::text, 11, '0'), name = '本地事项' || ${kk} where ${r} = 4`.execute(
      k,
    ); // no_base_entry
    await sql`update items set catalog_code = 'Y' || lpad(${kk}::text, 11, '0'), name = '冲突事项' || ${kk} || '-' || ${r} where ${r} in (5, 6)`.execute(
      k,
    ); // name_conflict (+ no_base_entry)
    await sql`update item_basis set set_basis_key = 'y' || (substr(item_id, 2)::bigint / 1000) where (substr(item_id, 2)::bigint % 1000) in (5, 6)`.execute(
      k,
    );
    await sql`update items set catalog_code = 'X' || lpad((${kk} * 2 + ${r} - 7)::text, 11, '0'), name = '同名事项' || ${kk} where ${r} in (7, 8)`.execute(
      k,
    ); // code_conflict (+ no_base_entry)
    await sql`update items set catalog_code = 'W' || lpad(${kk}::text, 11, '0'), name = '未认领事项' || ${kk} where ${r} = 9`.execute(
      k,
    ); // code_mismatch (+ no_base_entry)
    await sql`update items set name = '不检查' || id, life_state = 'cancelled' where ${r} = 10`.execute(k); // not examined
    await sql`update items set name = '不检查' || id, granularity = 'handling' where ${r} = 11`.execute(k); // not examined
    await sql`vacuum analyze`.execute(k);
    const injected = seconds(t);

    // shared_code follows from how the generated items fall on units and regions: counted, not asserted.
    const expected: Omit<Record<FindingKind, number>, 'shared_code'> = {
      name_mismatch: K,
      type_mismatch: K,
      basis_mismatch: K,
      entry_cancelled: 0,
      no_base_entry: 6 * K,
      name_conflict: 2 * K,
      type_conflict: 0,
      basis_conflict: 0,
      code_mismatch: K,
      code_conflict: 2 * K,
    };
    const runs: number[] = [];
    let counts: Record<string, number> = {};
    for (let run = 0; run < 3; run++) {
      t = process.hrtime.bigint();
      const findings = await runChecks(k);
      await k
        .selectFrom('items as i')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('i.life_state', '<>', 'cancelled')
        .where('i.granularity', '<>', 'handling')
        .executeTakeFirstOrThrow();
      runs.push(seconds(t));
      counts = {};
      for (const f of findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    }
    const wrong = (Object.keys(expected) as Array<keyof typeof expected>).filter(
      (kind) => (counts[kind] ?? 0) !== expected[kind],
    );
    const report = {
      items: N,
      units: U,
      regions: Math.min(U, 120),
      catalogueEntries: C + K,
      loadSeconds: +loaded.toFixed(1),
      injectSeconds: +injected.toFixed(1),
      reportSeconds: runs.map((s) => +s.toFixed(2)),
      findings: counts,
      exact: wrong.length === 0,
    };
    console.log(JSON.stringify(report, null, 2));
    if (wrong.length) {
      console.error(`unexpected counts for ${wrong.join(', ')}: expected ${JSON.stringify(expected)}`);
      process.exitCode = 1;
    }
  } finally {
    await db.close();
    if (!process.argv.includes('--keep')) await admin(`drop database if exists ${name} with (force)`);
  }
}

await main();
