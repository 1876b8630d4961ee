#!/usr/bin/env node
// Runs the benchmark suite (bench/*.ts). Benchmarks measure; they are not tests and do not run in CI.
//   npm run bench                      every benchmark with its default size
//   npm run bench -- consistency --n 1000000
//   BENCH_ITEMS=10000 BENCH_DB=postgres npm run bench -- public
// PostgreSQL benchmarks use DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) to create a
// throwaway database. Results and targets: docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const [only, ...rest] = process.argv.slice(2);
const all = fs
  .readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const chosen = only && !only.startsWith('--') ? [only] : all;
const args = only && !only.startsWith('--') ? rest : process.argv.slice(2);
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark "${name}" (have: ${all.join(', ')})`);
    process.exit(2);
  }
  console.log(`== bench/${name}.ts ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
