import Type, { type Static } from 'typebox';
import { GRANULARITIES } from '../domain/enums.js';
import { ItemContent } from '../domain/item-content.js';
import { Code } from '../domain/schema-helpers.js';
import { taskCodeProblems } from '../domain/task-code.js';
import { isRecord } from '../shared/guards.js';
import { checkInput, schemaIssues } from '../shared/schema-issues.js';
import type { TextLine } from './read.js';
import { decodeCell } from './cells.js';
import {
  CODES_SHEET,
  GUIDE_SHEET,
  LAYOUT,
  MAIN_SHEET,
  sheetByArrayKey,
  sheetByName,
  type Column,
  type SheetLayout,
} from './layout.js';
import { ProblemList, type Problem } from './problems.js';
import type { SheetEvent } from './read.js';

/** One item as the exchange formats carry it: identity plus the content the API validates. One JSON Lines line. */
export const ExchangeItem = Type.Object(
  {
    taskCode: Type.String({ title: '实施编码', minLength: 1, maxLength: 36 }),
    handlingCode: Type.Optional(Type.String({ title: '业务办理项编码', maxLength: 50 })),
    granularity: Code(GRANULARITIES, '颗粒度'),
    parentTaskCode: Type.Optional(Type.String({ title: '上级实施编码', maxLength: 36 })),
    parentHandlingCode: Type.Optional(Type.String({ title: '上级业务办理项编码', maxLength: 50 })),
    content: ItemContent,
  },
  { additionalProperties: false, title: '事项' },
);
export type ExchangeItem = Static<typeof ExchangeItem>;

export const itemKey = (taskCode: string, handlingCode?: string) => `${taskCode}/${handlingCode ?? ''}`;

/** Where an item's parts came from, to put a problem found later (schema, database) on its cell. */
export interface ItemSource {
  sheet: string;
  row: number;
  /** Row numbers of each repeated element's entries, in order (xlsx/CSV only). */
  childRows: Record<string, number[]>;
}

export interface AssembledItem {
  item: ExchangeItem;
  /** The item's granularity, where reading `item` parses it again (JSON Lines). */
  granularity?: ExchangeItem['granularity'];
  source: ItemSource;
  /** A problem was found in one of its rows: it is not planned (the database checks run on the others). */
  bad?: boolean;
}

const IGNORED_SHEETS = new Set([GUIDE_SHEET, CODES_SHEET]);

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = (node[key] ??= {});
    if (!isRecord(next)) throw new TypeError(`${path.join('.')}: ${key} is not an object`);
    node = next;
  }
  node[path[path.length - 1]!] = value;
}

interface SheetState {
  layout: SheetLayout | undefined;
  name: string;
  /** Layout column → 1-based column number in the file, once the header row was read. */
  columns?: Map<Column, number>;
}

interface PendingChild {
  key: string;
  arrayKey: string;
  row: number;
  entry: Record<string, unknown>;
}

/**
 * Turns reader events into items: header rows checked against the layout, every cell decoded, child rows
 * attached to their item by 实施编码, then every item validated against the schema. Every problem is
 * collected (with sheet, row and column); nothing stops at the first.
 */
export class Assembler {
  /** `catalogCodeLengths`: the deployment's 基本编码 lengths (CATALOG_CODE_LENGTHS); unset: the national 12. */
  constructor(private readonly catalogCodeLengths?: readonly number[]) {}
  readonly problems = new ProblemList();
  private readonly items = new Map<string, AssembledItem>();
  private readonly children: PendingChild[] = [];
  /** Items with a problem in one of their child rows. */
  private readonly badKeys = new Set<string>();
  private sheet: SheetState | undefined;
  private readonly seenSheets = new Set<string>();
  rows = 0;

  feed(ev: SheetEvent): void {
    if (ev.kind === 'problem') {
      this.problems.add({ ...(ev.sheet ? { sheet: ev.sheet } : {}), message: ev.message });
      return;
    }
    if (ev.kind === 'sheet') {
      this.startSheet(ev.name, ev.hidden);
      return;
    }
    if (!this.sheet?.layout) return;
    if (
      ev.values.every(
        (v) => v === null || v === undefined || String(typeof v === 'object' ? JSON.stringify(v) : v).trim() === '',
      )
    )
      return;
    if (!this.sheet.columns) {
      this.readHeader(ev.number, ev.values);
      return;
    }
    this.rows++;
    this.readRow(
      { name: this.sheet.name, layout: this.sheet.layout, columns: this.sheet.columns },
      ev.number,
      ev.values,
    );
  }

