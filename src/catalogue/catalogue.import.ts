import { excel } from '../shared/excel.js';
import Type, { type Static } from 'typebox';
import { CatalogueEntryInput, ENTRY_STATUSES } from './catalogue.schema.js';
import { ITEM_TYPES, USE_LEVELS } from '../domain/enums.js';
import { Citation } from '../domain/item-content.js';
import { Code, IsoDate } from '../domain/schema-helpers.js';
import { errors, type FieldIssue } from '../shared/errors.js';
import { schemaIssues } from '../shared/schema-issues.js';
import { NotAZipError, summarizeZip, verifyDeclaredSizes, zipLimitProblem } from '../shared/zip-limits.js';

/**
 * The two import formats of a base-catalogue version (docs/catalogue.md): a JSON document, or an xlsx
 * workbook whose first sheet has one entry per row under a header row. Both end up as `VersionInput`;
 * every row is validated and every problem reported (JSON: `entries.<index>.<field>`, xlsx: the cell, e.g.
 * `C5`), and nothing is written unless the whole file is valid.
 */

export const SOURCE_LEVELS = { '1': '国家', '2': '省', '3': '市' } as const;

export const VersionMeta = Type.Object(
  {
    label: Type.String({
      title: '版本名称',
      minLength: 1,
      maxLength: 200,
      description: '如：山西省政务服务事项基本目录（2026年版）',
    }),
    sourceLevel: Code(SOURCE_LEVELS, '目录发布层级'),
    docNo: Type.Optional(Type.String({ title: '发布文号', maxLength: 100 })),
    effectiveOn: IsoDate('生效日期'),
  },
  { additionalProperties: false },
);
export type VersionMeta = Static<typeof VersionMeta>;

export const CatalogueVersionBody = Type.Object(
  {
    ...VersionMeta.properties,
    entries: Type.Array(CatalogueEntryInput, { title: '条目', minItems: 1, maxItems: 50000 }),
  },
  { additionalProperties: false },
);
export type CatalogueVersionBody = Static<typeof CatalogueVersionBody>;

export interface VersionInput extends VersionMeta {
  entries: CatalogueEntryInput[];
  format: 'json' | 'xlsx';
  fileName?: string;
}

/** Validates a JSON version document (schema plus the checks across rows). Throws 400 listing every problem. */
export function parseJsonVersion(body: unknown, fileName?: string): VersionInput {
  const issues = schemaIssues(CatalogueVersionBody, body);
  if (issues.length) throw errors.validation(issues.map((i) => ({ ...i, message: rowPrefix(i.path) + i.message })));
  const doc = body as CatalogueVersionBody;
  throwIfAny(crossRowIssues(doc.entries, (index, field) => `entries.${index}.${field}`));
  return { ...doc, format: 'json', ...(fileName ? { fileName } : {}) };
}

const rowPrefix = (path: string) => {
  const m = /^entries\.(\d+)/.exec(path);
  return m ? `第${Number(m[1]) + 1}条：` : '';
};

function throwIfAny(issues: FieldIssue[]): void {
  if (issues.length)
    throw errors.validation(
      issues.slice(0, 200),
      `导入文件有 ${issues.length} 处错误，未导入任何数据：${issues
        .slice(0, 5)
        .map((i) => `${i.path} ${i.message}`)
        .join('；')}${issues.length > 5 ? '……' : ''}`,
    );
}

/** Duplicate codes and parents missing from the same file. */
function crossRowIssues(
  entries: readonly CatalogueEntryInput[],
  at: (index: number, field: keyof CatalogueEntryInput) => string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const firstRow = new Map<string, number>();
  entries.forEach((e, i) => {
    if (firstRow.has(e.catalogCode))
      issues.push({
        path: at(i, 'catalogCode'),
        message: `基本编码 ${e.catalogCode} 重复（与${describe(at, firstRow.get(e.catalogCode)!)}相同）`,
      });
    else firstRow.set(e.catalogCode, i);
  });
  entries.forEach((e, i) => {
    if (!e.parentCode) return;
    if (e.parentCode === e.catalogCode)
      issues.push({ path: at(i, 'parentCode'), message: '主项基本编码不能是条目自身' });
    else if (!firstRow.has(e.parentCode))
      issues.push({ path: at(i, 'parentCode'), message: `主项基本编码 ${e.parentCode} 不在本版本中` });
  });
  return issues;
}

