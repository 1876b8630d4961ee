#!/usr/bin/env node
// Counts type assertions (`x as T` and `<T>x`, not `as const`) in src/**/*.ts, tests excluded, with the TypeScript
// compiler's parser, so a cast inside a string or comment does not count and a multi-line one counts once.
// Issue 11 set the budget: casts hide the type errors the typed tables and use-case inputs are there to catch.
// Usage: node scripts/count-casts.mjs [--max N] [--quiet]   (exits 1 when the total is above N)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const maxAt = args.indexOf('--max');
const max = maxAt >= 0 ? Number(args[maxAt + 1]) : undefined;
if (max !== undefined && !Number.isInteger(max)) {
  console.error('--max needs a whole number');
  process.exit(2);
}
const quiet = args.includes('--quiet');

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts'))
      yield path;
  }
}

function isAsConst(node) {
  return ts.isConstTypeReference(node.type);
}

function count(path) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  let n = 0;
  let toNeverOrUnknown = 0;
  const visit = (node) => {
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && !isAsConst(node)) {
      n += 1;
      const kind = node.type.kind;
      if (kind === ts.SyntaxKind.NeverKeyword || kind === ts.SyntaxKind.UnknownKeyword) toNeverOrUnknown += 1;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { n, toNeverOrUnknown };
}

const rows = [];
for (const path of files(join(root, 'src'))) {
  const { n, toNeverOrUnknown } = count(path);
  if (n > 0) rows.push({ file: relative(root, path).split('\\').join('/'), n, toNeverOrUnknown });
}
rows.sort((a, b) => b.n - a.n || a.file.localeCompare(b.file));
const total = rows.reduce((sum, r) => sum + r.n, 0);
const special = rows.reduce((sum, r) => sum + r.toNeverOrUnknown, 0);

if (!quiet)
  for (const r of rows)
    console.log(
      `${String(r.n).padStart(4)}  ${r.file}${r.toNeverOrUnknown ? `  (${r.toNeverOrUnknown} to never/unknown)` : ''}`,
    );
console.log(
  `${total} casts in ${rows.length} files (${special} to never/unknown)${max !== undefined ? `; budget ${max}` : ''}`,
);
if (max !== undefined && total > max) {
  console.error(`count-casts: ${total} casts is above the budget of ${max}; type the value instead of asserting it`);
  process.exit(1);
}
