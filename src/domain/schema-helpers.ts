import Type from 'typebox';
import { codesOf, type Enum } from './enums.js';
import { CATALOG_CODE_SHAPE_RE } from './task-code.js';

/** A code from an enumeration; the labels go into the schema description so OpenAPI shows them. */
export function Code<E extends Enum>(e: E, title: string) {
  // Sorted: object keys put integer-like codes ('10', '20') before '01'.
  const codes = codesOf(e).sort();
  return Type.Enum(codes, {
    type: 'string',
    title,
    description: codes.map((c) => `${c}=${e[c]}`).join('; '),
    'x-enum-labels': e,
  });
}

/** A set of codes (multi-valued element): unique values, order not significant. */
export function CodeSet<E extends Enum>(e: E, title: string, minItems = 0) {
  return Type.Array(Code(e, title), { title, uniqueItems: true, minItems });
}

/** Free text with a title (the Chinese element name shown in errors and forms). */
export const Text = (title: string, maxLength = 4000, minLength = 0) => Type.String({ title, maxLength, minLength });
export const ShortText = (title: string) => Type.String({ title, maxLength: 200 });
export const Url = (title: string) =>
  Type.String({
    title,
    maxLength: 2000,
    pattern: '^https?://[^\\s<>"]+$',
    description: '应为以 http:// 或 https:// 开头的网址',
  });
/** A real calendar date (`format: date` refuses 2026-02-30 and 2026-13-45 on both validators, not just the shape). */
export const IsoDate = (title: string) =>
  Type.String({ title, format: 'date', description: '应为日期，如 2026-03-01' });
export const Flag = (title: string) => Type.Boolean({ title });

/** The same schema with its own title (a shared shape such as a time limit used for two elements). */
export function titled<T extends object>(schema: T, title: string): T {
  return { ...schema, title };
}

/** A page number in a query string; bounded so that `(page - 1) * pageSize` stays a sane SQL offset on every engine. */
export const PageNumber = () => Type.Integer({ minimum: 1, maximum: 100000, default: 1 });
/** Rows per page in a query string. */
export const PageSize = (max: number, dflt: number) => Type.Integer({ minimum: 1, maximum: max, default: dflt });

/** A 基本编码: 12 digits or capital letters, opaque (assigned by the upper-level catalogue). */
/** The shape of any 基本编码 a deployment may enable (12–17 characters); the deployment's own lengths (CATALOG_CODE_LENGTHS) are held by the use cases and rules. */
export const CatalogCode = (title = '基本编码') =>
  Type.String({
    title,
    pattern: CATALOG_CODE_SHAPE_RE.source,
    description: '应为 12 位（或本省启用的更长格式）数字或大写字母',
  });
