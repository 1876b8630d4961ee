#!/usr/bin/env node
// One writer per table (issue 11): every INSERT/UPDATE/DELETE of a table is written in one file under src/, its
// feature's repository, so the rules of that table (lock_version bumps, state guards) live in one place. Scans the
// source for insertInto/updateTable/deleteFrom/replaceInto/mergeInto with a literal table name and fails when a table
// is written from more than one file. db/ (migrations, the schema) is excluded; raw `sql` statements are not parsed
// (today only search/search.repository.ts writes that way, its own FTS tables). Run by `npm run lint`.
// Why a script and not a unit test: it reads source text only, needs no database, and belongs with the other static
// checks that CI runs before any test (ARCHITECTURE.md, "Lint and layering").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');

const WRITE =
  /\.\s*(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(\s*(['"`])([a-z_][a-z0-9_]*)(?:\s+as\s+[a-z_][a-z0-9_]*)?\2/g;

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (relative(root, path).split(sep).join('/') === 'src/db') continue;
      yield* sourceFiles(path);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) yield path;
  }
}

/** table → set of files (relative, with /) that write it */
const writers = new Map();
for (const file of sourceFiles(join(root, 'src'))) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(WRITE)) {
    const table = m[3];
    if (!writers.has(table)) writers.set(table, new Set());
    writers.get(table).add(relative(root, file).split(sep).join('/'));
  }
}

const problems = [];
for (const [table, files] of [...writers].sort(([a], [b]) => a.localeCompare(b))) {
  if (files.size > 1)
    problems.push(`table ${table} is written from ${files.size} files: ${[...files].sort().join(', ')}`);
}
if (problems.length) {
  console.error('One writer per table (scripts/check-writers.mjs): move the writes into the owning *.repository.ts.');
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`One writer per table: ${writers.size} tables checked.`);