const describe = (at: (index: number, field: keyof CatalogueEntryInput) => string, index: number) => {
  const path = at(index, 'catalogCode');
  return path.startsWith('entries.') ? `第${index + 1}条` : `单元格 ${path}`;
};

// ---- xlsx ----

/** Header texts (row 1) → entry fields. Columns may come in any order; unknown columns are ignored. */
export const XLSX_COLUMNS: Record<string, keyof CatalogueEntryInput> = {
  基本编码: 'catalogCode',
  事项名称: 'name',
  事项类型: 'type',
  行使层级: 'useLevels',
  设定依据: 'setBasis',
  主项基本编码: 'parentCode',
  地方基本编码: 'localCatalogCode',
  状态: 'status',
};
const REQUIRED_COLUMNS = ['基本编码', '事项名称', '事项类型', '行使层级', '设定依据'];

const MAX_XLSX_ROWS = 50_000;

const NOT_XLSX = '不是有效的 xlsx 文件（请用 Excel 或 WPS 另存为 .xlsx 格式）';

/**
 * IN-06: an xlsx is a zip, and the parser inflates all of it into memory. Before it does, the central
 * directory must declare at most ZIP_LIMITS (1,000 entries, 100 MB uncompressed), and every entry must
 * inflate to no more than it declares. Otherwise 400 on `file`.
 */
async function checkXlsxContainer(buffer: Buffer): Promise<void> {
  let summary;
  try {
    summary = summarizeZip(buffer);
  } catch (e) {
    if (e instanceof NotAZipError) throw errors.field('file', NOT_XLSX);
    throw e;
  }
  const problem = zipLimitProblem(summary);
  if (problem) throw errors.field('file', `${problem}，拒绝解析（可能是压缩炸弹；正常的基本目录文件远小于此）`);
  if (!(await verifyDeclaredSizes(buffer))) throw errors.field('file', `${NOT_XLSX}：压缩条目的实际大小与声明不符`);
}

/**
 * Reads an xlsx workbook: first worksheet, header in row 1 (see XLSX_COLUMNS), one entry per row, empty rows
 * skipped. Codes may be given as codes or labels (事项类型 `01` or `行政许可`; 行使层级 `3,4` or `市级、县级`);
 * 设定依据 holds one citation per line, `《法律名称》第X条第Y款第Z项`. Problems name the cell (`C5`).
 */