  private startSheet(name: string, hidden: boolean): void {
    const layout = sheetByName(name);
    this.sheet = { layout, name };
    if (hidden) this.problems.add({ sheet: name, message: '是隐藏工作表：请取消隐藏核对内容，或删除该工作表' });
    if (!layout && !IGNORED_SHEETS.has(name))
      this.problems.add({
        sheet: name,
        message: `不是模板中的工作表（应为：${LAYOUT.map((s) => s.name).join('、')}）`,
      });
    if (layout && this.seenSheets.has(name)) this.problems.add({ sheet: name, message: '工作表重复' });
    this.seenSheets.add(name);
  }

  private readHeader(row: number, values: unknown[]): void {
    const sheet = this.sheet!;
    const layout = sheet.layout!;
    const columns = new Map<Column, number>();
    for (const [i, v] of values.entries()) {
      const header =
        typeof v === 'string'
          ? v.replace(/\s/g, '').replace(/[*＊]$/, '')
          : v === null || v === undefined
            ? ''
            : String(v);
      if (!header) continue;
      const col = layout.columns.find((c) => c.header === header);
      if (!col) {
        this.problems.add({
          sheet: sheet.name,
          row,
          column: i + 1,
          message: `表头“${header}”不是本表的列（请使用模板的表头，不要修改列名）`,
        });
        continue;
      }
      if (columns.has(col)) {
        this.problems.add({ sheet: sheet.name, row, column: i + 1, header, message: '表头重复' });
        continue;
      }
      columns.set(col, i + 1);
    }
    for (const c of layout.columns) {
      if (c.required && !columns.has(c))
        this.problems.add({ sheet: sheet.name, row, header: c.header, message: '缺少该列' });
    }
    sheet.columns = columns;
  }

  private readRow(
    sheet: { name: string; layout: SheetLayout; columns: Map<Column, number> },
    row: number,
    values: unknown[],
  ): void {
    const identity: Record<string, string> = {};
    const content: Record<string, unknown> = {};
    let ok = true;
    for (const [col, index] of sheet.columns) {
      const decoded = decodeCell(col, values[index - 1]);
      if ('problem' in decoded) {
        ok = false;
        this.problems.add({ sheet: sheet.name, row, column: index, header: col.header, message: decoded.problem });
      } else if ('value' in decoded) {
        if (col.identity) identity[col.identity] = String(decoded.value).trim();
        else setPath(content, col.path, decoded.value);
      }
    }
    const taskCode = identity.taskCode ?? '';
    const at = (c: Column | undefined) => ({
      sheet: sheet.name,
      row,
      ...(c && sheet.columns.has(c) ? { column: sheet.columns.get(c)!, header: c.header } : {}),
    });
    const codeColumn = sheet.layout.columns.find((c) => c.identity === 'taskCode');
    if (!taskCode) {
      this.problems.add({ ...at(codeColumn), message: '实施编码不能为空' });
      return;
    }
    const key = itemKey(taskCode, identity.handlingCode);
    if (sheet.layout.arrayKey) {
      if (ok) this.children.push({ key, arrayKey: sheet.layout.arrayKey, row, entry: content });
      else this.badKeys.add(key);
      return;
    }
    const first = this.items.get(key);
    if (first) {
      first.bad = true;
      this.problems.add({
        ...at(codeColumn),
        message: `实施编码${identity.handlingCode ? '与业务办理项编码' : ''}重复（与第${first.source.row}行相同）`,
      });
      return;
    }
    const item = {
      taskCode,
      granularity: identity.granularity ?? '',
      content,
      ...(identity.handlingCode ? { handlingCode: identity.handlingCode } : {}),
      ...(identity.parentTaskCode ? { parentTaskCode: identity.parentTaskCode } : {}),
      ...(identity.parentHandlingCode ? { parentHandlingCode: identity.parentHandlingCode } : {}),
    } as ExchangeItem;
    this.items.set(key, { item, source: { sheet: sheet.name, row, childRows: {} }, ...(ok ? {} : { bad: true }) });
  }

  /** Attaches child rows, validates every item; returns the items in file order. */
  finish(): AssembledItem[] {
    if (!this.seenSheets.has(MAIN_SHEET) && this.items.size === 0 && !this.problems.any)
      this.problems.add({ message: `文件中没有“${MAIN_SHEET}”数据` });
    for (const child of this.children) {
      const target = this.items.get(child.key);
      const layout = sheetByArrayKey(child.arrayKey)!;
      if (!target) {
        this.problems.add({
          sheet: layout.name,
          row: child.row,
          column: 1,
          header: '实施编码',
          message: `实施编码 ${child.key.replace(/\/$/, '')} 不在“${MAIN_SHEET}”中`,
        });
        continue;
      }
      const content: Record<string, unknown> = target.item.content;
      ((content[child.arrayKey] ??= []) as unknown[]).push(child.entry);
      (target.source.childRows[child.arrayKey] ??= []).push(child.row);
    }
    const result = [...this.items.values()];
    for (const a of result) {
      const content: Record<string, unknown> = a.item.content;
      // A required repeated element with no rows is an empty list (设定依据 may still be missing in a draft).
      for (const key of ItemContent.required ?? [])
        if (sheetByArrayKey(key) && content[key] === undefined) content[key] = [];
      if (this.badKeys.has(itemKey(a.item.taskCode, a.item.handlingCode))) a.bad = true;
      if (a.bad) continue;
      const problems = itemProblems(a.item, this.catalogCodeLengths);
      for (const p of problems) this.problems.add(locate(a.source, p.path, p.message));
      if (problems.length) a.bad = true;
    }
    return result;
  }
}

