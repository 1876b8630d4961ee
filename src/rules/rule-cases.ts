import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ItemType } from '../domain/enums.js';
import { checkItem } from './engine.js';
import { cleanItem, FIXTURE_CONTEXT, type CleanSubject } from './fixtures.js';
import type { CheckSubject, Rule, RuleContext } from './types.js';

/**
 * Table-driven rule tests. Each case patches a clean fixture and lists every open finding it expects as
 * `[rule, path]`, so a case also proves that no other rule fires. A case whose `expect` lacks its `rule`
 * is a passing case for that rule.
 */
export interface RuleCase {
  /** The rule under test. */
  rule: string;
  name: string;
  /** Clean fixture to start from; default 01 行政许可. */
  type?: ItemType;
  patch?: (subject: CleanSubject, context: RuleContext) => void;
  expect: Array<[rule: string, path: string]>;
  /** Must match the message of some finding of `rule` (e.g. that it names the fix). */
  message?: RegExp;
}

/** Runs `cases` and checks that each of `rules` (one rules file) has a failing and a passing case. */
export function runRuleCases(rules: readonly Rule[], cases: RuleCase[]): void {
  describe(rules.map((r) => r.id).join(', '), () => {
    for (const c of cases) {
      it(`${c.rule}: ${c.name}`, () => {
        const subject = cleanItem(c.type ?? '01');
        const context: RuleContext = { ...FIXTURE_CONTEXT };
        c.patch?.(subject, context);
        const findings = checkItem(subject, context).filter((f) => !f.overridden);
        const actual = findings.map((f) => [f.rule, f.path]);
        assert.deepEqual(
          actual.sort(byJson),
          [...c.expect].sort(byJson),
          findings.map((f) => `${f.rule} ${f.path} ${f.message}`).join('\n'),
        );
        if (c.message) {
          const messages = findings.filter((f) => f.rule === c.rule).map((f) => f.message);
          assert.ok(
            messages.some((m) => c.message!.test(m)),
            `no message of ${c.rule} matches ${c.message}: ${messages.join(' | ')}`,
          );
        }
      });
    }
    it('every rule has a failing and a passing case', () => {
      for (const rule of rules) {
        const mine = cases.filter((c) => c.rule === rule.id);
        assert.ok(
          mine.some((c) => c.expect.some(([id]) => id === rule.id)),
          `${rule.id} has no failing case`,
        );
        assert.ok(
          mine.some((c) => !c.expect.some(([id]) => id === rule.id)),
          `${rule.id} has no passing case`,
        );
      }
      for (const c of cases)
        assert.ok(
          rules.some((r) => r.id === c.rule),
          `case "${c.name}" names a rule of another file: ${c.rule}`,
        );
    });
  });
}

function byJson(a: unknown, b: unknown): number {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Turns a fixture into a 子项 with children that carries only the basic elements (details live below). */
export function asParentWithoutDetails(subject: CheckSubject): void {
  const { name, catalogCode, type, setBasis, useLevels } = subject.content;
  subject.granularity = 'sub';
  delete subject.handlingCode;
  subject.childCount = 2;
  subject.content = { name, catalogCode, type, setBasis, useLevels };
}
