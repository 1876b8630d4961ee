/**
 * Rules for text that people type, applied once to every request (`http/validation.ts`): text is stored
 * NFC-normalised, and characters that only ever serve to hide or disguise content are refused, so that
 * what a reviewer reads on a page is what is stored, exported and published.
 */

export type TextProblem = 'encoding' | 'control' | 'line_break' | 'bidi';

export const TEXT_PROBLEM_MESSAGES: Record<TextProblem, string> = {
  encoding: '包含无效的字符编码（不完整的 UTF-8 或 UTF-16 字符）',
  control: '不能包含控制字符（如空字符、响铃、退出符）',
  line_break: '不能包含换行符或制表符（该项只能填写一行）',
  bidi: '不能包含改变文字方向的控制字符（U+202A–U+202E、U+2066–U+2069）',
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls other than tab, line feed and carriage return; DEL; C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
// Embeddings, overrides and isolates: they reorder what is displayed (the "Trojan Source" trick).
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * What is wrong with `text`, or null. U+FFFD counts as an encoding problem: it is what invalid UTF-8 in a
 * body or form becomes when decoded, and no one types it on purpose.
 */
export function textProblem(text: string, multiLine: boolean): TextProblem | null {
  if (LONE_SURROGATE.test(text) || text.includes('\uFFFD')) return 'encoding';
  if (CONTROL.test(text)) return 'control';
  if (BIDI.test(text)) return 'bidi';
  if (!multiLine && LINE_BREAK.test(text)) return 'line_break';
  return null;
}

// Format characters (zero-width space and joiners, word joiner, BOM, soft hyphen…), controls, separators and
// white space, variation selectors and the Hangul fillers that render as blank.
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Z}\s\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u115F\u1160\u3164\uFFA0]/u;

/** The number of characters a reader actually sees: the measure of every minimum-length rule. */
export function visibleLength(text: string): number {
  let n = 0;
  for (const ch of text) if (!INVISIBLE.test(ch)) n++;
  return n;
}
