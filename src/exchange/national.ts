import type { Citation, ItemContent } from '../domain/item-content.js';
import { isRecord } from '../shared/guards.js';
import { parseCitation } from '../catalogue/catalogue.import.js';
import type { ExchangeItem } from './assemble.js';
import type { ExportRow } from './exchange.queries.js';
import { normalizeContent } from './normalize.js';

/**
 * The national exchange layout (domain.md §3.3: the platform's `up_task_*` tables). One record per item in
 * up_task_general_basic and up_task_general_extend, one per row in the material, fee and question tables,
 * linked by task_code (+ handle_item_code). Field names are the national ones where domain.md gives them;
 * the others (marked `local` below) follow the same naming. Multi-valued codes are joined with `^`
 * (`3^4^5`), flags are 1/0, a citation list is one `《名称》第X条第Y款` per line.
 *
 * Elements the layout has no field for (a citation's register link and text, contact channels other than
 * 电话/窗口, rules-engine overrides) do not travel: the mapping is lossy on purpose, and idempotent — a
 * record read and written again is the same record.
 */

type Kind = 'text' | 'codes' | 'number' | 'flag' | 'citations' | 'lines' | 'json';
interface Field {
  name: string;
  path: string;
  kind: Kind;
}

const f = (name: string, path: string, kind: Kind = 'text'): Field => ({ name, path, kind });

export const BASIC_FIELDS: Field[] = [
  f('task_name', 'name'),
  f('catalog_code', 'catalogCode'),
  f('local_catalog_code', 'localCatalogCode'),
  f('local_task_code', 'localTaskCode'),
  f('task_type', 'type'),
  f('by_law', 'setBasis', 'citations'),
  f('use_level', 'useLevels', 'codes'),
  f('impl_by_law', 'implBasis', 'citations') /* local */,
  f('competent_dept', 'competentDept') /* local */,
  f('power_source', 'powerSource'),
  f('dept_type', 'deptNature'),
  f('entrust_name', 'entrustName'),
  f('accept_condition', 'acceptCondition'),
  f('anticipate_day', 'legalLimit.value', 'number'),
  f('anticipate_type', 'legalLimit.unit'),
  f('anticipate_explain', 'legalLimit.note'),
  f('promise_day', 'promiseLimit.value', 'number'),
  f('promise_type', 'promiseLimit.unit'),
  f('promise_explain', 'promiseLimit.note'),
  f('project_type', 'projectType'),
  f('server_type', 'serviceObjects', 'codes'),
  f('handle_type', 'handleForms', 'codes'),
  f('limit_scene_num', 'sceneVisits', 'number'),
  f('is_fee', 'isFee', 'flag'),
  f('fee_basis', 'feeBasis'),
  f('handle_flow', 'flow', 'json'),
  f('transact_addr', 'transactAddr'),
  f('transact_time', 'transactTime'),
  f('link_way', 'consult', 'json'),
  f('supervise_way', 'supervise', 'json'),
  f('special_procedure', 'specialProcedure'),
  f('online_channel', 'online.channel') /* local */,
  f('online_url', 'online.url'),
  f('mobile_url', 'online.mobileUrl'),
  f('is_pc_sso', 'online.pcSso', 'flag'),
  f('is_mobile_sso', 'online.mobileSso', 'flag'),
  f('plan_effective_date', 'planEffectiveDate'),
  f('plan_cancel_date', 'planCancelDate'),
];

export const EXTEND_FIELDS: Field[] = [
  f('is_entry_hall', 'ext.inHall', 'flag'),
  f('is_express', 'ext.express', 'flag'),
  f('is_online_pay', 'ext.onlinePayment', 'flag'),
  f('is_appoint', 'ext.appointment', 'flag'),
  f('is_terminal', 'ext.selfServiceTerminal', 'flag'),
  f('universal_scope', 'ext.universalScope', 'codes'),
  f('quantity_limit', 'ext.quantityLimit'),
  f('limit_scene_explain', 'sceneVisitReason'),
  f('online_handle_depth', 'ext.onlineDepths', 'codes'),
  f('online_level', 'ext.onlineLevel'),
  f('joint_agencies', 'ext.jointAgencies'),
  f('result_type', 'ext.resultType'),
  f('result_name', 'ext.resultName'),
  f('result_sample', 'ext.resultSample', 'json'),
  f('intermediary', 'ext.intermediary'),
  f('town_code', 'ext.townCode'),
  f('town_name', 'ext.townName'),
  f('village_code', 'ext.villageCode'),
  f('village_name', 'ext.villageName'),
  f('person_theme', 'ext.personThemes', 'lines'),
  f('legal_theme', 'ext.corporateThemes', 'lines'),
  f('local_theme', 'ext.localThemes', 'lines'),
  f('extend_field', 'ext.extra', 'json'),
  f('punish_behavior', 'penalty', 'json'),
  f('coercion', 'coercion', 'json'),
  f('levy', 'levy', 'json'),
  f('benefit', 'benefit', 'json'),
  f('check', 'inspection', 'json'),
  f('reward', 'reward', 'json'),
  f('adjudication', 'adjudication', 'json'),
  f('scenarios', 'scenarios', 'json'),
];

