import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { ItemType } from '../../domain/enums.js';
import type { ItemInput } from '../../items/item-input.schema.js';
import { cleanItem } from '../../rules/fixtures.js';
import type { CheckSubject } from '../../rules/types.js';
import { runCommand } from '../../../test/support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'shixiang-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function file(content: string | Buffer): string {
  const name = path.join(dir, `items-${++fileCount}.jsonl`);
  writeFileSync(name, content);
  return name;
}

/** One input line from a clean fixture, optionally patched. */
function line(type: ItemType, patch: (s: CheckSubject) => void = () => {}): string {
  const s = cleanItem(type);
  patch(s);
  const input: ItemInput = { granularity: s.granularity, taskCode: s.taskCode!, content: s.content };
  if (s.handlingCode) input.handlingCode = s.handlingCode;
  if (s.unit) input.unitUscc = s.unit.uscc;
  return JSON.stringify(input);
}

const check = (...args: string[]) => runCommand(['check', ...args], { JURISDICTION_AREA_CODE: '0349' });

describe('shixiang check', () => {
  it('passes a clean item with exit 0', async () => {
    const result = await check(file(`${line('01')}\n\n${line('20')}\n`));
    assert.equal(result.code, 0, result.out);
    assert.equal(result.out, 'checked 2 item(s): 0 error(s), 0 warning(s), 0 overridden');
  });

  it('reports catch-all wording as a warning and still exits 0', async () => {
    const result = await check(file(line('01', (s) => void (s.content.materials![2]!.name = '其他相关材料'))));
    assert.equal(result.code, 0);
    assert.match(
      result.out,
      /^line 1 \(食品经营许可（新办）\): WARNING guide\.catch-all-material content\.materials\.2\.name 材料「其他相关材料」含兜底表述/m,
    );
  });

  it('fails on a missing 设定依据', async () => {
    const result = await check(file(line('07', (s) => void (s.content.setBasis = []))));
    assert.equal(result.code, 1);
    assert.match(
      result.out,
      /^line 1 \(特困人员认定\): ERROR completeness\.set-basis content\.setBasis 设定依据不能为空/m,
    );
  });

  it('fails on a wrong USCC check character in the 实施编码 and names the right one', async () => {
    const result = await check(
      file(
        line('01', (s) => {
          s.taskCode = '1114060301261531X44000117006000';
          delete s.unit;
        }),
      ),
    );
    assert.equal(result.code, 1);
    assert.match(result.out, /ERROR code\.task-code-uscc taskCode .*校验位错误，应为 3/);
  });

  it('fails on a 即办件 with a 5-day promise', async () => {
    const result = await check(file(line('01', (s) => void (s.content.projectType = '1'))));
    assert.equal(result.code, 1);
    assert.match(
      result.out,
      /ERROR consistency\.instant-project-type content\.projectType 即办件的承诺办结时限应为即时，当前为5个工作日/,
    );
  });

  it('reports schema errors per line with path and reason, and exits 1', async () => {
    const broken = JSON.stringify({
      granularity: 'sub',
      taskCode: 'x',
      content: { name: '某事项', catalogCode: '000117006000', type: '99', setBasis: [], useLevels: ['4'] },
    });
    const result = await check(file(`${line('01')}\n${broken}`));
    assert.equal(result.code, 1);
    assert.match(result.out, /^line 2: content\.type: 「事项类型」应为以下代码之一：.*01=行政许可/m);
  });

  it('does not require handling details of a 子项 whose 业务办理项 are in the file', async () => {
    const handling = cleanItem('01');
    const parent = JSON.stringify({
      granularity: 'sub',
      taskCode: handling.taskCode,
      content: {
        name: '食品经营许可',
        catalogCode: handling.content.catalogCode,
        type: '01',
        setBasis: handling.content.setBasis,
        useLevels: ['4'],
      },
    });
    const result = await check(file(`${parent}\n${line('01')}`));
    assert.equal(result.code, 0, result.out);
  });

  it('checks phones against --area-code', async () => {
    const result = await check(file(line('01')), '--area-code', '0351');
    assert.equal(result.code, 1);
    assert.match(
      result.out,
      /ERROR consistency\.phone-area-code content\.consult\.phone 咨询电话「0349-6012345」应以本地区号 0351 开头/,
    );
  });

  it('prints one parseable JSON object per input line with --json', async () => {
    const result = await check(
      file(`${line('01')}\n\n${line('02', (s) => void (s.content.transactTime = '/'))}\n`),
      '--json',
    );
    assert.equal(result.code, 0);
    const objects = result.out.split('\n').map((text) => JSON.parse(text));
    assert.deepEqual(
      objects.map((o) => [o.line, o.name, o.findings.length, o.schemaErrors.length]),
      [
        [1, '食品经营许可（新办）', 0, 0],
        [3, '对未取得食品经营许可从事食品经营活动的行政处罚', 1, 0],
      ],
    );
    assert.equal(objects[1].findings[0].rule, 'guide.placeholder');
  });

  it('exits 2 when the file cannot be read', async () => {
    const result = await check(path.join(dir, 'missing.jsonl'));
    assert.equal(result.code, 2);
    assert.match(result.err, /cannot read .*missing\.jsonl/);
  });

  it('exits 2 when the file is not UTF-8', async () => {
    const gbk = Buffer.from([0x7b, 0x22, 0xca, 0xc2, 0xcf, 0xee, 0x22, 0x7d, 0x0a]); // {"事项"} in GBK
    const result = await check(file(gbk));
    assert.equal(result.code, 2);
    assert.match(result.err, /is not UTF-8 text/);
  });

  it('exits 2 on a line that is not JSON, naming the line and column', async () => {
    const result = await check(file(`${line('01')}\n{"granularity": "sub", "content": }\n`));
    assert.equal(result.code, 2);
    assert.match(result.err, /items-\d+\.jsonl: line 2, column 35: not valid JSON/);
    assert.equal(result.out, '');
  });

  it('exits 2 on bad arguments', async () => {
    assert.equal((await check()).code, 2);
    assert.equal((await check('a.jsonl', 'b.jsonl')).code, 2);
    assert.equal((await check('a.jsonl', '--area-code', '349')).code, 2);
    assert.equal((await check('a.jsonl', '--verbose')).code, 2);
  });
});
