import { ItemContent } from '../domain/item-content.js';
import { GRANULARITIES } from '../domain/enums.js';

/**
 * The exchange workbook's layout, derived from the ItemContent schema (the same schema the API validates
 * with), so a new or renamed element shows up in the template, the import and the 填写说明 without a
 * second list to keep in step:
 * - every scalar element, and every element of a nested object (时限, 咨询方式, 网上办理 …), is a column of
 *   the main sheet 事项基本信息;
 * - every repeated element whose rows are objects (申请材料, 收费项目, 办理流程, 常见问题, 办理情形, 设定依据 …)
 *   is a sheet of its own, one row per entry, linked to its item by 实施编码 (+ 业务办理项编码).
 */

type SchemaNode = {
  type?: string;
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: string[];
  'x-enum-labels'?: Record<string, string>;
  patternProperties?: Record<string, SchemaNode>;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
};

export type CellKind = 'text' | 'number' | 'integer' | 'flag' | 'code' | 'codes' | 'lines' | 'record' | 'date';

export interface Column {
  /** Chinese header text, unique within its sheet. */
  header: string;
  /** Path inside the item content (or inside one row of a repeated element); empty for identity columns. */
  path: string[];
  kind: CellKind;
  /** Enumeration code → label, for `code` and `codes`. */
  labels?: Readonly<Record<string, string>>;
  required: boolean;
  /** Explanation for the 填写说明 sheet. */
  note: string;
  /** Identity columns (实施编码 …) are not part of the content. */
  identity?: IdentityField;
}

export type IdentityField = 'taskCode' | 'handlingCode' | 'granularity' | 'parentTaskCode' | 'parentHandlingCode';

export interface SheetLayout {
  name: string;
  /** Root content property whose rows this sheet holds; undefined for the main sheet. */
  arrayKey?: string;
  columns: Column[];
}

export const MAIN_SHEET = '事项基本信息';
export const GUIDE_SHEET = '填写说明';
export const CODES_SHEET = '代码表';
/** Separator of multi-valued codes in one cell: labels contain 、 (罚款、没收违法所得), never this. */
export const LIST_SEPARATOR = '；';
export const FLAG_LABELS = { true: '是', false: '否' } as const;

const TASK_CODE: Column = {
  header: '实施编码',
  path: [],
  kind: 'text',
  required: true,
  note: '31 位：实施主体统一社会信用代码(18) + 行使层级代码(1) + 基本编码(12)；同一事项在各表中用它关联',
  identity: 'taskCode',
};
const HANDLING_CODE: Column = {
  header: '业务办理项编码',
  path: [],
  kind: 'text',
  required: false,
  note: '业务办理项必填（1–50 位字母、数字或 -），主项、子项留空',
  identity: 'handlingCode',
};

const IDENTITY: Column[] = [
  TASK_CODE,
  HANDLING_CODE,
  {
    header: '颗粒度',
    path: [],
    kind: 'code',
    labels: GRANULARITIES,
    required: true,
    note: '主项、子项或业务办理项',
    identity: 'granularity',
  },
  {
    header: '上级实施编码',
    path: [],
    kind: 'text',
    required: false,
    note: '子项、业务办理项所属上级事项的实施编码（上级可在同一文件中）',
    identity: 'parentTaskCode',
  },
  {
    header: '上级业务办理项编码',
    path: [],
    kind: 'text',
    required: false,
    note: '上级是业务办理项以外的事项时留空',
    identity: 'parentHandlingCode',
  },
];

const isObjectArray = (n: SchemaNode) => n.type === 'array' && n.items?.type === 'object' && !!n.items.properties;

function kindOf(n: SchemaNode): CellKind {
  if (n['x-enum-labels']) return 'code';
  if (n.type === 'array' && n.items?.['x-enum-labels']) return 'codes';
  if (n.type === 'array') return 'lines';
  if (n.type === 'object' && n.patternProperties) return 'record';
  if (n.type === 'boolean') return 'flag';
  if (n.type === 'integer') return 'integer';
  if (n.type === 'number') return 'number';
  if (n.format === 'date') return 'date';
  return 'text';
}

