import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { contentOf, usccOf, type GenItem } from '../../bench/lib/load-catalogue.js';
// @ts-expect-error plain ESM generator without types
import { generateCatalog, UNITS } from '../../bench/lib/gen-catalog.mjs';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { cleanItem } from '../../src/rules/fixtures.js';
import { runCommand } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'shixiang-check-parallel-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const REGION = '330106';

/** Generated items as `shixiang check` lines (the benchmark's catalogue), about 11 findings each. */
function generatedLines(n: number): string[] {
  const usccs = new Map((UNITS as string[]).map((name, k) => [name, usccOf(k + 1, REGION)]));
  const lines: string[] = [];
  let i = 0;
  for (const g of generateCatalog({ n, seed: 7, region: REGION }) as Iterable<GenItem>) {
    i++;
    const content = contentOf(g, i, REGION);
    const taskCode = composeTaskCode({ uscc: usccs.get(g.unit)!, level: '4', catalogCode: content.catalogCode! });
    lines.push(JSON.stringify({ taskCode, granularity: 'main', content }));
  }
  return lines;
}

/**
 * A file that spans many batches: a 子项 on line 1 whose 业务办理项 is the last line (the first pass's counts
 * must reach every worker), blank lines, a line not matching the schema, and a warning kept with a reason.
 */
function catalogueFile(): string {
  const handling = cleanItem('01');
  const parent = {
    granularity: 'sub',
    taskCode: handling.taskCode,
    content: {
      name: '食品经营许可',
      catalogCode: handling.content.catalogCode,
      type: '01',
      setBasis: handling.content.setBasis,
      useLevels: ['4'],
    },
  };
  const overridden = cleanItem('01');
  overridden.content.materials![2]!.name = '其他相关材料';
  overridden.content.overrides = [
    { rule: 'guide.catch-all-material', path: 'content.materials.2.name', justification: '按省级目录原文保留' },
  ];
  const broken = { granularity: 'sub', taskCode: 'x', content: { name: '某事项', type: '99', setBasis: [] } };
  const generated = generatedLines(800);
  const lines = [
    JSON.stringify(parent),
    ...generated.slice(0, 400),
    '',
    JSON.stringify(broken),
    JSON.stringify({ granularity: 'main', taskCode: overridden.taskCode, content: overridden.content }),
    ...generated.slice(400),
    '   ',
    JSON.stringify({ granularity: handling.granularity, taskCode: handling.taskCode, content: handling.content }),
  ];
  const file = path.join(dir, 'catalogue.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const check = (...args: string[]) => runCommand(['check', ...args], { JURISDICTION_AREA_CODE: '0571' });

describe('shixiang check in worker threads', () => {
  const file = catalogueFile();

  it('prints the same report, in the same order, with the same exit code as one thread', async () => {
    const sequential = await check(file, '--jobs', '1');
    const parallel = await check(file, '--jobs', '3');
    assert.equal(sequential.code, 1);
    assert.match(sequential.out, /^line 403: content\.type: /m);
    assert.match(sequential.out, /^line 404 \(食品经营许可（新办）\): OVERRIDDEN guide\.catch-all-material /m);
    assert.doesNotMatch(sequential.out, /^line 1 \(/m, 'the 子项 with its 业务办理项 in the file has no findings');
    assert.match(sequential.out, /checked 804 item\(s\): \d+ error\(s\), \d+ warning\(s\), 1 overridden; 1 line/);
    assert.ok(sequential.out.split('\n').length > 8000, 'the generated items have findings');
    assert.deepEqual(parallel, sequential);
  });

  it('prints the same JSON lines as one thread', async () => {
    const sequential = await check(file, '--json', '--jobs', '1');
    const parallel = await check(file, '--json', '--jobs', '2');
    assert.equal(sequential.out.split('\n').length, 804);
    assert.deepEqual(parallel, sequential);
  });

  it('reports the lines that are not JSON as one thread does, and checks nothing', async () => {
    const bad = path.join(dir, 'bad.jsonl');
    const lines = generatedLines(300);
    lines[10] = '{"granularity": "main", "content": }';
    lines[250] = '{"granularity": "main"';
    writeFileSync(bad, lines.join('\n'));
    const sequential = await check(bad, '--jobs', '1');
    const parallel = await check(bad, '--jobs', '2');
    assert.equal(sequential.code, 2);
    assert.equal(sequential.out, '');
    assert.match(sequential.err, /bad\.jsonl: line 11, column \d+: not valid JSON[^\n]*\n[^\n]*line 251, column/);
    assert.deepEqual(parallel, sequential);
  });

  it('refuses a --jobs that is not a thread count', async () => {
    assert.equal((await check(file, '--jobs', '0')).code, 2);
    assert.equal((await check(file, '--jobs', 'many')).code, 2);
  });
});
