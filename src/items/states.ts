/**
 * States of an item version (the workflow, Art. 9) and the item's denormalised `workflow_state`.
 * The transition table lives in src/workflow; this file only names the states.
 *
 * WARNING: persisted codes. Add states; never rename one.
 */
export const VERSION_STATES = {
  draft: '草稿',
  unit_review: '单位审核中',
  submitted: '待核验',
  returned: '已退回',
  verified: '已核验',
  scheduled: '待定时发布',
  published: '已发布',
  superseded: '历史版本',
  withdrawn: '已撤回',
} as const;
export type VersionState = keyof typeof VERSION_STATES;

/** A version's content can change only while the unit holds it. */
export const EDITABLE_STATES: readonly VersionState[] = ['draft', 'returned'];
/** States of a working (not yet public) version. */
export const WORKING_STATES: readonly VersionState[] = [
  'draft',
  'unit_review',
  'submitted',
  'returned',
  'verified',
  'scheduled',
];