export async function parseXlsxVersion(buffer: Buffer, meta: VersionMeta, fileName?: string): Promise<VersionInput> {
  await checkXlsxContainer(buffer);
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw errors.field('file', NOT_XLSX);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw errors.field('file', '工作簿中没有工作表');
  const columns = new Map<keyof CatalogueEntryInput, number>();
  const issues: FieldIssue[] = [];
  sheet.getRow(1).eachCell((cell, col) => {
    const field = XLSX_COLUMNS[cellText(cell.value).replace(/\s/g, '')];
    if (field) columns.set(field, col);
  });
  for (const header of REQUIRED_COLUMNS) {
    if (!columns.has(XLSX_COLUMNS[header]!)) issues.push({ path: 'A1', message: `第1行（表头）缺少列「${header}」` });
  }
  throwIfAny(issues);
  if (sheet.rowCount > MAX_XLSX_ROWS + 1) throw errors.field('file', `行数超过上限 ${MAX_XLSX_ROWS}`);

  const entries: CatalogueEntryInput[] = [];
  const rowOf: number[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const raw = new Map<keyof CatalogueEntryInput, unknown>();
    for (const [field, col] of columns) raw.set(field, row.getCell(col).value);
    if ([...raw.values()].every((v) => cellText(v) === '')) continue;
    const cell = (field: keyof CatalogueEntryInput) => `${columnLetter(columns.get(field) ?? 1)}${r}`;
    const header = (field: keyof CatalogueEntryInput) =>
      Object.keys(XLSX_COLUMNS).find((h) => XLSX_COLUMNS[h] === field)!;
    const rowIssues: FieldIssue[] = [];
    const problem = (field: keyof CatalogueEntryInput, message: string) =>
      rowIssues.push({
        path: cell(field),
        message: `第${r}行 ${columnLetter(columns.get(field) ?? 1)}列「${header(field)}」：${message}`,
      });
    if (typeof raw.get('catalogCode') === 'number')
      problem('catalogCode', '须为文本格式（数字格式会丢失前导零），请将该列设为文本后重新输入');
    const entry = rowToEntry(raw, problem);
    if (!rowIssues.length) {
      for (const i of schemaIssues(CatalogueEntryInput, entry)) {
        const field = i.path.split('.')[0] as keyof CatalogueEntryInput;
        problem(columns.has(field) ? field : 'catalogCode', i.message);
      }
    }
    issues.push(...rowIssues);
    entries.push(entry);
    rowOf.push(r);
  }
  if (!entries.length && !issues.length) issues.push({ path: 'A2', message: '文件中没有条目（第2行起每行一个条目）' });
  throwIfAny(issues);
  throwIfAny(crossRowIssues(entries, (index, field) => `${columnLetter(columns.get(field) ?? 1)}${rowOf[index]}`));
  return { ...meta, entries, format: 'xlsx', ...(fileName ? { fileName } : {}) };
}

function rowToEntry(
  raw: Map<keyof CatalogueEntryInput, unknown>,
  problem: (field: keyof CatalogueEntryInput, message: string) => void,
): CatalogueEntryInput {
  const text = (field: keyof CatalogueEntryInput) => cellText(raw.get(field)).trim();
  const entry: Record<string, unknown> = { catalogCode: text('catalogCode'), name: text('name') };
  entry.type = codeFromText(ITEM_TYPES, text('type')) ?? text('type');
  const levels = text('useLevels')
    .split(/[,，、;；\s]+/)
    .filter(Boolean);
  entry.useLevels = levels.map((l) => codeFromText(USE_LEVELS, l) ?? codeFromText(USE_LEVELS, `${l}级`) ?? l);
  entry.setBasis = text('setBasis')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map(parseCitation);
  if (text('parentCode')) entry.parentCode = text('parentCode');
  if (text('localCatalogCode')) entry.localCatalogCode = text('localCatalogCode');
  if (text('status')) {
    const status = codeFromText(ENTRY_STATUSES, text('status'));
    if (status) entry.status = status;
    else problem('status', '应为 在用、暂停 或 取消');
  }
  return entry as CatalogueEntryInput;
}

/** A code given as the code itself or as its label. */
function codeFromText<E extends Record<string, string>>(e: E, text: string): string | undefined {
  if (text in e) return text;
  return Object.keys(e).find((k) => e[k] === text || e[k]!.replace(/（.*）/, '') === text);
}

/**
 * `《中华人民共和国食品安全法》第三十五条第一款` → title, 条, 款, 项. A line without a 《》 title is kept whole as
 * the title (and the guide lint will ask for 条/款/项).
 *
 * @example parseCitation('《行政许可法》第十二条第（三）项') // { title: '《行政许可法》', article: '第十二条', item: '第（三）项' }
 */
export function parseCitation(line: string): Citation {
  const m = /^(《[^》]+》)\s*(第[^条]+条)?\s*(第[^款]+款)?\s*(第[^项]+项)?\s*$/.exec(line);
  if (!m) return { title: line };
  return {
    title: m[1]!,
    ...(m[2] ? { article: m[2] } : {}),
    ...(m[3] ? { paragraph: m[3] } : {}),
    ...(m[4] ? { item: m[4] } : {}),
  };
}

/** Text of an exceljs cell value (rich text, hyperlinks, formulas' cached results, dates). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
  }
  return '';
}

export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
