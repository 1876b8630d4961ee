import type { Action } from '../auth/policy.js';
import { codesOf } from '../domain/enums.js';
import type { VersionState } from '../items/states.js';

/**
 * The workflow, declared once (Art. 9): 草稿 → (单位审核, when the unit enabled it) → 待核验 → 已核验 → 已发布,
 * with 退回 (comments required) back to the unit. Services never compare states themselves: they ask
 * `transitionFor` and put `from` into the UPDATE's WHERE clause, so two racing requests cannot both pass.
 */
export const TRANSITIONS = {
  submit: { from: ['draft', 'returned'], to: 'submitted', action: 'item.submit', label: '提交核验' },
  submit_to_unit: { from: ['draft', 'returned'], to: 'unit_review', action: 'item.submit', label: '提交单位审核' },
  unit_approve: { from: ['unit_review'], to: 'submitted', action: 'item.unit_review', label: '单位审核通过' },
  unit_return: { from: ['unit_review'], to: 'returned', action: 'item.unit_review', label: '单位审核退回' },
  withdraw: { from: ['unit_review', 'submitted'], to: 'draft', action: 'item.submit', label: '撤回' },
  verify: { from: ['submitted'], to: 'verified', action: 'item.verify', label: '核验通过' },
  return: { from: ['submitted', 'verified'], to: 'returned', action: 'item.verify', label: '退回' },
  publish: { from: ['verified'], to: 'published', action: 'item.publish', label: '发布' },
  schedule: { from: ['verified'], to: 'scheduled', action: 'item.publish', label: '定时发布' },
  unschedule: { from: ['scheduled'], to: 'verified', action: 'item.publish', label: '取消定时' },
  publish_scheduled: { from: ['scheduled'], to: 'published', action: 'item.publish', label: '定时发布生效' },
} as const satisfies Record<string, { from: readonly VersionState[]; to: VersionState; action: Action; label: string }>;

export type TransitionName = keyof typeof TRANSITIONS;

/** Transitions whose comment is mandatory (退回 must say why). */
export const COMMENT_REQUIRED: readonly TransitionName[] = ['unit_return', 'return'];

export function transitionFor(name: TransitionName) {
  return TRANSITIONS[name];
}

/** Transitions available from a state (for rendering only the allowed buttons). */
export function transitionsFrom(state: string): TransitionName[] {
  return codesOf(TRANSITIONS).filter((n) => TRANSITIONS[n].from.some((s) => s === state));
}

/**
 * The step a comment was written at. Only the comments of a return (`unit_review`, `verification`) are
 * 退回意见 the clerk has to act on; a clerk's note on submission or a reviewer's note on approval is stored
 * under its own stage so it is never shown back to the clerk as a reason for a later return.
 */
export function commentStage(name: TransitionName): string {
  switch (name) {
    case 'unit_return':
      return 'unit_review';
    case 'return':
      return 'verification';
    case 'unit_approve':
      return 'unit_approval';
    case 'verify':
      return 'verification_approval';
    case 'submit':
    case 'submit_to_unit':
      return 'submission';
    default:
      return name;
  }
}

/** Comment stages that are 退回意见 (see `commentStage`). */
export const RETURN_COMMENT_STAGES = ['unit_review', 'verification'] as const;
