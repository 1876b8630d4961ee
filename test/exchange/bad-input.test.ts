import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { runCli } from '../../src/cli/main.js';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { completeUscc } from '../../src/domain/uscc.js';
import type { ExchangeItem } from '../../src/exchange/assemble.js';
import { importItems } from '../../src/exchange/import.service.js';
import { LAYOUT } from '../../src/exchange/layout.js';
import { describeProblem } from '../../src/exchange/problems.js';
import { writeWorkbook } from '../../src/exchange/workbook.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeUnit } from '../support/factories.js';
import { systemUc } from './support.js';

async function workbookOf(items: ExchangeItem[]): Promise<ExcelJS.Workbook> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  await writeWorkbook(stream, async function* () {
    yield* items;
  });
  await ended;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return wb;
}

/** The cell of `header` in a row of `sheet` (item i of the list below is on row i + 1 of the main sheet). */
function cell(wb: ExcelJS.Workbook, sheet: string, row: number, header: string): ExcelJS.Cell {
  const layout = LAYOUT.find((s) => s.name === sheet)!;
  const col = layout.columns.findIndex((c) => c.header === header);
  assert.ok(col >= 0, header);
  return wb
    .getWorksheet(sheet)!
    .getRow(row)
    .getCell(col + 1);
}

/** Each kind of error the seeded workbook carries, and how its report reads. */
const KINDS: Record<string, RegExp> = {
  unknownHeader: /事项基本信息 第1行 .*表头“办理地址”不是本表的列/,
  missingColumn: /收费项目 第1行 「收费标准」：缺少该列/,
  duplicateHeader: /常见问题 第1行 .*「问题」：表头重复/,
  unknownLabel: /事项基本信息 第3行 .*「事项类型」：“行政审核”不是可选值/,
  unknownMultiLabel: /第4行 .*「行使层级」：“省市级”不是可选值/,
  textInNumber: /第3行 .*「法定办结时限-时限」：应为数字，不能是“二十”/,
  fractionInInteger: /第4行 .*「到办事现场次数」：应为整数/,
  badFlag: /第3行 .*「是否收费」：应填“是”或“否”/,
  formula: /第4行 .*「办理时间」：不接受公式/,
  errorValue: /第5行 .*「办理时间」：单元格内容是错误值/,
  merged: /办理流程：含合并单元格（E20:F20）/,
  hiddenSheet: /办理情形：是隐藏工作表/,
  unknownSheet: /草稿：不是模板中的工作表/,
  unknownChildCode: /申请材料 第\d+行 A列 「实施编码」：实施编码 \S+ 不在“事项基本信息”中/,
  badUsccCheck: /第6行 .*「实施编码」：实施编码前18位「[0-9A-Z]{18}」：统一社会信用代码校验位错误/,
  malformedCode: /第7行 .*「实施编码」：实施编码应为31位/,
  duplicateCode: /第8行 .*「实施编码」：实施编码重复（与第5行相同）/,
  emptyCode: /第9行 .*「实施编码」：实施编码不能为空/,
  missingRequired: /第10行 「事项名称」：缺少必填字段/,
  badCatalogCode: /第11行 「基本编码」：.*12 位（或本省启用的更长格式）数字或大写字母/,
  badUrl: /第12行 「在线办理跳转地址」：.*http/,
  badDate: /第13行 「计划生效日期」：/,
  subWithoutParent: /第15行 「上级实施编码」：子项、业务办理项须填写上级实施编码/,
  handlingWithoutCode: /第16行 「业务办理项编码」：业务办理项须填写业务办理项编码/,
  unknownUnit: /第17行 「实施编码」：.*没有对应的实施单位/,
  badRecord: /第18行 .*「扩展字段」：每行应为“名称=内容”/,
  catalogMismatch: /第19行 「实施编码」：实施编码后12位应为基本编码/,
  parentMissing: /第20行 「上级实施编码」：上级事项 \S+ 不存在/,
  unknownGranularity: /第21行 .*「颗粒度」：“大项”不是可选值/,
};

