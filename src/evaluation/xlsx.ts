import { excel } from '../shared/excel.js';

/** One worksheet of a report: a header row and rows of plain values. */
export interface Sheet {
  name: string;
  header: string[];
  rows: Array<Array<string | number | null>>;
}

/**
 * A report as an xlsx workbook. Strings are written as text cells (never formulas, so a value starting with "="
 * cannot run in the reader's spreadsheet); numbers stay numbers so the figures can be summed.
 */
export async function workbookBuffer(sheets: Sheet[]): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'shixiang';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31));
    ws.addRow(s.header).font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map((v) => (v === null ? '' : v)));
    ws.columns.forEach((c) => {
      c.width = 16;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Content-Disposition of an export, with an ASCII fallback name and the Chinese one. */
export function attachment(ascii: string, chinese: string, stamp: string): string {
  return `attachment; filename="${ascii}-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${chinese}-${stamp}.xlsx`)}`;
}