export const MATERIAL_FIELDS: Field[] = [
  f('material_name', 'name'),
  f('material_necessity', 'necessity'),
  f('material_type', 'kind'),
  f('material_form', 'form'),
  f('paper_copy_kind', 'paperCopyKind'),
  f('page_num', 'paperCopies', 'number'),
  f('page_format', 'paperSpec'),
  f('source_channel', 'source'),
  f('source_explain', 'sourceNote'),
  f('blank_table', 'blankForm', 'json'),
  f('sample_table', 'sample', 'json'),
  f('fill_explain', 'fillNotes'),
  f('accept_standard', 'acceptStandard'),
  f('by_law', 'basis'),
  f('scenarios', 'scenarios', 'lines'),
  f('remark', 'remark'),
];
export const FEE_FIELDS: Field[] = [
  f('fee_name', 'name'),
  f('fee_standard', 'standard'),
  f('by_law', 'basis'),
  f('is_desc', 'reducible', 'flag'),
  f('desc_basis', 'reductionBasis'),
  f('remark', 'remark'),
];
export const QUESTION_FIELDS: Field[] = [f('question', 'question'), f('answer', 'answer')];

export const NATIONAL_TABLES = {
  up_task_general_basic: BASIC_FIELDS,
  up_task_general_extend: EXTEND_FIELDS,
  up_task_general_material: MATERIAL_FIELDS,
  up_task_general_fee_project: FEE_FIELDS,
  up_task_general_questions: QUESTION_FIELDS,
} as const;
export type NationalTable = keyof typeof NATIONAL_TABLES;
export type NationalRecord = Record<string, string | number | null>;
export type NationalDocument = { [T in NationalTable]: NationalRecord[] } & { cd_batch: string; cd_time: string };

const CHILD_TABLES: { table: NationalTable; key: 'materials' | 'fees' | 'faqs' }[] = [
  { table: 'up_task_general_material', key: 'materials' },
  { table: 'up_task_general_fee_project', key: 'fees' },
  { table: 'up_task_general_questions', key: 'faqs' },
];

function get(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, k) => (isRecord(node) ? node[k] : undefined), obj);
}
function set(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = obj;
  for (const k of keys.slice(0, -1)) {
    const next = (node[k] ??= {});
    if (!isRecord(next)) throw new TypeError(`${path}: ${k} is not an object`);
    node = next;
  }
  node[keys[keys.length - 1]!] = value;
}

const citationLine = (c: Citation) => `${c.title}${c.article ?? ''}${c.paragraph ?? ''}${c.item ?? ''}`;

