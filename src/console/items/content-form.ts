import { ItemContent } from '../../domain/item-content.js';
import type { ItemType } from '../../domain/enums.js';
import type { Finding } from '../../rules/types.js';
import { html, type SafeHtml } from '../../web/html.js';
import { renderFields, fieldId, type FieldNote, type FormState } from '../../web/form/render.js';
import type { JsonSchema } from '../../web/form/schema.js';
import { renderObject } from '../../web/form/view.js';
import { ITEM_SECTIONS, sectionKeys } from './sections.js';

export const CONTENT_SCHEMA = ItemContent as unknown as JsonSchema;

/** Findings and validation issues keyed by the field path they concern; unknown paths fall back to their nearest parent. */
export function notesByPath(
  findings: Finding[],
  issues: Array<{ path: string; message: string }> = [],
): Map<string, FieldNote[]> {
  const notes = new Map<string, FieldNote[]>();
  const add = (path: string, note: FieldNote) => notes.set(path, [...(notes.get(path) ?? []), note]);
  for (const i of issues) add(i.path, { severity: 'error', message: i.message });
  for (const f of findings) {
    if (f.overridden) continue;
    add(f.path, { severity: f.severity, message: f.message, rule: f.rule });
  }
  return notes;
}

/** The full element form, section by section, with a table of contents. */
export function contentForm(content: Partial<Record<string, unknown>>, state: FormState): SafeHtml {
  const type = content.type as ItemType | undefined;
  return html`<nav class="toc" aria-label="要素分组"><ul>${ITEM_SECTIONS.filter((s) => sectionKeys(s.id, type).length).map((s) => html`<li><a href="#s-${s.id}">${s.title}</a></li>`)}</ul></nav>
  ${ITEM_SECTIONS.map((s) => {
    const keys = sectionKeys(s.id, type);
    return keys.length
      ? html`<section class="form-section" id="s-${s.id}"><h2>${s.title}</h2>${renderFields(CONTENT_SCHEMA, ['content'], content, state, keys)}</section>`
      : '';
  })}`;
}

/** The same grouping, read-only (detail page, review before approval). */
export function contentView(content: Record<string, unknown>): SafeHtml {
  const type = content.type as ItemType | undefined;
  return html`${ITEM_SECTIONS.map((s) => {
    const keys = sectionKeys(s.id, type);
    return keys.length
      ? html`<section class="view-section" id="s-${s.id}"><h2>${s.title}</h2>${renderObject(CONTENT_SCHEMA, content, keys)}</section>`
      : '';
  })}`;
}

/** Every finding as a list linking to its field; warnings can be kept with a justification. */
export function findingsPanel(findings: Finding[], opts: { overridable?: boolean } = {}): SafeHtml {
  if (!findings.length)
    return html`<section class="findings ok" aria-label="检查结果"><h2>检查结果</h2><p>未发现问题。</p></section>`;
  const anchor = (path: string) => `#${fieldId(path.split('.'))}`;
  return html`<section class="findings" aria-label="检查结果"><h2>检查结果</h2><ul>
    ${findings.map(
      (f) => html`<li class="finding finding-${f.overridden ? 'overridden' : f.severity}">
      <span class="sev">${f.overridden ? '已说明' : f.severity === 'error' ? '错误' : '警告'}</span>
      <a href="${anchor(f.path)}">${f.message}</a> <code>${f.rule}</code>
      ${f.overridden ? html`<div class="justification">理由：${f.overridden.justification}</div>` : ''}
      ${opts.overridable && f.severity === 'warning' && !f.overridden ? html`<div class="override"><label>保留此项的理由（将记录在案）<input name="override[${f.rule}@${f.path}]" maxlength="1000"></label></div>` : ''}
    </li>`,
    )}
  </ul></section>`;
}
