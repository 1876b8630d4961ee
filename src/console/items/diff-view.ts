import type { Change } from '../../items/diff.js';
import { html, type SafeHtml } from '../../web/html.js';
import type { JsonSchema } from '../../web/form/schema.js';
import { CONTENT_SCHEMA } from './content-form.js';

/**
 * Human labels for diff paths: `materials[营业执照].paperCopies` → 申请材料「营业执照」 › 纸质材料份数.
 * Labels come from the schema titles, so every element is named as on the form.
 */
export function pathLabel(path: string): string {
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
  return parts.join(' › ') + (path.endsWith('#order') ? '（顺序）' : '');
}

const show = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return JSON.stringify(v, null, 1).replace(/[{}"[\]]/g, '').replace(/\n\s*/g, ' ').trim();
};

export function diffTable(changes: Change[]): SafeHtml {
  if (!changes.length) return html`<p>与已发布版本相比没有变化。</p>`;
  const kind = { added: '新增', removed: '删除', changed: '修改' } as const;
  return html`<table class="list diff"><caption class="visually-hidden">字段级差异</caption>
    <thead><tr><th scope="col">要素</th><th scope="col">变化</th><th scope="col">原内容</th><th scope="col">新内容</th></tr></thead>
    <tbody>${changes.map((c) => html`<tr><th scope="row">${pathLabel(c.path)}</th><td>${kind[c.kind]}</td>
      <td class="diff-removed-cell">${show(c.before)}</td><td class="diff-added-cell">${show(c.after)}</td></tr>`)}</tbody></table>`;
}
