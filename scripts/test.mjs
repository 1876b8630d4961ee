#!/usr/bin/env node
// Runs every test tier with node's built-in runner (through tsx).
//   npm test                 unit + integration + reliability (SQLite; also PostgreSQL when DATABASE_URL is set) + browser
//   npm test -- --only unit  one tier: unit | integration | reliability | browser
//                            (reliability: SIGKILLs, races, faults, shutdown, load on server processes; short
//                            versions here, `npm run soak` for the long run)
//   npm test -- FILE...      just these files
// Browser tests need Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH). Without it they are
// skipped with a message, except under CI=true, where a missing browser fails the run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : null;
const explicit = args.filter((a, i) => a.endsWith('.ts') && (onlyIdx < 0 || i !== onlyIdx + 1));

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const all = [...walk('src'), ...walk('test')].sort();
const tierOf = (f) => (f.startsWith(path.join('test', 'browser')) ? 'browser' : f.startsWith(path.join('test', 'reliability')) ? 'reliability' : f.startsWith('test') ? 'integration' : 'unit');
let files = explicit.length ? explicit : all.filter((f) => !only || tierOf(f) === only);

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (files.some((f) => tierOf(f) === 'browser') && !fs.existsSync(chromium)) {
  if (process.env.CI === 'true') {
    console.error(`CI=true and no Chromium at ${chromium}: browser tests cannot be skipped in CI (apt-get install -y chromium)`);
    process.exit(1);
  }
  console.warn(`! Chromium not found at ${chromium}: skipping browser tests (apt-get install -y chromium to run them)`);
  files = files.filter((f) => tierOf(f) !== 'browser');
}
if (!process.env.DATABASE_URL) {
  if (process.env.CI === 'true') {
    console.error('CI=true but DATABASE_URL is not set: the PostgreSQL suite must run in CI');
    process.exit(1);
  }
  console.warn('! DATABASE_URL not set: integration tests run on SQLite only');
} else {
  console.log(`PostgreSQL suite enabled (DATABASE_URL=${process.env.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@')})`);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC', NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
