import { COMMON_PASSWORDS } from './common-passwords.js';

/** Password rules per 等保 8.1.4.1 a (complexity + periodic change); values are runtime settings. */
export interface PasswordPolicy {
  minLength: number;
  /** How many of: lower, upper, digit, symbol. */
  minClasses: number;
  /** Days until a password must be changed (0 = never). */
  maxAgeDays: number;
  /** How many previous passwords may not be reused. */
  historySize: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3, maxAgeDays: 90, historySize: 5 };

/** Reasons the password is refused (empty when acceptable). Reuse is checked separately against verifiers. */
export function passwordProblems(password: string, username: string, policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  if ([...password].length < policy.minLength) problems.push(`口令长度至少 ${policy.minLength} 位`);
  if (password.length > 256) problems.push('口令长度不能超过 256 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses)
    problems.push(`口令须包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 类`);
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) problems.push('口令不能包含用户名');
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) problems.push('口令过于常见，请换一个');
  return problems;
}
