/**
 * CSV for spreadsheets (RFC 4180), safe to open in Excel and WPS:
 * - a UTF-8 byte-order mark first, or Excel reads Chinese as mojibake;
 * - a cell starting with = + - @ (or a tab or carriage return) is prefixed with ' so it is text, not a
 *   formula (CSV injection, OWASP);
 * - control characters are written as escapes (\n, \r, \u001b), so one record stays one line (AUD-07) and
 *   ANSI sequences cannot reach a terminal.
 *
 * @example
 *   csvRow(['=1+1', '平鲁区, 井坪镇']) // => `'=1+1,"平鲁区, 井坪镇"\r\n`
 */
/** Byte-order mark that starts the file. */
export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-guarded, control characters escaped, quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF terminator. */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
