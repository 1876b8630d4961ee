import type { Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/database.js';
import { findUnit } from '../../units/unit.repository.js';
import { can } from '../../auth/policy.js';
import { EDITABLE_STATES } from '../../items/states.js';
import type { ItemDetail } from '../../items/item.queries.js';
import { TRANSITIONS, transitionsFrom, type TransitionName } from '../../workflow/state-machine.js';

/** URL segment of each transition the console offers (internal ones like publish_scheduled are not offered). */
export const ACT_SEGMENTS: Partial<Record<TransitionName, string>> = {
  submit: 'submit',
  withdraw: 'withdraw',
  unit_approve: 'unit-approve',
  unit_return: 'unit-return',
  verify: 'verify',
  return: 'return',
  publish: 'publish',
  schedule: 'schedule',
  unschedule: 'unschedule',
};

export interface ItemAction {
  label: string;
  href: string;
  primary?: boolean;
}

/**
 * What 提交 does for this unit: where the unit has 单位审核 on, `submit` goes to the 单位负责人 first
 * (`submit_to_unit`), so the button must not promise 核验.
 */
export function submitLabel(unitReview: boolean): string {
  return unitReview ? TRANSITIONS.submit_to_unit.label : TRANSITIONS.submit.label;
}

/** Whether the unit has 单位审核 on (its clerks' submissions go to the 单位负责人 first). */
export async function unitReviewOn(db: Executor, unitId: string): Promise<boolean> {
  return (await findUnit(db, unitId))?.unit_review_enabled === 1;
}

/** The buttons an actor sees on an item: only what the policy and the item's state allow. */
export function itemActions(d: ItemDetail, actor: Actor, unitReview = false): ItemAction[] {
  const actions: ItemAction[] = [];
  const base = `/console/items/${d.item.id}`;
  const working = d.item.draft_version_id ? d.current : null;
  if (d.item.life_state === 'cancelled') return actions;
  if (working && EDITABLE_STATES.includes(working.state) && can(actor, 'item.update'))
    actions.push({ label: '编辑', href: `${base}/edit`, primary: true });
  if (working) {
    for (const name of transitionsFrom(working.state)) {
      const segment = ACT_SEGMENTS[name];
      if (!segment || name === 'submit_to_unit') continue;
      if (can(actor, TRANSITIONS[name].action))
        actions.push({
          label: name === 'submit' ? submitLabel(unitReview) : TRANSITIONS[name].label,
          href: `${base}/act/${segment}`,
        });
    }
  }
  if (!working && d.item.published_version_id && can(actor, 'change.create')) {
    actions.push({ label: '发起变更', href: `/console/changes/new?itemId=${d.item.id}&kind=change` });
    actions.push({ label: '发起取消', href: `/console/changes/new?itemId=${d.item.id}&kind=cancel` });
    actions.push({ label: '发起合并', href: `/console/changes/new?itemId=${d.item.id}&kind=merge` });
    actions.push({ label: '发起拆分', href: `/console/changes/new?itemId=${d.item.id}&kind=split` });
  }
  if (d.item.published_version_id && can(actor, 'item.life')) {
    if (d.item.life_state === 'active') actions.push({ label: '暂停', href: `${base}/act/suspend` });
    if (d.item.life_state === 'suspended') actions.push({ label: '恢复', href: `${base}/act/resume` });
  }
  return actions;
}
