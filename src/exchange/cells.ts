import { cellText } from '../catalogue/catalogue.import.js';
import { FLAG_LABELS, LIST_SEPARATOR, type Column } from './layout.js';

/** What goes into a cell: text or a number (never a formula). */
export type CellValue = string | number | null;

/** A content value as the template shows it: labels for codes, 是/否, one line per list entry. */
export function encodeCell(col: Column, value: unknown): CellValue {
  if (value === undefined || value === null) return null;
  switch (col.kind) {
    case 'code':
      return col.labels?.[String(value)] ?? String(value);
    case 'codes':
      return (value as string[]).map((c) => col.labels?.[c] ?? c).join(LIST_SEPARATOR);
    case 'flag':
      return value ? FLAG_LABELS.true : FLAG_LABELS.false;
    case 'lines':
      return (value as string[]).join('\n');
    case 'record':
      return Object.entries(value as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n');
    case 'number':
    case 'integer':
      return typeof value === 'number' ? value : String(value);
    default:
      return String(value);
  }
}

export type Decoded = { value: unknown } | { problem: string } | { empty: true };

const isFormula = (v: unknown) => !!v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v);

/** The code of a label (or of the code itself, or of a label without its parenthesised note). */
export function codeOf(labels: Readonly<Record<string, string>>, text: string): string | undefined {
  if (Object.hasOwn(labels, text)) return text;
  return Object.keys(labels).find((k) => labels[k] === text || labels[k]!.replace(/（.*）$/, '') === text);
}

/**
 * `市级、县级` or `罚款、没收违法所得、没收非法财物；行政拘留`: a label may itself contain 、, so the longest run of
 * 、-separated words that is a label wins.
 */
function splitLabels(labels: Readonly<Record<string, string>>, part: string, codes: string[], unknown: string[]): void {
  const words = part
    .split(/[、,，]/)
    .map((w) => w.trim())
    .filter(Boolean);
  for (let i = 0; i < words.length; ) {
    let end = words.length;
    while (end > i && codeOf(labels, words.slice(i, end).join('、')) === undefined) end--;
    if (end === i) {
      unknown.push(words[i]!);
      i++;
    } else {
      codes.push(codeOf(labels, words.slice(i, end).join('、'))!);
      i = end;
    }
  }
}

/** A cell back to a content value; a problem in Chinese when the text does not fit the column. */
export function decodeCell(col: Column, raw: unknown): Decoded {
  if (isFormula(raw)) return { problem: '不接受公式，请复制后“粘贴为数值”' };
  if (raw && typeof raw === 'object' && 'error' in raw) return { problem: '单元格内容是错误值' };
  const text = cellText(raw);
  if (text.trim() === '') return { empty: true };
  const trimmed = text.trim();
  switch (col.kind) {
    case 'code': {
      const code = codeOf(col.labels!, trimmed);
      return code !== undefined
        ? { value: code }
        : { problem: `“${trimmed}”不是可选值（可选：${Object.values(col.labels!).join('；')}）` };
    }
    case 'codes': {
      const codes: string[] = [];
      const unknown: string[] = [];
      for (const part of trimmed
        .split(/[；;\n]+/)
        .map((p) => p.trim())
        .filter(Boolean))
        splitLabels(col.labels!, part, codes, unknown);
      if (unknown.length)
        return { problem: `“${unknown.join('、')}”不是可选值（可选：${Object.values(col.labels!).join('；')}）` };
      return { value: [...new Set(codes)] };
    }
    case 'flag': {
      if (raw === true || ['是', 'true', 'TRUE', 'Y'].includes(trimmed)) return { value: true };
      if (raw === false || ['否', 'false', 'FALSE', 'N'].includes(trimmed)) return { value: false };
      return { problem: `应填“是”或“否”，不能是“${trimmed}”` };
    }
    case 'number':
    case 'integer': {
      const n = typeof raw === 'number' ? raw : /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : NaN;
      if (Number.isNaN(n)) return { problem: `应为${col.kind === 'integer' ? '整数' : '数字'}，不能是“${trimmed}”` };
      if (col.kind === 'integer' && !Number.isInteger(n)) return { problem: `应为整数，不能是 ${n}` };
      return { value: n };
    }
    case 'lines':
      return {
        value: text
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean),
      };
    case 'record': {
      const entries: [string, string][] = [];
      for (const line of text.split(/\r?\n/).filter((l) => l.trim())) {
        const at = line.indexOf('=');
        if (at <= 0) return { problem: `每行应为“名称=内容”，“${line.trim()}”不是` };
        entries.push([line.slice(0, at).trim(), line.slice(at + 1)]);
      }
      return { value: Object.fromEntries(entries) };
    }
    case 'date':
      return { value: raw instanceof Date ? raw.toISOString().slice(0, 10) : trimmed };
    default:
      return { value: typeof raw === 'number' ? text : text.replace(/\r\n/g, '\n') };
  }
}
