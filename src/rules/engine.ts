import type { Override } from '../domain/item-content.js';
import { duringCheck } from './check-memo.js';
import { RULES } from './index.js';
import type { CheckSubject, Finding, RuleContext } from './types.js';

/** An override needs a real reason; shorter ones are ignored so the warning stays open. */
const MIN_JUSTIFICATION_LENGTH = 4;

/**
 * Runs every rule on one item and returns its findings: errors first, then by path. Warnings the clerk kept
 * with a justification (`content.overrides`) stay in the list, marked `overridden`, so the verifier sees them;
 * errors cannot be overridden.
 *
 * @example
 *   const findings = checkItem({ granularity: 'sub', taskCode, content }, { areaCode: '0349' });
 *   if (hasBlockingErrors(findings)) throw errors.ruleViolation('事项要素有错误');
 */
export function checkItem(subject: CheckSubject, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  // Loops rather than flatMap/map: this runs for every item of a 100,000-line `shixiang check`.
  duringCheck(() => {
    for (const rule of RULES)
      for (const draft of rule.check(subject, context))
        findings.push({ rule: rule.id, severity: rule.severity, ...draft });
  });
  return sortFindings(applyOverrides(findings, subject.content.overrides ?? []));
}

function applyOverrides(findings: Finding[], overrides: readonly Override[]): Finding[] {
  const valid = overrides.filter((o) => [...o.justification.trim()].length >= MIN_JUSTIFICATION_LENGTH);
  return findings.map((finding) => {
    if (finding.severity !== 'warning') return finding;
    const override = valid.find((o) => o.rule === finding.rule && o.path === finding.path);
    if (!override) return finding;
    const { justification, by, at } = override;
    return { ...finding, overridden: { justification: justification.trim(), ...(by && { by }), ...(at && { at }) } };
  });
}

/** Errors first, then by path in document order, then by rule; each finding's sort key is built once. */
function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((finding) => ({ finding, path: pathKey(finding.path) }))
    .sort((a, b) => compareFindings(a.finding, a.path, b.finding, b.path))
    .map(({ finding }) => finding);
}

/** A dotted path split into its segments, numeric ones as numbers: `materials.2` sorts before `materials.10`. */
function pathKey(path: string): Array<string | number> {
  return path.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function compareFindings(a: Finding, aPath: Array<string | number>, b: Finding, bPath: Array<string | number>): number {
  if (a.severity !== b.severity) return a.severity === 'error' ? -1 : 1;
  return comparePaths(aPath, bPath) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

function comparePaths(left: Array<string | number>, right: Array<string | number>): number {
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const [x, y] = [left[i]!, right[i]!];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return left.length - right.length;
}

export interface FindingSummary {
  /** Errors (never overridden). */
  errors: number;
  /** Warnings still open. */
  warnings: number;
  /** Warnings kept with a justification. */
  overridden: number;
}

/** Counts for badges and reports: open errors, open warnings, overridden warnings. */
export function summarize(findings: readonly Finding[]): FindingSummary {
  return {
    errors: findings.filter((f) => f.severity === 'error' && !f.overridden).length,
    warnings: findings.filter((f) => f.severity === 'warning' && !f.overridden).length,
    overridden: findings.filter((f) => f.overridden).length,
  };
}

/** True when the item may not be submitted or published: any error-severity finding. */
export function hasBlockingErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error' && !f.overridden);
}
