import type { FieldIssue } from '../shared/errors.js';
import { isAppError } from '../shared/errors.js';
import { html, type HtmlValue, type SafeHtml } from '../web/html.js';
import { csrfField } from './render.js';
import { chinaDateTime } from '../shared/clock.js';
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

/**
 * The messages of an expected failure (AppError) for display; anything else is a bug and is rethrown.
 * The API's `e.message` prefixes each issue with its field path (`comment: …`), which means nothing to a
 * clerk, so the console shows the issue messages, prefixed only by a Chinese label when the page knows one.
 */
export function messagesOf(e: unknown, labels: Record<string, string> = {}): string[] {
  if (!isAppError(e)) throw e;
  return e.issues.length ? issueMessages(e.issues, labels) : [e.message];
}

/**
 * Field issues as messages for people: a known label in front, never the raw path. Without a label, a
 * row of a list (`articles.3.number`) is still located by its position, which the message alone loses.
 */
export function issueMessages(issues: FieldIssue[], labels: Record<string, string> = {}): string[] {
  return issues.map((i) => {
    const label = labels[i.path];
    if (label) return i.message.includes(label) ? i.message : `${label}：${i.message}`;
    const row = i.path
      .split('.')
      .filter((s) => /^\d+$/.test(s))
      .pop();
    return row === undefined ? i.message : `第 ${Number(row) + 1} 项：${i.message}`;
  });
}

/** An error summary at the top of a form (role=alert so screen readers announce it). */
export function errorList(messages: string[]): HtmlValue {
  return messages.length
    ? html`<div class="flash flash-error" role="alert"><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>`
    : '';
}

/**
 * Problems in a document the user wrote (an uploaded catalogue file, a pasted holiday notice): the message leads,
 * and the path follows as the place in that document to look (`entries.0.type`, `B3`), since the user wrote
 * those keys, unlike a form's field keys. Fields the page itself asked for are named by their labels.
 */
export function locatedIssueMessages(issues: FieldIssue[], labels: Record<string, string> = {}): string[] {
  return issues.map((i) =>
    !i.path ? i.message : labels[i.path] ? issueMessages([i], labels)[0]! : `${i.message}（位置：${i.path}）`,
  );
}

/** A JSON.parse failure in Chinese, with the line and column when the engine says where (its text is English). */
export function jsonSyntaxMessage(text: string, error: unknown): string {
  const at = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!at) return '不是有效的 JSON：请检查括号、引号和逗号';
  const before = text.slice(0, Number(at[1])).split('\n');
  return `不是有效的 JSON：第 ${before.length} 行第 ${before[before.length - 1]!.length + 1} 个字符附近有语法错误（检查引号、逗号和括号）`;
}

/** Field issues as a summary with their fields' labels, for forms whose fields are not rendered from a schema. */
export function issueList(issues: FieldIssue[], labels: Record<string, string> = {}): HtmlValue {
  return errorList(issueMessages(issues, labels));
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
  return chinaDateTime(d).slice(0, 16);
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/**
 * A `datetime-local` value (`2026-12-01T08:00`, with or without seconds) read as China Standard Time, as an
 * ISO instant; null when it is not one. Browsers send seconds when the user typed them, and a hand-made
 * post can send anything, so the shape is checked here and impossible dates (02-30, 24:00) are refused
 * instead of being rolled over by `Date`.
 */
export function chinaLocalToIso(value: string): string | null {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(utc);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    back.getUTCHours() !== hour ||
    back.getUTCMinutes() !== minute ||
    back.getUTCSeconds() !== second
  )
    return null;
  return new Date(utc - 8 * 3600_000).toISOString();
}

/**
 * The confirmation step before a consequential action: says what will happen, and posts to `action`
 * only when the administrator presses the button. `hidden` carries values from a previous step.
 */
export function confirmForm(
  request: FastifyRequest,
  o: {
    title: string;
    explain: HtmlValue;
    action: string;
    button: string;
    cancelHref: string;
    danger?: boolean;
    hidden?: Record<string, string | string[]>;
  },
): SafeHtml {
  const hidden = Object.entries(o.hidden ?? {}).flatMap(([name, value]) =>
    Array.isArray(value) ? value.map((v) => [`${name}[]`, v] as const) : [[name, value] as const],
  );
  return html`<div class="narrow"><h1>${o.title}</h1>
    <div class="confirm">${o.explain}</div>
    <form method="post" action="${o.action}" class="stack">
      <input type="hidden" name="_csrf" value="${csrfField(request)}">
      ${hidden.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
      <p><button type="submit" class="${o.danger ? 'danger' : 'primary'}">${o.button}</button> <a href="${o.cancelHref}">取消</a></p>
    </form></div>`;
}
