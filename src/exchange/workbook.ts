import type { Writable } from 'node:stream';
import { isRecord } from '../shared/guards.js';
import type ExcelJS from 'exceljs';
import { excel } from '../shared/excel.js';
import { columnLetter } from '../catalogue/catalogue.import.js';
import type { ExchangeItem } from './assemble.js';
import { encodeCell } from './cells.js';
import { CODES_SHEET, FLAG_LABELS, GUIDE_SHEET, LAYOUT, type Column, type SheetLayout } from './layout.js';

/** Where an export's items come from; called once per sheet so no sheet is held in memory. */
export type ItemSource = () => AsyncIterable<ExchangeItem>;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
/**
 * Drop-downs cover the filled rows plus this many blank ones, not whole columns: Excel would not mind, but
 * exceljs expands a range into one entry per cell when it reads the workbook back.
 */
const BLANK_ROWS = 2000;

function getPath(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  return node;
}

/** The drop-down lists (one column of 代码表 per distinct enumeration, plus 是/否) and each column's list range. */
function codeLists(): { lists: { header: string; values: string[] }[]; ref: Map<Column, string> } {
  const lists: { header: string; values: string[] }[] = [
    { header: '是/否', values: [FLAG_LABELS.true, FLAG_LABELS.false] },
  ];
  const index = new Map<Column, number>();
  const bySet = new Map<string, number>();
  for (const col of LAYOUT.flatMap((s) => s.columns)) {
    if (col.kind === 'flag') index.set(col, 0);
    if (!col.labels) continue;
    const values = Object.values(col.labels);
    const key = values.join('\u0000');
    if (!bySet.has(key)) {
      bySet.set(key, lists.length);
      lists.push({ header: col.header.split('-').pop()!, values });
    }
    index.set(col, bySet.get(key)!);
  }
  const ref = new Map<Column, string>();
  for (const [col, i] of index)
    ref.set(col, `'${CODES_SHEET}'!$${columnLetter(i + 1)}$2:$${columnLetter(i + 1)}$${lists[i]!.values.length + 1}`);
  return { lists, ref };
}

/** The streaming worksheet has data validations, which exceljs's typings only declare on the in-memory one. */
type WithValidations = { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } };

function rowsOf(sheet: SheetLayout, item: ExchangeItem): (string | number | null)[][] {
  const identity = (col: Column) => {
    const v = col.identity ? item[col.identity] : undefined;
    return col.identity === 'granularity' ? encodeCell(col, v) : (v ?? null);
  };
  if (!sheet.arrayKey)
    return [sheet.columns.map((c) => (c.identity ? identity(c) : encodeCell(c, getPath(item.content, c.path))))];
  const content: Record<string, unknown> = item.content;
  const entries = (content[sheet.arrayKey] ?? []) as unknown[];
  return entries.map((entry) =>
    sheet.columns.map((c) => (c.identity ? identity(c) : encodeCell(c, getPath(entry, c.path)))),
  );
}

function addValidations(ws: WithValidations, sheet: SheetLayout, ref: Map<Column, string>, lastRow: number): void {
  sheet.columns.forEach((c, i) => {
    const list = ref.get(c);
    const range = `${columnLetter(i + 1)}2:${columnLetter(i + 1)}${lastRow}`;
    // Multi-valued codes are typed as "a；b": the list only offers values, it does not refuse a combination.
    if (list)
      ws.dataValidations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [list],
        showErrorMessage: c.kind !== 'codes',
        errorStyle: c.kind === 'codes' ? 'information' : 'stop',
        error: `请从下拉列表选择“${c.header}”`,
        errorTitle: '不是可选值',
      });
    if ((c.kind === 'number' || c.kind === 'integer') && !c.identity)
      ws.dataValidations.add(range, {
        type: c.kind === 'integer' ? 'whole' : 'decimal',
        allowBlank: true,
        operator: 'greaterThanOrEqual',
        formulae: [0],
        showErrorMessage: true,
        error: `“${c.header}”应为数字`,
      });
  });
}

/**
 * Writes the exchange workbook, streaming (exceljs WorkbookWriter): 填写说明, the data sheets generated from
 * the schema (Chinese headers, required ones marked *, frozen header row, a drop-down on every enumerated
 * column) filled with `items` (none: the blank template), and 代码表 holding the drop-down lists.
 */
export async function writeWorkbook(stream: Writable, items?: ItemSource): Promise<{ items: number }> {
  const wb = new (excel().stream.xlsx.WorkbookWriter)({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'shixiang';
  const { lists, ref } = codeLists();
  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [
    { header: '工作表', width: 14 },
    { header: '列', width: 28 },
    { header: '必填', width: 6 },
    { header: '填写要求', width: 90 },
  ];
  guide.getRow(1).font = { bold: true };
  guide
    .addRow([
      '（总则）',
      '',
      '',
      '每个事项在“事项基本信息”中占一行；申请材料、收费项目等各占一张表，每行一条，用“实施编码”（业务办理项再加“业务办理项编码”）与事项关联。表头标 * 的列必填。不要修改表头、合并单元格、使用公式或隐藏工作表。',
    ])
    .commit();
  for (const sheet of LAYOUT)
    for (const col of sheet.columns)
      guide.addRow([sheet.name, col.header, col.required ? '是' : '', col.note]).commit();
  await guide.commit();
  let count = 0;
  for (const sheet of LAYOUT) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] }) as ExcelJS.Worksheet &
      WithValidations;
    ws.columns = sheet.columns.map((c) => ({
      header: `${c.header}${c.required ? '*' : ''}`,
      width: Math.min(40, Math.max(10, c.header.length * 2 + 4)),
    }));
    const header = ws.getRow(1);
    header.font = { bold: true };
    sheet.columns.forEach((c, i) => {
      header.getCell(i + 1).fill = c.required ? REQUIRED_FILL : HEADER_FILL;
    });
    header.commit();
    let rows = 1;
    if (items) {
      for await (const item of items()) {
        if (!sheet.arrayKey) count++;
        for (const values of rowsOf(sheet, item)) {
          ws.addRow(values).commit();
          rows++;
        }
      }
    }
    addValidations(ws, sheet, ref, rows + BLANK_ROWS);
    await ws.commit();
  }
  const codes = wb.addWorksheet(CODES_SHEET);
  codes.columns = lists.map((l) => ({
    header: l.header,
    width: Math.max(12, Math.max(...l.values.map((v) => v.length)) * 2),
  }));
  const longest = Math.max(...lists.map((l) => l.values.length));
  for (let r = 0; r < longest; r++) codes.addRow(lists.map((l) => l.values[r] ?? null)).commit();
  await codes.commit();
  await wb.commit();
  return { items: count };
}

/** JSON Lines: one ExchangeItem per line (the import reads the same). */
export async function writeJsonLines(stream: Writable, items: AsyncIterable<ExchangeItem>): Promise<{ items: number }> {
  let count = 0;
  for await (const item of items) {
    count++;
    if (!stream.write(`${JSON.stringify(item)}\n`)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { items: count };
}
