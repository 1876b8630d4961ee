import type { FieldIssue } from '../shared/errors.js';
import { isAppError } from '../shared/errors.js';
import { html, type HtmlValue, type SafeHtml } from '../web/html.js';
import { csrfField } from './render.js';
import type { FastifyRequest } from 'fastify';

/** Helpers shared by the console's administration pages. */

/** A form value as a trimmed string ('' when absent or not a string). */
export const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** A form value that may repeat (`roles[]=a&roles[]=b`, or a single `roles=a`) as a list of strings. */
export function strList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (v && typeof v === 'object') return Object.values(v).filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' && v ? [v] : [];
}

/** The messages of an expected failure (AppError) for display; anything else is a bug and is rethrown. */
export function messagesOf(e: unknown): string[] {
  if (!isAppError(e)) throw e;
  return e.issues.length ? e.issues.map((i) => i.message) : [e.message];
}

/** An error summary at the top of a form (role=alert so screen readers announce it). */
export function errorList(messages: string[]): HtmlValue {
  return messages.length ? html`<div class="flash flash-error" role="alert"><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>` : '';
}

/** Field issues as a summary with paths, for forms whose fields are not rendered from a schema. */
export function issueList(issues: FieldIssue[], labels: Record<string, string> = {}): HtmlValue {
  return errorList(issues.map((i) => (i.path ? `${labels[i.path] ?? i.path}：${i.message}` : i.message)));
}

/** The error note under a field, and the attributes that tie the field to it. */
export function fieldError(issues: FieldIssue[], path: string): { note: HtmlValue; attrs: SafeHtml } {
  const mine = issues.filter((i) => i.path === path);
  if (!mine.length) return { note: '', attrs: html`` };
  return {
    note: html`<p class="note note-error" id="${path}-error">${mine.map((i) => i.message).join('；')}</p>`,
    attrs: html` aria-invalid="true" aria-describedby="${path}-error"`,
  };
}

/** An instant as China Standard Time, `YYYY-MM-DD HH:mm` (the audit trail stores UTC). */
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The confirmation step before a consequential action: says what will happen, and posts to `action`
 * only when the administrator presses the button. `hidden` carries values from a previous step.
 */
export function confirmForm(request: FastifyRequest, o: { title: string; explain: HtmlValue; action: string; button: string; cancelHref: string; danger?: boolean; hidden?: Record<string, string | string[]> }): SafeHtml {
  const hidden = Object.entries(o.hidden ?? {}).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [`${name}[]`, v] as const) : [[name, value] as const]));
  return html`<div class="narrow"><h1>${o.title}</h1>
    <div class="confirm">${o.explain}</div>
    <form method="post" action="${o.action}" class="stack">
      <input type="hidden" name="_csrf" value="${csrfField(request)}">
      ${hidden.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
      <p><button type="submit" class="${o.danger ? 'danger' : 'primary'}">${o.button}</button> <a href="${o.cancelHref}">取消</a></p>
    </form></div>`;
}
