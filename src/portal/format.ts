import { TIME_UNITS, label, type Enum } from '../domain/enums.js';
import type { TimeLimit } from '../domain/item-content.js';
import { chinaDate } from '../shared/clock.js';
import { html, type HtmlValue, type SafeHtml } from '../web/html.js';

/** Display helpers of the portal. Every value is escaped by `html`; nothing here builds markup from text. */

/** China Standard Time date of an instant: 2026年3月2日. */
export function chinaDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** Machine-readable date for `<time datetime>`. */
export const isoDay = (iso: string) => chinaDate(new Date(iso));

export const time = (iso: string | null | undefined) =>
  iso ? html`<time datetime="${isoDay(iso)}">${chinaDay(iso)}</time>` : '—';

/** 20个工作日 / 即时办结, with the note. */
export function timeLimitText(t: TimeLimit | undefined): string {
  if (!t) return '';
  // The published wording first (「一个月」, 「20」): the public sees what the guide says.
  const text =
    t.text ??
    (t.unit === '4'
      ? '即时办结'
      : t.unit && t.value !== undefined
        ? `${t.value}${t.unit === '1' ? '个工作日' : t.unit === '2' ? '个自然日' : label(TIME_UNITS, t.unit)}`
        : '');
  return t.note ? `${text}（${t.note}）` : text;
}

export const yesNo = (b: boolean | undefined) => (b === undefined ? '' : b ? '是' : '否');

/** Labels of a set of codes, joined with 、. */
export const labels = (e: Enum, codes: readonly string[] | undefined) =>
  (codes ?? []).map((c) => label(e, c)).join('、');

/** Multi-line text as a paragraph that keeps its line breaks (CSS pre-line), escaped. */
export const prose = (text: string | undefined | null): HtmlValue => (text ? html`<p class="prose">${text}</p>` : '');

/** A link only for http(s) URLs (IN-03: no javascript:, data: …); anything else is shown as text. */
export function extLink(url: string | undefined | null, text?: string): HtmlValue {
  if (!url) return '';
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s<>"]+$/i.test(trimmed)) return text ?? trimmed;
  return html`<a href="${trimmed}" rel="noopener noreferrer">${text ?? trimmed}</a>`;
}

/** Definition rows, skipping empty values. */
export function facts(rows: Array<[string, HtmlValue]>): SafeHtml | '' {
  const shown = rows.filter(([, v]) => v !== '' && v !== undefined && v !== null && !(Array.isArray(v) && !v.length));
  if (!shown.length) return '';
  return html`<dl class="facts">${shown.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

/**
 * Free text (a reason typed by staff) as a sentence: 。 added unless it already ends with sentence-final
 * punctuation, so a template's own 。 never doubles the staff member's (…登记时间。。).
 */
export const sentence = (text: string): string => {
  const t = text.trim().replace(/[，,、；;：:\s]+$/u, '');
  return /[。！？!?.…]$/u.test(t) ? t : `${t}。`;
};