function encode(field: Field, value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  switch (field.kind) {
    case 'codes':
      return (value as string[]).join('^');
    case 'flag':
      return value ? '1' : '0';
    case 'number':
      return value as number;
    case 'citations':
      return (value as Citation[]).map(citationLine).join('\n');
    case 'lines':
      return (value as string[]).join('\n');
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

function decode(field: Field, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  const text = String(value);
  switch (field.kind) {
    case 'codes':
      return text.split('^').filter(Boolean);
    case 'flag':
      return text === '1' || text === 'Y' || text === '是';
    case 'number':
      return Number(text);
    case 'citations':
      return text.split('\n').filter(Boolean).map(parseCitation);
    case 'lines':
      return text.split('\n').filter(Boolean);
    case 'json':
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

const record = (fields: Field[], source: unknown): NationalRecord =>
  Object.fromEntries(fields.map((x) => [x.name, encode(x, get(source, x.path))]));

/** The catalogue (or the changes since a publication sequence) in the national layout. */
/** `now` is China time, `YYYY-MM-DD HH:mm:ss`, as the platform's datetime columns hold it. */
export function nationalDocument(rows: Iterable<ExportRow>, batch: string, now: string): NationalDocument {
  const doc: NationalDocument = {
    cd_batch: batch,
    cd_time: now,
    up_task_general_basic: [],
    up_task_general_extend: [],
    up_task_general_material: [],
    up_task_general_fee_project: [],
    up_task_general_questions: [],
  };
  for (const r of rows) {
    const content = normalizeContent(r.content);
    const key = { task_code: r.taskCode, handle_item_code: r.handlingCode ?? null };
    doc.up_task_general_basic.push({
      ...key,
      parent_task_code: r.parentTaskCode ?? null,
      parent_handle_item_code: r.parentHandlingCode ?? null,
      task_granularity: r.granularity,
      ...record(BASIC_FIELDS, content),
      dept_name: r.unitName,
      dept_code: r.unitUscc,
      task_state: r.lifeState,
      task_version: r.lastSeq ?? 0,
      cd_operation: 'I',
      cd_time: now,
      cd_batch: batch,
    });
    doc.up_task_general_extend.push({ ...key, ...record(EXTEND_FIELDS, content) });
    for (const { table, key: arrayKey } of CHILD_TABLES) {
      for (const [i, row] of ((content[arrayKey] as unknown[] | undefined) ?? []).entries())
        doc[table].push({ ...key, order_num: i + 1, ...record(NATIONAL_TABLES[table], row) });
    }
  }
  return doc;
}

/** Items from a national-layout document (the province's export), for import and reconciliation. */
export function itemsFromNational(doc: Partial<NationalDocument>): {
  items: ExchangeItem[];
  problems: { table: string; index: number; message: string }[];
} {
  const problems: { table: string; index: number; message: string }[] = [];
  const byKey = new Map<string, Record<string, unknown>>();
  const keyOf = (r: NationalRecord) => `${r.task_code ?? ''}/${r.handle_item_code ?? ''}`;
  const items: ExchangeItem[] = [];
  for (const [index, r] of (doc.up_task_general_basic ?? []).entries()) {
    if (!r.task_code) {
      problems.push({ table: 'up_task_general_basic', index, message: '缺少 task_code' });
      continue;
    }
    const content: Record<string, unknown> = {};
    for (const x of BASIC_FIELDS) {
      const v = decode(x, r[x.name]);
      if (v !== undefined) set(content, x.path, v);
    }
    byKey.set(keyOf(r), content);
    items.push({
      taskCode: String(r.task_code),
      granularity: (r.task_granularity as ExchangeItem['granularity']) ?? 'main',
      content: content as ItemContent,
      ...(r.handle_item_code ? { handlingCode: String(r.handle_item_code) } : {}),
      ...(r.parent_task_code ? { parentTaskCode: String(r.parent_task_code) } : {}),
      ...(r.parent_handle_item_code ? { parentHandlingCode: String(r.parent_handle_item_code) } : {}),
    });
  }
  const attach = (table: NationalTable, apply: (content: Record<string, unknown>, r: NationalRecord) => void) => {
    (doc[table] ?? []).forEach((r, index) => {
      const content = byKey.get(keyOf(r));
      if (!content) problems.push({ table, index, message: `task_code ${r.task_code} 不在 up_task_general_basic 中` });
      else apply(content, r);
    });
  };
  attach('up_task_general_extend', (content, r) => {
    for (const x of EXTEND_FIELDS) {
      const v = decode(x, r[x.name]);
      if (v !== undefined) set(content, x.path, v);
    }
  });
  for (const { table, key } of CHILD_TABLES) {
    attach(table, (content, r) => {
      const row: Record<string, unknown> = {};
      for (const x of NATIONAL_TABLES[table]) {
        const v = decode(x, r[x.name]);
        if (v !== undefined) set(row, x.path, v);
      }
      ((content[key] ??= []) as { order: number; row: unknown }[]).push({ order: Number(r.order_num ?? 0), row });
    });
  }
  for (const item of items) {
    const c: Record<string, unknown> = item.content;
    for (const { key } of CHILD_TABLES) {
      const rows = c[key] as { order: number; row: unknown }[] | undefined;
      if (rows) c[key] = rows.sort((a, b) => a.order - b.order).map((x) => x.row);
    }
    c.setBasis ??= [];
  }
  return { items, problems };
}
