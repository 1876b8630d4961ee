import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { parseXlsxVersion } from '../catalogue/catalogue.import.js';
import { isAppError } from './errors.js';
import { NotAZipError, summarizeZip, verifyDeclaredSizes, ZIP_LIMITS, zipLimitProblem } from './zip-limits.js';

async function smallXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('基本目录');
  sheet.addRow(['基本编码', '事项名称', '事项类型', '行使层级', '设定依据']);
  sheet.addRow(['CAT00000000A', '测试许可甲', '01', '3,4', '《中华人民共和国测试许可法》第十条']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A minimal zip: stored or deflated entries, each declaring `declared` (default: its real size) as uncompressed. */
function zip(entries: Array<{ name: string; data: Buffer; deflate?: boolean; declared?: number }>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const method = e.deflate ? 8 : 0;
    const declared = e.declared ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(declared, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(header, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** Sets the uncompressed size of the first central-directory entry of a real file. */
function claimSize(file: Buffer, size: number): Buffer {
  const copy = Buffer.from(file);
  const at = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  copy.writeUInt32LE(size, at + 24);
  return copy;
}

const meta = { label: 'x', sourceLevel: '2', effectiveOn: '2024-03-04' } as const;
const refusedOnFile = (pattern: RegExp) => (e: unknown) => {
  assert.ok(isAppError(e), String(e));
  assert.equal(e.status, 400);
  assert.equal(e.issues[0]?.path, 'file');
  assert.match(e.issues[0]!.message, pattern);
  return true;
};

describe('IN-06: zip limits of uploaded Office files', () => {
  it('a real small xlsx: its entries and uncompressed size are read from the central directory, and it passes', async () => {
    const file = await smallXlsx();
    const summary = summarizeZip(file);
    assert.ok(summary.entries >= 5 && summary.entries < 50, `entries: ${summary.entries}`);
    assert.ok(
      summary.uncompressedBytes > file.length && summary.uncompressedBytes < 1024 * 1024,
      `bytes: ${summary.uncompressedBytes}`,
    );
    assert.equal(zipLimitProblem(summary), null);
    assert.equal(await verifyDeclaredSizes(file), true);
    const parsed = await parseXlsxVersion(file, meta);
    assert.equal(parsed.entries.length, 1);
  });

  it('a header claiming a huge uncompressed size is refused before the workbook is parsed (400 on file)', async () => {
    const bomb = claimSize(await smallXlsx(), 0xfffffff0);
    const summary = summarizeZip(bomb);
    assert.ok(summary.uncompressedBytes > ZIP_LIMITS.maxUncompressedBytes);
    assert.match(zipLimitProblem(summary) ?? '', /解压后约 \d+ MB，超过上限 100 MB/);
    await assert.rejects(parseXlsxVersion(bomb, meta), refusedOnFile(/超过上限 100 MB/));
    assert.match(
      zipLimitProblem(summarizeZip(zip([{ name: 'a.xml', data: Buffer.alloc(10), declared: 200 * 1024 * 1024 }]))) ??
        '',
      /超过上限 100 MB/,
    );
  });

  it('more than 1,000 entries is refused', async () => {
    const many = zip(
      Array.from({ length: ZIP_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `x/${i}.xml`, data: Buffer.from('<a/>') })),
    );
    assert.equal(summarizeZip(many).entries, 1001);
    assert.match(zipLimitProblem(summarizeZip(many)) ?? '', /1001 个压缩条目，超过上限 1000 个/);
    await assert.rejects(parseXlsxVersion(many, meta), refusedOnFile(/超过上限 1000 个/));
    assert.equal(
      zipLimitProblem(
        summarizeZip(zip(Array.from({ length: 1000 }, (_, i) => ({ name: `${i}`, data: Buffer.alloc(1) })))),
      ),
      null,
    );
  });

  it('an entry that inflates to more than its header declares is refused (the directory cannot under-state a bomb)', async () => {
    const lying = zip([
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(8 * 1024 * 1024), deflate: true, declared: 1024 },
    ]);
    assert.equal(zipLimitProblem(summarizeZip(lying)), null, 'the directory alone looks harmless');
    assert.equal(await verifyDeclaredSizes(lying), false);
    await assert.rejects(parseXlsxVersion(lying, meta), refusedOnFile(/实际大小与声明不符/));
    assert.equal(await verifyDeclaredSizes(zip([{ name: 'a', data: Buffer.alloc(4096, 7), deflate: true }])), true);
  });

  it('anything that is not a zip is "not a valid xlsx"', async () => {
    assert.throws(() => summarizeZip(Buffer.from('this is not a workbook')), NotAZipError);
    assert.throws(() => summarizeZip(Buffer.alloc(0)), NotAZipError);
    const truncated = (await smallXlsx()).subarray(0, 200);
    assert.throws(() => summarizeZip(truncated), NotAZipError);
    await assert.rejects(
      parseXlsxVersion(Buffer.from('this is not a workbook'), meta),
      refusedOnFile(/不是有效的 xlsx 文件/),
    );
  });
});
