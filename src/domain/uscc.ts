/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters, the last a mod-31 check character.
 * Characters 9–17 are the 组织机构代码 (GB 11714) with its own mod-11 check character.
 */

export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export type UsccProblem = 'format' | 'check';

/** The check character for the first 17 characters: weights 3^i mod 31. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 17; i++) {
    sum += USCC_CHARS.indexOf(first17[i]!) * weight;
    weight = (weight * 3) % 31;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** The GB 11714 check character for an 8-character 组织机构代码 body. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_CHARS.indexOf(body8[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Why a code is not a valid USCC, or null when it is. */
export function usccProblem(code: string): UsccProblem | null {
  if (!USCC_RE.test(code)) return 'format';
  return usccCheckChar(code.slice(0, 17)) === code[17] ? null : 'check';
}

export const isValidUscc = (code: string) => usccProblem(code) === null;

/** Human-readable reason, for findings and 400 responses. */
export function describeUsccProblem(code: string): string | null {
  const p = usccProblem(code);
  if (p === 'format') return '统一社会信用代码应为18位，由数字和大写字母（不含I、O、S、V、Z）组成，第3–8位为行政区划码';
  if (p === 'check') return `统一社会信用代码校验位错误，应为 ${usccCheckChar(code.slice(0, 17))}（第18位）`;
  return null;
}

/** Completes a 17-character prefix with its check character (used to build demo and test data). */
export function completeUscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}
