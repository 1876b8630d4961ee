/**
 * Server-side HTML with escaping by default: every interpolated value is escaped unless it is already
 * `SafeHtml` (the result of another `html` template or of `raw`). Arrays are concatenated; null, undefined
 * and false render as nothing. This is the only way the app produces markup (IN-03: stored XSS).
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks trusted markup (never pass user input). */
export const raw = (markup: string) => new SafeHtml(markup);

/** Only http(s) and mailto links reach an href; anything else (javascript:, data:) becomes inert. */
export function safeHref(url: string | null | undefined): string {
  if (!url) return '#';
  return /^(https?:\/\/|mailto:|\/(?!\/))/i.test(url.trim()) ? url.trim() : '#';
}
