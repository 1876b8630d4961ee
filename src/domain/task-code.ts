import { describeUsccProblem } from './uscc.js';

/**
 * 实施编码 (31) = 实施主体统一社会信用代码 (18) + 行使层级代码 (1) + 基本编码 (12).
 * The layout is inferred from live codes (domain.md §2.1.2); the 基本编码 itself is opaque and assigned
 * by the upper-level catalogue, so only its character set is checked.
 */

export const CATALOG_CODE_RE = /^[0-9A-Z]{12}$/;
const TASK_CODE_RE = /^[0-9A-HJ-NPQRTUWXY]{18}[1-6][0-9A-Z]{12}$/;

export interface TaskCodeParts {
  uscc: string;
  level: string;
  catalogCode: string;
}

/**
 * A draft entered without 基本编码 or 实施编码 (a real guide that gives neither) is stored under a provisional
 * code unique to the item; it is replaced when the 基本编码 is filled in, and completeness keeps the item from
 * being submitted until then.
 */
const PROVISIONAL_PREFIX = '待赋码-';
export const provisionalTaskCode = (itemId: string) => `${PROVISIONAL_PREFIX}${itemId}`;
export const isProvisionalTaskCode = (code: string | undefined) => !!code?.startsWith(PROVISIONAL_PREFIX);

export function composeTaskCode(parts: TaskCodeParts): string {
  return parts.uscc + parts.level + parts.catalogCode;
}

export function splitTaskCode(code: string): TaskCodeParts | null {
  if (!TASK_CODE_RE.test(code)) return null;
  return { uscc: code.slice(0, 18), level: code.slice(18, 19), catalogCode: code.slice(19) };
}

/** Reasons a 实施编码 is malformed or does not belong to the given unit/catalogue entry; empty when fine. */
export function taskCodeProblems(code: string, expected?: Partial<TaskCodeParts>): string[] {
  const parts = splitTaskCode(code);
  if (!parts) return ['实施编码应为31位：统一社会信用代码(18位) + 行使层级代码(1位) + 基本编码(12位)'];
  const problems: string[] = [];
  const uscc = describeUsccProblem(parts.uscc);
  if (uscc) problems.push(`实施编码前18位「${parts.uscc}」：${uscc}`);
  if (expected?.uscc && parts.uscc !== expected.uscc) problems.push(`实施编码前18位应为实施主体的统一社会信用代码 ${expected.uscc}`);
  if (expected?.level && parts.level !== expected.level) problems.push(`实施编码第19位应为行使层级代码 ${expected.level}`);
  if (expected?.catalogCode && parts.catalogCode !== expected.catalogCode) problems.push(`实施编码后12位应为基本编码 ${expected.catalogCode}`);
  return problems;
}

/**
 * 业务办理项编码 = the parent's 实施编码 + a 2-digit sequence (domain.md §2.1.4; the demo catalogue and the
 * platform exports use this form). The next free one after those already taken (cancelled codes stay taken).
 */
export function nextHandlingCode(parentTaskCode: string, taken: readonly string[]): string {
  const used = new Set(taken);
  for (let n = 1; n < 100; n++) {
    const code = `${parentTaskCode}${String(n).padStart(2, '0')}`;
    if (!used.has(code)) return code;
  }
  throw new RangeError(`no free 业务办理项编码 under ${parentTaskCode}`);
}
