import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import type { FieldIssue } from './errors.js';
import { isRecord } from './guards.js';

type SchemaNode = Record<string, unknown>;
type SchemaError = ReturnType<typeof Value.Errors>[number];

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  array: '数组',
  null: 'null',
};

/**
 * Schema validation problems as field issues with dotted paths (`content.materials.2.name`) and Chinese
 * messages naming the element, for API bodies, console forms and import files. `basePath` prefixes every path.
 */
export function schemaIssues(schema: TSchema, value: unknown, basePath = ''): FieldIssue[] {
  // The compiled check is some 30 times faster than collecting errors: a bulk import checks every item twice.
  if (compiled(schema).Check(value)) return [];
  const issues = Value.Errors(schema, value)
    .flatMap((error) => describeError(schema, error))
    .map((i) => ({ ...i, path: [basePath, i.path].filter(Boolean).join('.') }));
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\n${i.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const validators = new WeakMap<TSchema, ReturnType<typeof Compile>>();

function compiled(schema: TSchema): ReturnType<typeof Compile> {
  let validator = validators.get(schema);
  if (!validator) validators.set(schema, (validator = Compile(schema)));
  return validator;
}

/** A value checked against a schema: the typed value, or the issues that stop it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/**
 * Checks `value` (e.g. a console form body mapped to a use case's input shape) against the schema the API uses
 * for the same use case, and types it as that input when it conforms: the one place where an untyped body
 * becomes a typed input, instead of a cast at each call site.
 */
export function checkInput<S extends TSchema>(schema: S, value: unknown, basePath = ''): Checked<Static<S>> {
  const issues = schemaIssues(schema, value, basePath);
  // No issue means Value.Check passes: the value is a Static<S>.
  return issues.length ? { ok: false, issues } : { ok: true, value: value as Static<S> };
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
  switch (error.keyword) {
    case 'boolean': // the additionalProperties error below names the same properties
      return [];
    case 'enum':
      return [{ path, message: `${named(node)}应为以下代码之一：${String(node?.description ?? '')}` }];
    case 'additionalProperties':
      return error.params.additionalProperties.map((name) => ({
        path: child(name),
        message: '不允许的字段，请删除或核对字段名',
      }));
    case 'required':
      return error.params.requiredProperties.map((name) => {
        const properties = node?.properties;
        const property = isRecord(properties) ? properties[name] : undefined;
        return { path: child(name), message: `缺少必填字段${named(property)}` };
      });
    default:
      return [{ path, message: `${named(node)}${reason(error, node)}` }];
  }
}

function reason(error: SchemaError, node: SchemaNode | undefined): string {
  switch (error.keyword) {
    case 'type':
      return `应为${TYPE_NAMES[String(error.params.type)] ?? String(error.params.type)}`;
    case 'minLength':
      return error.params.limit === 1 ? '不能为空' : `不能少于 ${error.params.limit} 个字符`;
    case 'maxLength':
      return `不能超过 ${error.params.limit} 个字符`;
    // The regular expression means nothing to a clerk: a pattern explains itself in its description.
    case 'pattern':
    case 'format':
      return typeof node?.description === 'string' ? `格式不正确（${node.description}）` : '格式不正确';
    case 'minimum':
      return `不能小于 ${error.params.limit}`;
    case 'maximum':
      return `不能大于 ${error.params.limit}`;
    case 'minItems':
      return `至少需要 ${error.params.limit} 项`;
    case 'maxItems':
      return `不能超过 ${error.params.limit} 项`;
    case 'uniqueItems':
      return '不能有重复项';
    default:
      return error.message;
  }
}

const named = (node: unknown) => (isRecord(node) && typeof node.title === 'string' ? `「${node.title}」` : '');

const unescapePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** The sub-schema at a `#/properties/...` pointer, or undefined when the pointer leaves the schema. */
function resolvePointer(root: TSchema, pointer: string): SchemaNode | undefined {
  let node: unknown = root;
  for (const segment of pointer.replace(/^#\/?/, '').split('/').filter(Boolean).map(unescapePointer)) {
    node = isRecord(node) ? node[segment] : undefined;
  }
  return isRecord(node) ? node : undefined;
}
