import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Type from 'typebox';
import { ItemContent } from '../domain/item-content.js';
import { Url } from '../domain/schema-helpers.js';
import { schemaIssues } from './schema-issues.js';

/** Schema modules whose bodies reach people through schemaIssues (API bodies, console forms, import files). */
const SCHEMA_MODULES = [
  '../domain/item-content.js',
  '../units/unit.schema.js',
  '../legal/legal.schema.js',
  '../catalogue/catalogue.schema.js',
  '../catalogue/catalogue.import.js',
  '../workflow/workflow.schema.js',
  '../publishing/public.schema.js',
  '../items/item-input.schema.js',
];

function patternsWithoutDescription(node: unknown, path: string, out: string[], seen = new Set<unknown>()): string[] {
  if (!node || typeof node !== 'object' || seen.has(node)) return out;
  seen.add(node);
  const n = node as Record<string, unknown>;
  if (typeof n.pattern === 'string' && typeof n.description !== 'string') out.push(`${path} (${n.pattern})`);
  for (const [k, v] of Object.entries(n)) patternsWithoutDescription(v, `${path}.${k}`, out, seen);
  return out;
}

describe('schema issues in Chinese', () => {
  it('a 基本编码 of the wrong shape says what is expected, not the regular expression', () => {
    const [issue] = schemaIssues(Type.Pick(ItemContent, ['catalogCode']), { catalogCode: '123' });
    assert.equal(issue?.message, '「基本编码」格式不正确（应为 12 位（或本省启用的更长格式）数字或大写字母）');
  });

  it('a web address that is not http(s) says so in Chinese', () => {
    const [issue] = schemaIssues(Type.Object({ site: Url('网站') }), { site: 'ftp://example.cn' });
    assert.equal(issue?.message, '「网站」格式不正确（应为以 http:// 或 https:// 开头的网址）');
  });

  it('a pattern without a description still gives no regular expression', () => {
    const [issue] = schemaIssues(Type.Object({ x: Type.String({ title: '代码', pattern: '^\\d+$' }) }), { x: 'a' });
    assert.equal(issue?.message, '「代码」格式不正确');
  });

  it('every pattern in the request schemas carries a Chinese description of what it expects', async () => {
    const missing: string[] = [];
    for (const m of SCHEMA_MODULES)
      for (const [name, schema] of Object.entries((await import(m)) as Record<string, unknown>))
        patternsWithoutDescription(schema, `${m}:${name}`, missing);
    assert.deepEqual(missing, []);
  });
});
