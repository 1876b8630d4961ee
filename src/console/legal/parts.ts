import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Actor } from '../../auth/actor.js';
import { can, type Action } from '../../auth/policy.js';
import type { UseCaseContext } from '../../app/use-case.js';
import { citableDocuments } from '../../legal/legal.service.js';
import { isAppError } from '../../shared/errors.js';
import { html, type HtmlValue, type SafeHtml } from '../../web/html.js';
import { csrfField } from '../render.js';
import { issueMessages } from '../common.js';

/** Small building blocks shared by the legal, obligation, catalogue and consistency pages. */

export const Form = Type.Record(Type.String(), Type.Unknown());
export const IdParam = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
/** A form value that may come as one string or a list (checkbox groups, `name[]`). */
export const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v])
    .map(String)
    .map((s) => s.trim())
    .filter(Boolean);
export const opt = (v: unknown) => str(v) || undefined;

interface Tab {
  href: string;
  label: string;
  action: Action;
}

export function tabs(label: string, all: Tab[], actor: Actor, current: string): SafeHtml {
  const shown = all.filter((t) => can(actor, t.action));
  return html`<nav class="sub-nav" aria-label="${label}"><ul>${shown.map((t) => html`<li><a href="${t.href}"${t.href === current ? html` aria-current="page"` : ''}>${t.label}</a></li>`)}</ul></nav>`;
}

export const legalTabs = (actor: Actor, current: string) =>
  tabs(
    '法律依据',
    [
      { href: '/console/legal', label: '法律文件', action: 'legal.read' },
      { href: '/console/legal/events', label: '法律事件', action: 'legal.read' },
      { href: '/console/directives', label: '上级决定', action: 'legal.read' },
    ],
    actor,
    current,
  );

export const catalogueTabs = (actor: Actor, current: string) =>
  tabs(
    '基本目录',
    [
      { href: '/console/catalogue', label: '目录条目', action: 'catalogue.read' },
      { href: '/console/catalogue/versions', label: '目录版本', action: 'catalogue.read' },
      { href: '/console/catalogue/claims', label: '认领事项', action: 'catalogue.read' },
      { href: '/console/catalogue/coverage', label: '应认尽认', action: 'catalogue.read' },
      { href: '/console/catalogue/divergences', label: '调整建议', action: 'catalogue.read' },
    ],
    actor,
    current,
  );

/**
 * Error messages of a failed use case for a form page; anything that is not a user error is rethrown.
 * Issues show their message (with the field's label when the page gives one), never the raw field path.
 */
export function formErrors(e: unknown, labels: Record<string, string> = {}): string[] {
  if (!isAppError(e) || e.status >= 500 || e.code === 'FORBIDDEN' || e.code === 'UNAUTHENTICATED') throw e;
  return e.issues.length ? issueMessages(e.issues, labels) : [e.message];
}

export const errorBox = (messages: string[]): HtmlValue =>
  messages.length
    ? html`<div class="flash flash-error" role="alert"><p>未保存，请修正：</p><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>`
    : '';

/** A POST form with the CSRF field and one submit button (actions on a detail page). */
export function actionForm(
  request: FastifyRequest,
  action: string,
  button: string,
  fields: HtmlValue = '',
  o: { primary?: boolean; danger?: boolean } = {},
): SafeHtml {
  return html`<form method="post" action="${action}" class="stack inline-form"><input type="hidden" name="_csrf" value="${csrfField(request)}">${fields}
    <button type="submit"${o.primary ? html` class="primary"` : o.danger ? html` class="danger"` : ''}>${button}</button></form>`;
}

/** Hidden inputs carrying a flat form through a preview page to its confirmation. */
export function hiddenFields(values: Record<string, string | string[] | undefined>): SafeHtml {
  return html`${Object.entries(values).flatMap(([name, v]) => (Array.isArray(v) ? v.map((x) => html`<input type="hidden" name="${name}[]" value="${x}">`) : v ? [html`<input type="hidden" name="${name}" value="${v}">`] : []))}`;
}

export function pager(
  base: string,
  params: Record<string, string | undefined>,
  page: number,
  pageSize: number,
  total: number,
): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (p: number) =>
    `${base}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([, v]) => v)), page: String(p) })}`;
  return html`<nav class="pager" aria-label="分页">${page > 1 ? html`<a href="${link(page - 1)}" rel="prev">上一页</a>` : ''}<span>第 ${page} / ${pages} 页，共 ${total} 条</span>${page < pages ? html`<a href="${link(page + 1)}" rel="next">下一页</a>` : ''}</nav>`;
}

export const select = (
  id: string,
  label: string,
  options: ReadonlyArray<readonly [string, string]>,
  current?: string,
  o: { blank?: string; required?: boolean } = {},
) =>
  html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${id}"${o.required ? html` required` : ''}>${o.blank !== undefined ? html`<option value="">${o.blank}</option>` : ''}${options.map(([v, t]) => html`<option value="${v}"${v === current ? html` selected` : ''}>${t}</option>`)}</select></div>`;

/** `name` defaults to `id`; give both when two forms on one page post the same field (ids must stay unique). */
export const input = (
  id: string,
  label: string,
  value = '',
  o: { type?: string; required?: boolean; help?: string; maxlength?: number; list?: string; name?: string } = {},
) =>
  html`<div class="field"><label for="${id}">${label}</label><input id="${id}" name="${o.name ?? id}" type="${o.type ?? 'text'}" value="${value}"${o.required ? html` required` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.list ? html` list="${o.list}"` : ''}${o.help ? html` aria-describedby="${id}-help"` : ''}>${o.help ? html`<small class="help" id="${id}-help">${o.help}</small>` : ''}</div>`;

export const textarea = (
  id: string,
  label: string,
  value = '',
  o: { rows?: number; required?: boolean; help?: string; name?: string } = {},
) =>
  html`<div class="field"><label for="${id}">${label}</label><textarea id="${id}" name="${o.name ?? id}" rows="${o.rows ?? 3}"${o.required ? html` required` : ''}${o.help ? html` aria-describedby="${id}-help"` : ''}>${value}</textarea>${o.help ? html`<small class="help" id="${id}-help">${o.help}</small>` : ''}</div>`;

/** Checkboxes for a set of units (legal events naming units, delegations). */
export const unitChecks = (
  name: string,
  legend: string,
  units: Array<{ id: string; name: string }>,
  checked: readonly string[],
) =>
  html`<fieldset class="field codeset"><legend>${legend}</legend>${units.map((u) => html`<label class="check"><input type="checkbox" name="${name}[]" value="${u.id}"${checked.includes(u.id) ? html` checked` : ''}> ${u.name}</label>`)}</fieldset>`;

export const badge = (kind: string, text: string) => html`<span class="badge badge-${kind}">${text}</span>`;

/** The id of the page's legal-document datalist (`legalDocumentChoices`). */
export const LEGAL_DOCS_LIST = 'legal-docs';

/**
 * Most documents a picker lists. A district register holds a few hundred; a province's larger register
 * gets its first 2,000 by title here, and any document can still be cited by its number.
 */
const PICKER_LIMIT = 2000;

/** Lets a text field holding a document id be filled by typing the document's title or 文号. */
export async function legalDocumentChoices(uc: UseCaseContext): Promise<SafeHtml> {
  const docs = await citableDocuments(uc, PICKER_LIMIT);
  return html`<datalist id="${LEGAL_DOCS_LIST}">${docs.map((d) => html`<option value="${d.id}">${d.title}${d.doc_no ? `（${d.doc_no}）` : ''}${d.status === 'amended' ? '（已修订）' : ''}</option>`)}</datalist>`;
}