/** Schema and code problems of one item (no database needed), with content paths. */
export function itemProblems(
  item: ExchangeItem,
  catalogCodeLengths?: readonly number[],
): { path: string; message: string }[] {
  const issues = schemaIssues(ExchangeItem, item);
  if (issues.length) return issues;
  const problems = taskCodeProblems(item.taskCode, { catalogCode: item.content.catalogCode }, catalogCodeLengths).map(
    (message) => ({ path: 'taskCode', message }),
  );
  if (item.granularity !== 'main' && !item.parentTaskCode)
    problems.push({ path: 'parentTaskCode', message: '子项、业务办理项须填写上级实施编码' });
  if (item.granularity === 'handling' && !item.handlingCode)
    problems.push({ path: 'handlingCode', message: '业务办理项须填写业务办理项编码' });
  return problems;
}

const IDENTITY_PATHS: Record<string, string> = {
  taskCode: 'taskCode',
  handlingCode: 'handlingCode',
  granularity: 'granularity',
  parentTaskCode: 'parentTaskCode',
  parentHandlingCode: 'parentHandlingCode',
};

/** A problem at a content path (`content.materials.2.name`) put on its sheet, row and column. */
export function locate(source: ItemSource, path: string, message: string): Problem {
  const parts = path.split('.');
  const main = LAYOUT[0]!;
  if (parts[0] !== 'content') {
    const col = main.columns.find((c) => c.identity === IDENTITY_PATHS[parts[0]!]);
    return { sheet: source.sheet, row: source.row, ...(col ? { header: col.header } : {}), message };
  }
  const rest = parts.slice(1);
  const child = sheetByArrayKey(rest[0] ?? '');
  if (child && rest.length >= 2 && /^\d+$/.test(rest[1]!)) {
    const row = source.childRows[rest[0]!]?.[Number(rest[1])];
    const col = child.columns.find((c) => c.path.join('.') === rest.slice(2).join('.'));
    return { sheet: child.name, ...(row ? { row } : {}), ...(col ? { header: col.header } : {}), message };
  }
  const col =
    main.columns.find((c) => !c.identity && c.path.join('.') === rest.join('.')) ??
    main.columns.find((c) => !c.identity && c.path.join('.').startsWith(rest.join('.')));
  return {
    sheet: child ? child.name : source.sheet,
    ...(child ? {} : { row: source.row }),
    ...(col ? { header: col.header } : {}),
    message: child ? `实施编码所在第${source.row}行的事项：${message}` : message,
  };
}

/** JSON Lines: one ExchangeItem per line; problems name the line and the field path. */
export function assembleJsonLines(
  lines: Iterable<string | TextLine>,
  problems: ProblemList,
  catalogCodeLengths?: readonly number[],
): AssembledItem[] {
  const items = new Map<string, AssembledItem>();
  let n = 0;
  for (const entry of lines) {
    n++;
    const line = typeof entry === 'string' ? entry : entry.read();
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.add({ sheet: 'JSON Lines', row: n, message: '不是有效的 JSON' });
      continue;
    }
    const checked = checkInput(ExchangeItem, value);
    const issues = checked.ok ? itemProblems(checked.value, catalogCodeLengths) : checked.issues;
    for (const i of issues) problems.add({ sheet: 'JSON Lines', row: n, column: i.path, message: i.message });
    if (!checked.ok || issues.length) continue;
    const item = checked.value;
    const key = itemKey(item.taskCode, item.handlingCode);
    const first = items.get(key);
    if (first)
      problems.add({
        sheet: 'JSON Lines',
        row: n,
        column: 'taskCode',
        message: `实施编码重复（与第${first.source.row}行相同）`,
      });
    else if (typeof entry === 'string')
      items.set(key, { item, source: { sheet: 'JSON Lines', row: n, childRows: {} } });
    // A line of a file is parsed again when its item is read (it was checked above): 100,000 items are not kept parsed.
    else
      items.set(key, {
        get item(): ExchangeItem {
          return JSON.parse(entry.read());
        },
        granularity: item.granularity,
        source: { sheet: 'JSON Lines', row: n, childRows: {} },
      });
  }
  return [...items.values()];
}
