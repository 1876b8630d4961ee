#!/usr/bin/env node
// Runs every test tier with node's built-in runner (through tsx).
//   npm test                 unit + integration + reliability (SQLite; also PostgreSQL when DATABASE_URL is set) + browser
//   npm test -- --only unit  one tier: unit | integration | reliability | browser
//                            (reliability: SIGKILLs, races, faults, shutdown, load on server processes; short
//                            versions here, `npm run soak` for the long run)
//   npm test -- FILE...      just these files
// With DATABASE_URL set, the integration files run as two concurrent runs: one on SQLite (with the unit and browser
// tiers), one on PostgreSQL (TEST_DIALECTS narrows each file's dialect loop). The files share no state (every test
// context has its own temporary directory or throwaway database), and the PostgreSQL run spends much of its time
// waiting on the database server, which the SQLite run uses to compute. Output lines are prefixed by run.
// Browser tests need Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH). Without it they are
// skipped with a message, except under CI=true, where a missing browser fails the run.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
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
const tierOf = (f) =>
  f.startsWith(path.join('test', 'browser'))
    ? 'browser'
    : f.startsWith(path.join('test', 'reliability'))
      ? 'reliability'
      : f.startsWith('test')
        ? 'integration'
        : 'unit';
let files = explicit.length ? explicit : all.filter((f) => !only || tierOf(f) === only);

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (files.some((f) => tierOf(f) === 'browser') && !fs.existsSync(chromium)) {
  if (process.env.CI === 'true') {
    console.error(
      `CI=true and no Chromium at ${chromium}: browser tests cannot be skipped in CI (apt-get install -y chromium)`,
    );
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

// Which files run on PostgreSQL: those that loop over testDialects(); a file that needs both dialects at once
// (it compares them) runs in the PostgreSQL run only.
const source = (f) => fs.readFileSync(f, 'utf8');
const loopsOverDialects = (f) => source(f).includes('of testDialects()');
const needsBothDialects = (f) => source(f).includes('testDialects()') && !loopsOverDialects(f);
const runs = process.env.DATABASE_URL
  ? [
      { name: 'sqlite', dialects: 'sqlite', files: files.filter((f) => !needsBothDialects(f)) },
      { name: 'pg', dialects: 'postgres', files: files.filter((f) => loopsOverDialects(f) || needsBothDialects(f)) },
    ].filter((r) => r.files.length > 0)
  : [{ name: '', dialects: undefined, files }];

// The runs' own totals, summed into one closing line when there are two.
const totals = { pass: 0, fail: 0 };

/** One `node --test` run; resolves to its exit code. Lines are prefixed with the run's name when there are two. */
function runTests({ name, dialects, files: runFiles }) {
  const env = { ...process.env, TZ: 'UTC', NODE_ENV: 'test' };
  if (dialects) env.TEST_DIALECTS = dialects;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...runFiles],
    {
      stdio: runs.length > 1 ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env,
    },
  );
  if (runs.length > 1) {
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        const m = /^ℹ (pass|fail) (\d+)$/.exec(line);
        if (m) totals[m[1]] += Number(m[2]);
        out.write(`[${name}] ${line}\n`);
      });
    }
  }
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

const codes = await Promise.all(runs.map(runTests));
if (runs.length > 1) {
  for (const [i, r] of runs.entries())
    console.log(`${r.name}: ${codes[i] === 0 ? 'passed' : `failed (exit ${codes[i]})`}`);
  console.log(`${totals.pass} passed, ${totals.fail} failed`);
}
process.exit(codes.find((c) => c !== 0) ?? 0);
