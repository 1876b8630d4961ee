import Value from 'typebox/value';
import type { TSchema } from 'typebox';
import type { FieldIssue } from './errors.js';

/**
 * Schema validation problems as field issues with dotted paths (`content.materials.2.name`) and Chinese
 * reasons, for forms and import files. Only the most specific issue per path is kept.
 */
export function schemaIssues(schema: TSchema, value: unknown, basePath = ''): FieldIssue[] {
  const byPath = new Map<string, string>();
  for (const e of Value.Errors(schema, value)) {
    const err = e as { instancePath: string; keyword: string; params: Record<string, unknown>; message: string; schemaPath: string };
    const segments = err.instancePath.split('/').filter(Boolean);
    if (err.keyword === 'required' && Array.isArray(err.params.requiredProperties)) segments.push(String((err.params.requiredProperties as string[])[0]));
    if (err.keyword === 'additionalProperties' && Array.isArray(err.params.additionalProperties)) segments.push(String((err.params.additionalProperties as string[])[0]));
    if (err.keyword === 'boolean' && err.schemaPath.endsWith('additionalProperties')) continue;
    const path = [basePath, ...segments].filter(Boolean).join('.');
    if (!byPath.has(path) && !(err.keyword === 'anyOf' && byPath.size)) byPath.set(path, reason(err.keyword, err.params, err.message));
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

function reason(keyword: string, params: Record<string, unknown>, fallback: string): string {
  switch (keyword) {
    case 'required': return '必填';
    case 'additionalProperties': return '不允许的字段';
    case 'minLength': return params.limit === 1 ? '不能为空' : `至少 ${params.limit} 个字符`;
    case 'maxLength': return `不能超过 ${params.limit} 个字符`;
    case 'pattern': return '格式不正确';
    case 'enum': case 'const': case 'anyOf': return '不是允许的取值';
    case 'type': return `类型应为 ${String(params.type ?? '')}`.trim();
    case 'minimum': return `不能小于 ${params.limit}`;
    case 'maximum': return `不能大于 ${params.limit}`;
    case 'minItems': return `至少 ${params.limit} 项`;
    case 'uniqueItems': return '有重复项';
    case 'format': return '格式不正确';
    default: return fallback;
  }
}
