/**
 * CSV for spreadsheets used in government offices (Excel, WPS): UTF-8 with a byte-order mark so Chinese is
 * read correctly, CRLF line ends, every field quoted, and cells that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab / carriage return) prefixed with an apostrophe (formula injection).
 */
export const CSV_BOM = '\uFEFF';

export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const csvLine = (fields: readonly unknown[]) => `${fields.map(csvField).join(',')}\r\n`;

/** A whole document: BOM, header line, rows. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  let out = CSV_BOM + csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}
