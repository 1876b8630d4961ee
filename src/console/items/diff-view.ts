import type { Change } from '../../items/diff.js';
import { html, type SafeHtml } from '../../web/html.js';
import type { JsonSchema } from '../../web/form/schema.js';
import { CONTENT_SCHEMA } from './content-form.js';
import { renderValue } from '../../web/form/view.js';

/** The label and the schema of the element a diff path names (titles come from the schema, as on the form). */
function resolvePath(path: string): { label: string; schema: JsonSchema | undefined } {
  let schema: JsonSchema | undefined = CONTENT_SCHEMA;
  const parts: string[] = [];
  for (const segment of path.replace(/#order$/, '').split('.')) {
    const m = /^([^[]+)(?:\[(.+)\])?$/.exec(segment);
    const key = m?.[1] ?? segment;
    let next: JsonSchema | undefined = schema?.properties?.[key];
    if (!next && schema?.items?.properties?.[key]) next = schema.items.properties[key];
    if (!next && /^\d+$/.test(key) && schema?.items) {
      parts.push(`第 ${Number(key) + 1} 项`);
      schema = schema.items;
      continue;
    }
    parts.push(next?.title ? `${next.title}${m?.[2] ? `「${m[2]}」` : ''}` : segment);
    schema = m?.[2] ? next?.items : next;
  }
  return {
    label: parts.join(' › ') + (path.endsWith('#order') ? '（顺序）' : ''),
    schema: path.endsWith('#order') ? undefined : schema,
  };
}

/**
 * Human labels for diff paths: `materials[营业执照].paperCopies` → 申请材料「营业执照」 › 纸质材料份数.
 */
export const pathLabel = (path: string): string => resolvePath(path).label;

/** A changed value as the form would show it: enumeration labels, 是/否, element titles — never raw codes. */
function show(schema: JsonSchema | undefined, value: unknown): SafeHtml {
  if (value === undefined || value === null) return html``;
  if (schema) return renderValue(schema, value);
  return html`${Array.isArray(value) ? value.join('、') : String(value)}`;
}

export function diffTable(changes: Change[]): SafeHtml {
  if (!changes.length) return html`<p>与已发布版本相比没有变化。</p>`;
  const kind = { added: '新增', removed: '删除', changed: '修改' } as const;
  return html`<table class="list diff"><caption class="visually-hidden">字段级差异</caption>
    <thead><tr><th scope="col">要素</th><th scope="col">变化</th><th scope="col">原内容</th><th scope="col">新内容</th></tr></thead>
    <tbody>${changes.map((c) => {
      const { label, schema } = resolvePath(c.path);
      return html`<tr><th scope="row">${label}</th><td>${kind[c.kind]}</td>
        <td class="diff-removed-cell">${show(schema, c.before)}</td><td class="diff-added-cell">${show(schema, c.after)}</td></tr>`;
    })}</tbody></table>`;
}
