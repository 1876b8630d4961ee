// Kinds of unit reorganisation (Art. 18(三)), shared by the table type, the use case and the pages.
export const REORGANISATION_KINDS = {
  rename: '单位更名',
  merge: '单位合并',
  split: '单位拆分',
  transfer: '事项划转',
} as const;
export type ReorganisationKind = keyof typeof REORGANISATION_KINDS;
