import { describeUsccProblem } from './uscc.js';

/**
 * 实施编码 = 实施主体统一社会信用代码 (18) + 行使层级代码 (1) + 基本编码 (12 nationally).
 * The layout is inferred from live codes (domain.md §2.1.2); the 基本编码 itself is opaque and assigned
 * by the upper-level catalogue, so only its character set and length are checked.
 *
 * Some provinces assign longer 基本编码 of their own (e.g. Sichuan's 14 characters, domain.md §2.1.5). A
 * deployment lists the lengths its province uses in CATALOG_CODE_LENGTHS (12 always among them); the schema
 * takes any length up to the longest a 实施编码 can hold, and the rules and use cases hold a code to the list.
 */

export const NATIONAL_CATALOG_CODE_LENGTH = 12;
/** The longest 基本编码 whose 实施编码 (19 + its length) still fits the national 36-character task_code column. */
export const MAX_CATALOG_CODE_LENGTH = 17;
/** The national 12-character form. */
export const CATALOG_CODE_RE = /^[0-9A-Z]{12}$/;
/** Any 基本编码 a deployment may enable: the schema's check; the deployment's lengths are checked with `isCatalogCode`. */
export const CATALOG_CODE_SHAPE_RE = /^[0-9A-Z]{12,17}$/;
const TASK_CODE_RE = /^([0-9A-HJ-NPQRTUWXY]{18})([1-6])([0-9A-Z]{12,17})$/;
const NATIONAL_ONLY: readonly number[] = [NATIONAL_CATALOG_CODE_LENGTH];

export const isCatalogCode = (code: string, lengths: readonly number[] = NATIONAL_ONLY): boolean =>
  CATALOG_CODE_SHAPE_RE.test(code) && lengths.includes(code.length);

/** Why `code` is not a 基本编码 of this deployment (CATALOG_CODE_LENGTHS), or null when it is one. */
export function catalogCodeProblem(code: string, lengths: readonly number[] = NATIONAL_ONLY): string | null {
  return isCatalogCode(code, lengths)
    ? null
    : `基本编码「${code}」（${code.length}位）格式不正确：本部署的基本编码为${catalogCodeLengthsText(lengths)}数字或大写字母`;
}

/** "12位" or "12位或14位", for messages. */
export const catalogCodeLengthsText = (lengths: readonly number[] = NATIONAL_ONLY): string =>
  [...lengths]
    .sort((a, b) => a - b)
    .map((n) => `${n}位`)
    .join('或');

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

export function splitTaskCode(code: string, lengths: readonly number[] = NATIONAL_ONLY): TaskCodeParts | null {
  const m = TASK_CODE_RE.exec(code);
  if (!m || !lengths.includes(m[3]!.length)) return null;
  return { uscc: m[1]!, level: m[2]!, catalogCode: m[3]! };
}

/** Reasons a 实施编码 is malformed or does not belong to the given unit/catalogue entry; empty when fine. */
export function taskCodeProblems(
  code: string,
  expected?: Partial<TaskCodeParts>,
  lengths: readonly number[] = NATIONAL_ONLY,
): string[] {
  const parts = splitTaskCode(code, lengths);
  if (!parts)
    return [
      `实施编码应为${[...lengths]
        .sort((a, b) => a - b)
        .map((n) => `${19 + n}位`)
        .join('或')}：统一社会信用代码(18位) + 行使层级代码(1位) + 基本编码(${catalogCodeLengthsText(lengths)})`,
    ];
  const problems: string[] = [];
  const uscc = describeUsccProblem(parts.uscc);
  if (uscc) problems.push(`实施编码前18位「${parts.uscc}」：${uscc}`);
  if (expected?.uscc && parts.uscc !== expected.uscc)
    problems.push(`实施编码前18位应为实施主体的统一社会信用代码 ${expected.uscc}`);
  if (expected?.level && parts.level !== expected.level)
    problems.push(`实施编码第19位应为行使层级代码 ${expected.level}`);
  if (expected?.catalogCode && parts.catalogCode !== expected.catalogCode)
    problems.push(`实施编码后${parts.catalogCode.length}位应为基本编码 ${expected.catalogCode}`);
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