function noteOf(n: SchemaNode, kind: CellKind): string {
  const labels = n['x-enum-labels'] ?? n.items?.['x-enum-labels'];
  const parts: string[] = [];
  if (kind === 'code') parts.push(`从下拉列表选择：${Object.values(labels!).join(' / ')}`);
  if (kind === 'codes') parts.push(`可填多个，用“${LIST_SEPARATOR}”或“、”分隔：${Object.values(labels!).join(' / ')}`);
  if (kind === 'flag') parts.push('填“是”或“否”');
  if (kind === 'lines') parts.push('可填多项，每行一项');
  if (kind === 'record') parts.push('每行一项，格式：名称=内容');
  if (kind === 'date') parts.push('日期，如 2026-03-01');
  if (kind === 'integer' || kind === 'number')
    parts.push(
      `${kind === 'integer' ? '整数' : '数字'}${n.minimum !== undefined ? `，${n.minimum}–${n.maximum}` : ''}`,
    );
  if (kind === 'text' && n.maxLength) parts.push(`文本，不超过 ${n.maxLength} 字`);
  if (n.description && kind !== 'code' && !/=/.test(n.description)) parts.push(n.description);
  return parts.join('；');
}

/** Leaf columns of an object schema, nested objects flattened; `inherited` says whether every ancestor was required. */
function leafColumns(
  node: SchemaNode,
  prefix: string[],
  titles: string[],
  required: boolean,
  skip: (key: string, n: SchemaNode) => boolean,
): Column[] {
  const out: Column[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (skip(key, child)) continue;
    const isRequired = required && (node.required ?? []).includes(key);
    const title = child.title ?? key;
    if (child.type === 'object' && child.properties) {
      out.push(...leafColumns(child, [...prefix, key], [...titles, title], isRequired, () => false));
      continue;
    }
    const kind = kindOf(child);
    out.push({
      header: [...titles, title].join('-'),
      path: [...prefix, key],
      kind,
      required: isRequired,
      note: noteOf(child, kind),
      ...(child['x-enum-labels'] || child.items?.['x-enum-labels']
        ? { labels: child['x-enum-labels'] ?? child.items!['x-enum-labels'] }
        : {}),
    });
  }
  return out;
}

/**
 * `扩展信息-是否进驻政务大厅` → `是否进驻政务大厅`: the section's name is dropped wherever the rest is unique in
 * the sheet (`法定办结时限-时限` and `咨询方式-电话` keep theirs; `审批结果样本-文件名称` keeps its own parent).
 */
function shortenHeaders(columns: Column[]): Column[] {
  const rest = (c: Column) => c.header.split('-').slice(1).join('-');
  const counts = new Map<string, number>();
  for (const c of columns) if (rest(c)) counts.set(rest(c), (counts.get(rest(c)) ?? 0) + 1);
  return columns.map((c) => (rest(c) && counts.get(rest(c)) === 1 ? { ...c, header: rest(c) } : c));
}

function buildLayout(): SheetLayout[] {
  const root = ItemContent as unknown as SchemaNode;
  const main: SheetLayout = {
    name: MAIN_SHEET,
    columns: [...IDENTITY, ...shortenHeaders(leafColumns(root, [], [], true, (_k, n) => isObjectArray(n)))],
  };
  const children: SheetLayout[] = Object.entries(root.properties ?? {})
    .filter(([, n]) => isObjectArray(n))
    .map(([key, n]) => ({
      name: n.title ?? key,
      arrayKey: key,
      columns: [TASK_CODE, HANDLING_CODE, ...shortenHeaders(leafColumns(n.items!, [], [], true, () => false))],
    }));
  return [main, ...children];
}

/** Every data sheet, main sheet first. */
export const LAYOUT: readonly SheetLayout[] = buildLayout();
export const sheetByName = (name: string) => LAYOUT.find((s) => s.name === name);
export const sheetByArrayKey = (key: string) => LAYOUT.find((s) => s.arrayKey === key);
