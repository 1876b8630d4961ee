import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { IsoDate, ShortText, Text, Url } from '../domain/schema-helpers.js';
import { errors, type FieldIssue } from '../shared/errors.js';
import { isRecord } from '../shared/guards.js';
import type { HolidayNotice } from './notice.js';
import { checkNoticeRules } from './notice-rules.js';

/** One 放假 block of an imported notice. */
export const HolidayBlockInput = Type.Object(
  {
    name: Text('节日名称', 50, 1),
    firstDay: IsoDate('放假开始日期'),
    lastDay: IsoDate('放假结束日期'),
    makeUpWorkdays: Type.Array(IsoDate('调休上班日期'), { title: '调休上班日期', maxItems: 10 }),
  },
  { additionalProperties: false, title: '放假安排' },
);

/**
 * A State Council holiday notice as an administrator loads it (JSON file or, later, the HTTP API).
 * The same shape as the bundled notices in `notices/`; docs/calendar.md has an example.
 */
export const CalendarNoticeInput = Type.Object(
  {
    year: Type.Integer({ title: '年度', minimum: 2000, maximum: 2100 }),
    title: Text('通知标题', 200, 1),
    docNo: Type.Optional(Type.Union([ShortText('文号'), Type.Null()], { title: '文号' })),
    publishedOn: IsoDate('发布日期'),
    url: Url('通知网址'),
    holidays: Type.Array(HolidayBlockInput, { title: '放假安排', minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false, title: '节假日安排通知' },
);
export type CalendarNoticeInput = Static<typeof CalendarNoticeInput>;

/**
 * Checks the shape (schema) and then the calendar rules (`checkNoticeRules`). Throws VALIDATION_FAILED
 * with one issue per problem, each with its field path (`holidays.1.makeUpWorkdays.0`).
 */
export function parseCalendarNotice(input: unknown): HolidayNotice {
  const shapeIssues = schemaIssues(input);
  // Value.Check is the validator schemaIssues reports from: it fails exactly when there are issues.
  if (shapeIssues.length || !Value.Check(CalendarNoticeInput, input)) throw errors.validation(shapeIssues);
  const value = input;
  const notice: HolidayNotice = { ...value, docNo: value.docNo ?? null };
  const ruleIssues = checkNoticeRules(notice);
  if (ruleIssues.length) throw errors.validation(ruleIssues);
  return notice;
}

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  integer: '整数',
  number: '数字',
  array: '数组',
  object: '对象',
  null: 'null',
};

/** TypeBox errors as field issues with Chinese messages; one issue per path. */
function schemaIssues(input: unknown): FieldIssue[] {
  const byPath = new Map<string, string>();
  for (const e of Value.Errors(CalendarNoticeInput, input)) {
    // An unknown property is reported twice (the parent's additionalProperties and a false schema at the
    // property itself); the second carries the property's own path.
    if (e.keyword === 'additionalProperties') continue;
    const base = e.instancePath.split('/').filter(Boolean).join('.');
    const required = e.keyword === 'required' ? e.params.requiredProperties : [];
    for (const path of required.length ? required.map((p) => (base ? `${base}.${p}` : p)) : [base || '(根)']) {
      if (!byPath.has(path)) byPath.set(path, issueMessage(e));
    }
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

function issueMessage(e: {
  keyword: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}): string {
  const limit = String(e.params.limit);
  switch (e.keyword) {
    case 'required':
      return '必填';
    case 'boolean':
      return '不允许的字段';
    case 'type':
      return `应为${[e.params.type]
        .flat()
        .map((t) => TYPE_NAMES[String(t)] ?? String(t))
        .join('或')}`;
    case 'anyOf':
      return '应为文本或 null';
    case 'pattern':
    case 'format': {
      const described = describedAt(e.schemaPath);
      return described?.startsWith('应为') ? described : `格式应为 ${described ?? e.params.pattern}`;
    }
    case 'minLength':
      return `不得少于 ${limit} 个字符`;
    case 'maxLength':
      return `不得多于 ${limit} 个字符`;
    case 'minItems':
      return `不得少于 ${limit} 项`;
    case 'maxItems':
      return `不得多于 ${limit} 项`;
    case 'minimum':
      return `不得小于 ${limit}`;
    case 'maximum':
      return `不得大于 ${limit}`;
    default:
      return e.message;
  }
}

/** The `description` of the sub-schema at a TypeBox schemaPath such as `#/properties/holidays/items/properties/firstDay`. */
function describedAt(schemaPath: string): string | undefined {
  let node: unknown = CalendarNoticeInput;
  for (const key of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean))
    node = isRecord(node) ? node[key] : undefined;
  const description = isRecord(node) ? node.description : undefined;
  return typeof description === 'string' ? description : undefined;
}
