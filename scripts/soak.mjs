#!/usr/bin/env node
// The long reliability run (`npm run soak`): the SIGKILL harness with many kills and the 60 s load, on
// SQLite and (with DATABASE_URL) PostgreSQL, then a summary of the figures for docs/reliability.md.
//   npm run soak                               500 kills per engine, 60 s of load on the demo + 100,000 items
//   npm run soak -- --kills 40 --seconds 60    a reduced run (say so when you record it)
//   npm run soak -- --items 20000              the load on a smaller enlargement (import time is the limit)
//   npm run soak -- --data DIR                 where the enlarged demo is built once and reused (default: a
//                                              directory in the system's temp dir); a new migration rebuilds it
//   npm run soak -- --minutes 40               no new kill round after 40 min (a time-boxed run on a shared machine)
//   npm run soak -- --only crash               only the SIGKILL harness (or: --only load)
//   npm run soak -- --seed 7                   another seeded stream of writes and kill moments
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const kills = arg('kills', '500');
const seconds = arg('seconds', '60');
const seed = arg('seed', '20261207');
const items = arg('items', '100000');
const minutes = arg('minutes', undefined);
const only = arg('only', undefined);
const data = arg('data', undefined);
const tests = ['crash', 'load'].filter((t) => !only || t === only).map((t) => `test/reliability/${t}.test.ts`);
const figures = path.join(os.tmpdir(), `shixiang-soak-${process.pid}.jsonl`);

const started = new Date();
const startLoad = os
  .loadavg()
  .map((x) => x.toFixed(1))
  .join(' / ');
const result = spawnSync(process.execPath, ['scripts/test.mjs', ...tests], {
  stdio: 'inherit',
  env: {
    ...process.env,
    RELIABILITY_KILLS: kills,
    RELIABILITY_LOAD_SECONDS: seconds,
    RELIABILITY_SEED: seed,
    RELIABILITY_FIGURES: figures,
    RELIABILITY_LOAD_ITEMS: items,
    ...(data ? { RELIABILITY_DATA_DIR: path.resolve(data) } : {}),
    ...(minutes ? { RELIABILITY_CRASH_UNTIL: new Date(Date.now() + Number(minutes) * 60_000).toISOString() } : {}),
  },
});
const rows = fs.existsSync(figures)
  ? fs
      .readFileSync(figures, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  : [];
fs.rmSync(figures, { force: true });

const version = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : 'n/a';
};
const sqlite = spawnSync(
  process.execPath,
  [
    '-e',
    "const D=require('better-sqlite3');console.log(new D(':memory:').prepare('select sqlite_version() v').get().v)",
  ],
  { encoding: 'utf8' },
).stdout.trim();
console.log(
  `\n## Soak run ${started.toISOString()} (${Math.round((Date.now() - started.getTime()) / 60000)} min, exit ${result.status})\n`,
);
console.log(
  `- Command: \`npm run soak -- ${process.argv.slice(2).join(' ')}\` (kills ${kills}, seconds ${seconds}, items ${items}, seed ${seed}${minutes ? `, time box ${minutes} min` : ''})${process.env.DATABASE_URL ? ' with DATABASE_URL set' : ''}`,
);
console.log(
  `- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, load average at the start ${startLoad}, at the end ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')}`,
);
console.log(
  `- Versions: Node ${process.version}, SQLite ${sqlite}, ${version('psql', ['--version'])}, ${os.type()} ${os.release()}`,
);
for (const r of rows) {
  const { test, ...rest } = r;
  console.log(
    `- ${test}: ${Object.entries(rest)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}
process.exit(result.status ?? 1);