for (const dialect of testDialects()) {
  describe(`[${dialect}] bad import input: every problem listed with sheet/row/column, nothing written`, () => {
    let t: TestContext;
    let file: string;
    let lines: string[];
    before(async () => {
      t = await createTestContext(dialect);
      const unit = await makeUnit(t.ctx);
      const level = t.ctx.config.jurisdiction.level;
      const cat = (i: number) => `0001170510${String(i).padStart(2, '0')}`;
      const code = (i: number) => composeTaskCode({ uscc: unit.uscc, level, catalogCode: cat(i) });
      const item = (i: number, extra: Partial<ExchangeItem> = {}): ExchangeItem => ({
        taskCode: code(i),
        granularity: 'main',
        content: {
          ...licenceContent({ name: `测试事项${i}`, catalogCode: cat(i) }),
          ...(i === 1 ? {} : { materials: [], faqs: [] }),
        },
        ...extra,
      });
      const strangerUscc = completeUscc('11140603999999990');
      const items = [
        item(1),
        item(2),
        item(3),
        item(4),
        item(5),
        item(6),
        item(7),
        item(8),
        item(9),
        item(10),
        item(11),
        item(12),
        item(13),
        item(14, { granularity: 'sub' }),
        item(15, { granularity: 'handling', parentTaskCode: code(3) }),
        { ...item(16), taskCode: composeTaskCode({ uscc: strangerUscc, level, catalogCode: cat(16) }) },
        item(17),
        { ...item(18), taskCode: code(99) },
        item(19, { granularity: 'sub', parentTaskCode: code(77) }),
        item(20),
      ];
      const wb = await workbookOf(items);
      const main = '事项基本信息';
      const mainSheet = wb.getWorksheet(main)!;
      mainSheet.getRow(1).getCell(LAYOUT[0]!.columns.findIndex((c) => c.header === '办理地点') + 1).value = '办理地址';
      cell(wb, main, 3, '事项类型').value = '行政审核';
      cell(wb, main, 4, '行使层级').value = '省市级';
      cell(wb, main, 3, '法定办结时限-时限').value = '二十';
      cell(wb, main, 4, '到办事现场次数').value = 1.5;
      cell(wb, main, 3, '是否收费').value = '可能';
      cell(wb, main, 4, '办理时间').value = { formula: 'A1&"时"', result: 'x' } as ExcelJS.CellFormulaValue;
      cell(wb, main, 5, '办理时间').value = { error: '#REF!' } as ExcelJS.CellErrorValue;
      const bad = cell(wb, main, 6, '实施编码');
      bad.value = `${String(bad.value).slice(0, 17)}${String(bad.value)[17] === '0' ? '1' : '0'}${String(bad.value).slice(18)}`;
      cell(wb, main, 7, '实施编码').value = '123';
      cell(wb, main, 8, '实施编码').value = code(4);
      cell(wb, main, 9, '实施编码').value = null;
      cell(wb, main, 10, '事项名称').value = null;
      cell(wb, main, 11, '基本编码').value = 'abc';
      cell(wb, main, 12, '在线办理跳转地址').value = 'ftp://example.gov.cn';
      cell(wb, main, 13, '计划生效日期').value = '2026-02-30';
      cell(wb, main, 18, '扩展字段').value = '没有等号';
      cell(wb, main, 21, '颗粒度').value = '大项';
      const fees = wb.getWorksheet('收费项目')!;
      fees
        .getRow(1)
        .getCell(
          LAYOUT.find((s) => s.name === '收费项目')!.columns.findIndex((c) => c.header === '收费标准') + 1,
        ).value = null;
      const faqs = wb.getWorksheet('常见问题')!;
      faqs.getRow(1).getCell(faqs.getRow(1).cellCount + 1).value = '问题';
      wb.getWorksheet('办理流程')!.mergeCells('E20:F20');
      wb.getWorksheet('办理情形')!.state = 'hidden';
      wb.addWorksheet('草稿').addRow(['随手记']);
      const materials = wb.getWorksheet('申请材料')!;
      materials.addRow([code(55), null, '营业执照', '必要', null, '纸质', null, null, null, '申请人自备']);
      file = path.join(t.env.DATA_DIR!, 'bad.xlsx');
      fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
      const report = await importItems(systemUc(t.ctx), [{ name: 'bad.xlsx', data: fs.readFileSync(file) }], {
        apply: true,
      });
      lines = report.problems.map(describeProblem);
      assert.equal(report.applied, false);
    });
    after(async () => t.cleanup());

    it(`reports all ${Object.keys(KINDS).length} kinds of error, each at its place`, () => {
      const missing = Object.entries(KINDS)
        .filter(([, re]) => !lines.some((l) => re.test(l)))
        .map(([k]) => k);
      assert.deepEqual(missing, [], `missing kinds ${missing.join(', ')}\nreported:\n${lines.join('\n')}`);
      assert.ok(Object.keys(KINDS).length >= 20);
    });

    it('writes nothing (not even the good rows) and the CLI exits 2 listing the problems', async () => {
      const out: string[] = [];
      const code = await runCli(['import', file, '--apply'], { out: (s) => out.push(s), err: () => {}, env: t.env });
      assert.equal(code, 2);
      assert.match(out.join('\n'), /处问题，未导入任何数据/);
      const n = await t.ctx.db.kysely
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 0);
    });

    it('refuses truncated, encrypted and zip-bomb files before parsing them', async () => {
      const whole = fs.readFileSync(file);
      const check = async (data: Buffer, re: RegExp) => {
        const r = await importItems(systemUc(t.ctx), [{ name: 'x.xlsx', data }], { apply: true });
        assert.equal(r.problemTotal, 1);
        assert.match(describeProblem(r.problems[0]!), re);
      };
      await check(whole.subarray(0, Math.floor(whole.length / 2)), /文件不完整/);
      await check(
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
        /文件已加密/,
      );
      const bomb = zipOfEntries(1001);
      await check(bomb, /压缩条目.*超过上限.*压缩炸弹/);
    });

    it('refuses 1,000,000 rows (xlsx, CSV, JSON Lines) before parsing them: one problem, nothing written, CLI exit 2', async () => {
      const million = 1_000_000;
      const sheet = Buffer.from(
        `<worksheet><sheetData>${'<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(million)}</sheetData></worksheet>`,
      );
      const files = {
        'big.xlsx': zipOf([{ name: 'xl/worksheets/sheet1.xml', data: sheet }]),
        '事项基本信息.csv': Buffer.from('实施编码,事项名称\n'.repeat(million)),
        'big.jsonl': Buffer.from('{"taskCode":"x"}\n'.repeat(million)),
      };
      for (const [name, data] of Object.entries(files)) {
        const started = performance.now();
        const r = await importItems(systemUc(t.ctx), [{ name, data }], { apply: true });
        assert.equal(r.applied, false);
        assert.deepEqual(r.problems.map(describeProblem), [
          `${name === 'big.xlsx' ? '' : `${name}：`}共 1,000,000 行，超过上限 500,000 行：请按单位拆分后分批导入`,
        ]);
        // Counting is quick: nothing was decoded into cells or items.
        assert.ok(performance.now() - started < 20_000, `${name} took ${Math.round(performance.now() - started)} ms`);
        const out: string[] = [];
        const dir = fs.mkdtempSync(path.join(t.env.DATA_DIR!, 'cap-'));
        fs.writeFileSync(path.join(dir, name), data);
        assert.equal(
          await runCli(['import', path.join(dir, name), '--apply'], {
            out: (s) => out.push(s),
            err: () => {},
            env: t.env,
          }),
          2,
        );
        assert.match(out.join('\n'), /超过上限 500,000 行/);
      }
      const n = await t.ctx.db.kysely
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 0);
    });

    it('CSV in GB18030 (Excel on Chinese Windows) is detected and read like UTF-8', async () => {
      const headers = ['实施编码', '颗粒度', '事项名称', '基本编码', '事项类型', '行使层级'];
      const row = [
        composeTaskCode({
          uscc: completeUscc('11140603888888880'),
          level: t.ctx.config.jurisdiction.level,
          catalogCode: '000117059999',
        }),
        '主项',
        '测试许可',
        '000117059999',
        '行政许可',
        '县级',
      ];
      const text = `${headers.join(',')}\n${row.join(',')}\n`;
      for (const data of [iconv.encode(text, 'gb18030'), Buffer.from(text)]) {
        const r = await importItems(systemUc(t.ctx), [{ name: '事项基本信息.csv', data }], { apply: false });
        // The only problem is the unit: every header and label was read correctly.
        assert.deepEqual(r.problems.map(describeProblem), [
          `事项基本信息 第2行 「实施编码」：实施编码前18位的统一社会信用代码 ${row[0]!.slice(0, 18)} 没有对应的实施单位`,
        ]);
      }
    });
  });
}

/** A zip of deflated entries (what a workbook's container looks like to the limits and the row count). */
function zipOf(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = deflateRawSync(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(e.data.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(header, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A zip declaring more entries than an xlsx may have (IN-06). */
function zipOfEntries(n: number): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const name = Buffer.from(`e${i}`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name);
    central.push(header, name);
    offset += 30 + name.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(n, 8);
  end.writeUInt16LE(n, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
