import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { excel } from '../shared/excel.js';
import { parse as parseCsv } from 'csv-parse';
import {
  NotAZipError,
  summarizeZip,
  verifyDeclaredSizes,
  type ZipSummary,
  zipLimitProblem,
} from '../shared/zip-limits.js';

/**
 * Readers of the import formats. Each yields the same events (a sheet starts, a row of cells) so one
 * assembler turns any of them into items; a reader never throws on bad content: it yields a problem.
 */
export type SheetEvent =
  | { kind: 'sheet'; name: string; hidden: boolean }
  | { kind: 'row'; number: number; values: unknown[] }
  | { kind: 'problem'; sheet?: string; message: string };

export type ImportFormat = 'xlsx' | 'csv' | 'jsonl' | 'national';

/** Files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Rows over all sheets; an import this large is split by unit. */
export const MAX_ROWS = 500_000;

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** By content first (a zip, an OLE container, a JSON document with up_task_* tables), then by name. */
export function detectFormat(fileName: string, data: Buffer): ImportFormat {
  if (data[0] === 0x50 && data[1] === 0x4b) return 'xlsx';
  if (data.subarray(0, 8).equals(OLE_MAGIC)) return 'xlsx';
  if (/\.json$/i.test(fileName) && /"up_task_general_basic"/.test(data.subarray(0, 4096).toString())) return 'national';
  if (/\.jsonl?$/i.test(fileName) || data.subarray(0, 1).toString() === '{') return 'jsonl';
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  return 'csv';
}

/** Problems of the zip container (IN-06 limits, encryption, truncation), found before any parser inflates it. */
export async function containerProblem(buf: Buffer): Promise<string | null> {
  if (buf.subarray(0, 8).equals(OLE_MAGIC))
    return '文件已加密（设置了打开密码）或是旧版 .xls 格式：请取消密码并另存为 .xlsx 后再导入';
  let summary: ZipSummary;
  try {
    summary = summarizeZip(buf);
  } catch (e) {
    if (e instanceof NotAZipError)
      return '不是有效的 xlsx 文件，或文件不完整（传输中被截断）：请用 Excel 或 WPS 另存为 .xlsx 后再导入';
    throw e;
  }
  const limit = zipLimitProblem(summary);
  if (limit) return `${limit}，拒绝解析（可能是压缩炸弹）`;
  // The rows are counted in the inflated sheet XML, before any parser builds a cell of them.
  let rows = 0;
  if (
    !(await verifyDeclaredSizes(
      buf,
      (xml) => (rows += countOccurrences(xml, ROW_TAG) + countOccurrences(xml, ROW_TAG_BARE)),
    ))
  )
    return '文件已损坏：压缩条目的实际大小与声明不符';
  return rows > MAX_ROWS ? rowCapProblem(rows) : null;
}

const ROW_TAG = Buffer.from('<row ');
const ROW_TAG_BARE = Buffer.from('<row>');
const NEWLINE = Buffer.from('\n');

function countOccurrences(buf: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + needle.length)) n++;
  return n;
}

const rowCapProblem = (rows: number) =>
  `共 ${rows.toLocaleString('en')} 行，超过上限 ${MAX_ROWS.toLocaleString('en')} 行：请按单位拆分后分批导入`;

/**
 * A CSV or JSON Lines file with more lines than an import takes, found by counting line breaks in the raw bytes
 * (before decoding or parsing anything): the problem to report, or null.
 */
export function lineCapProblem(buf: Buffer): string | null {
  const lines = countOccurrences(buf, NEWLINE) + (buf.length && buf[buf.length - 1] !== 0x0a ? 1 : 0);
  return lines > MAX_ROWS ? rowCapProblem(lines) : null;
}

type LoadedSheet = ExcelJS.Worksheet & { model: { merges?: string[] } };

/**
 * xlsx rows, every sheet in workbook order. The workbook is loaded whole once the container passed the
 * limits (so at most 100 MB inflated): exceljs's streaming reader decodes each inflated chunk on its own and
 * garbles a Chinese character that straddles two chunks, which an import must never do.
 */
export async function* readXlsx(buf: Buffer): AsyncGenerator<SheetEvent> {
  const problem = await containerProblem(buf);
  if (problem) return void (yield { kind: 'problem', message: problem });
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return void (yield { kind: 'problem', message: '文件内容无法解析（文件损坏或不是 Excel/WPS 生成的 xlsx）' });
  }
  for (const sheet of workbook.worksheets as LoadedSheet[]) {
    yield { kind: 'sheet', name: sheet.name, hidden: sheet.state !== 'visible' };
    const merges = sheet.model.merges ?? [];
    if (merges.length)
      yield {
        kind: 'problem',
        sheet: sheet.name,
        message: `含合并单元格（${merges.slice(0, 5).join('、')}${merges.length > 5 ? ' 等' : ''}）：请取消合并，每个单元格单独填写`,
      };
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.findRow(r);
      if (row) yield { kind: 'row', number: r, values: (row.values as unknown[]).slice(1) };
    }
  }
}

/** UTF-8 (with or without BOM) when it decodes as such, else GB18030 (what Excel on Chinese Windows writes). */
export function decodeText(buf: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(buf), encoding: 'gb18030' };
  }
}

/** A line of a text file that decodes itself when read (again), so nothing of it needs to be kept. */
export interface TextLine {
  read(): string;
}

/**
 * The lines of a text file, each decoded only when read (UTF-8, else GB18030, as `decodeText` decides for a
 * whole file): a large JSON Lines file is never held as one string, and an item can be parsed again from
 * its bytes later instead of being kept parsed (flat memory for 100,000 items).
 */
export function* textLines(buf: Buffer): Generator<TextLine> {
  let start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  for (;;) {
    const newline = buf.indexOf(0x0a, start);
    const end = newline < 0 ? buf.length : newline;
    const bytes = buf.subarray(start, end > start && buf[end - 1] === 0x0d ? end - 1 : end);
    yield { read: () => decodeLine(bytes) };
    if (newline < 0) return;
    start = newline + 1;
  }
}

const utf8Line = new TextDecoder('utf-8', { fatal: true });
const gb18030Line = new TextDecoder('gb18030');

function decodeLine(bytes: Buffer): string {
  try {
    return utf8Line.decode(bytes);
  } catch {
    return gb18030Line.decode(bytes);
  }
}

/** One CSV file is one sheet: the sheet named by the file (申请材料.csv), else 事项基本信息. */
export async function* readCsv(buf: Buffer, sheetName: string): AsyncGenerator<SheetEvent> {
  const { text } = decodeText(buf);
  yield { kind: 'sheet', name: sheetName, hidden: false };
  const parser = Readable.from([text]).pipe(parseCsv({ relax_column_count: true, bom: true }));
  let number = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (++number > MAX_ROWS)
        return void (yield { kind: 'problem', message: `行数超过上限 ${MAX_ROWS.toLocaleString('en')} 行` });
      yield { kind: 'row', number, values: record };
    }
  } catch (e) {
    yield {
      kind: 'problem',
      sheet: sheetName,
      message: `第${number + 1}行附近 CSV 格式错误（${(e as Error).message.split('\n')[0]}）`,
    };
  }
}
