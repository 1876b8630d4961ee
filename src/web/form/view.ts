import { html, safeHref, type SafeHtml } from '../html.js';
import { kindOf, labelOf, optionsOf, type JsonSchema } from './schema.js';

/** Read-only rendering of a value by its schema (detail pages, diffs, the verifier's review). */
export function renderValue(schema: JsonSchema, value: unknown): SafeHtml {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0))
    return html`<span class="empty">（未填）</span>`;
  // The register id is an internal key: people read the citation's title beside it, and follow the link.
  if (schema['x-ref'] === 'legal-document')
    return html`<a href="/console/legal/${encodeURIComponent(String(value))}">已关联法律法规库（查看）</a>`;
  switch (kindOf(schema)) {
    case 'object':
      return renderObject(schema, value as Record<string, unknown>);
    case 'rows':
      return html`<ol class="rows-view">${(value as unknown[]).map((row) => html`<li>${renderObject(schema.items!, row as Record<string, unknown>)}</li>`)}</ol>`;
    case 'codeSet': {
      const labels = new Map(optionsOf(schema.items!));
      return html`${(value as string[]).map((c) => labels.get(c) ?? c).join('、')}`;
    }
    case 'lines':
      return html`${(value as string[]).join('、')}`;
    case 'record':
      return html`${Object.entries(value as Record<string, string>).map(([k, v]) => html`<div>${k}：${v}</div>`)}`;
    case 'code':
      return html`${new Map(optionsOf(schema)).get(String(value)) ?? String(value)}`;
    case 'boolean':
      return html`${value ? '是' : '否'}`;
    case 'url':
      return html`<a href="${safeHref(String(value))}" rel="noopener noreferrer">${String(value)}</a>`;
    case 'longText':
      return html`<div class="pre">${String(value)}</div>`;
    default:
      return html`${String(value)}`;
  }
}

export function renderObject(schema: JsonSchema, value: Record<string, unknown>, only?: readonly string[]): SafeHtml {
  const keys = (only ?? Object.keys(schema.properties ?? {})).filter((k) => value?.[k] !== undefined);
  if (!keys.length) return html`<span class="empty">（未填）</span>`;
  return html`<dl class="kv">${keys.map((k) => html`<dt>${labelOf(schema.properties![k]!, k)}</dt><dd>${renderValue(schema.properties![k]!, value[k])}</dd>`)}</dl>`;
}
