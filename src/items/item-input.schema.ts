import Type, { type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { GRANULARITIES } from '../domain/enums.js';
import { ItemContent } from '../domain/item-content.js';
import { Code } from '../domain/schema-helpers.js';
import type { FieldIssue } from '../shared/errors.js';

/**
 * An item as clients submit it: identity plus content. `shixiang check` reads one per line; the HTTP create
 * body is this shape without `unitUscc` (the unit comes from `unitId`) and with an optional `parentId`.
 * Codes are checked here only for length: the rules engine reports malformed codes with a precise message.
 */
export const ItemInput = Type.Object({
  granularity: Code(GRANULARITIES, '颗粒度'),
  taskCode: Type.String({ title: '实施编码', minLength: 1, maxLength: 36 }),
  handlingCode: Type.Optional(Type.String({ title: '业务办理项编码', maxLength: 50 })),
  unitUscc: Type.Optional(Type.String({ title: '实施主体统一社会信用代码', minLength: 18, maxLength: 18 })),
  content: ItemContent,
}, { additionalProperties: false, title: '事项' });
export type ItemInput = Static<typeof ItemInput>;

/**
 * Why `value` is not an ItemInput, one issue per element with a Chinese message naming the element; empty
 * when it is one. TypeBox reports at most 8 raw errors, so a badly broken line may need several passes.
 */
export function itemInputIssues(value: unknown): FieldIssue[] {
  return schemaIssues(ItemInput, value);
}

type SchemaNode = Record<string, unknown>;
type SchemaError = ReturnType<typeof Value.Errors>[number];

const TYPE_NAMES: Record<string, string> = {
  string: '文本', number: '数字', integer: '整数', boolean: '布尔值（true 或 false）', object: '对象', array: '数组', null: 'null',
};

function schemaIssues(schema: TSchema, value: unknown): FieldIssue[] {
  const issues = Value.Errors(schema, value).flatMap((error) => describeError(schema, error));
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\n${i.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function describeError(root: TSchema, error: SchemaError): FieldIssue[] {
  const path = error.instancePath.split('/').slice(1).map(unescapePointer).join('.');
  const child = (name: string) => (path ? `${path}.${name}` : name);
  const node = resolvePointer(root, error.schemaPath);
  // A code that matches no enumeration member fails every branch of the union; report the union once.
  const union = error.schemaPath.match(/^(.*)\/anyOf\/\d+$/);
  if (union || error.keyword === 'anyOf') {
    const codes = resolvePointer(root, union ? union[1]! : error.schemaPath);
    return [{ path, message: `${named(codes)}应为以下代码之一：${String(codes?.description ?? '')}` }];
  }
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'boolean': // the additionalProperties error below names the same properties
      return [];
    case 'additionalProperties':
      return (params.additionalProperties as string[]).map((name) => ({ path: child(name), message: '不允许的字段，请删除或核对字段名' }));
    case 'required':
      return (params.requiredProperties as string[]).map((name) => {
        const property = (node?.properties as Record<string, SchemaNode> | undefined)?.[name];
        return { path: child(name), message: `缺少必填字段${named(property)}` };
      });
    default:
      return [{ path, message: `${named(node)}${reason(error, node)}` }];
  }
}

function reason(error: SchemaError, node: SchemaNode | undefined): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': return `应为${TYPE_NAMES[String(params.type)] ?? String(params.type)}`;
    case 'minLength': return params.limit === 1 ? '不能为空' : `不能少于 ${params.limit} 个字符`;
    case 'maxLength': return `不能超过 ${params.limit} 个字符`;
    case 'pattern': return `格式不正确（${String(node?.description ?? `应匹配 ${params.pattern}`)}）`;
    case 'minimum': return `不能小于 ${params.limit}`;
    case 'maximum': return `不能大于 ${params.limit}`;
    case 'minItems': return `至少需要 ${params.limit} 项`;
    case 'maxItems': return `不能超过 ${params.limit} 项`;
    case 'uniqueItems': return '不能有重复项';
    default: return error.message;
  }
}

const named = (node: SchemaNode | undefined) => (typeof node?.title === 'string' ? `「${node.title}」` : '');

const unescapePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** The sub-schema at a `#/properties/...` pointer, or undefined when the pointer leaves the schema. */
function resolvePointer(root: TSchema, pointer: string): SchemaNode | undefined {
  let node: unknown = root;
  for (const segment of pointer.replace(/^#\/?/, '').split('/').filter(Boolean).map(unescapePointer)) {
    node = node && typeof node === 'object' ? (node as SchemaNode)[segment] : undefined;
  }
  return node && typeof node === 'object' ? (node as SchemaNode) : undefined;
}
