import { CODE_RULES } from './codes.js';
import { COMPLETENESS_RULES } from './completeness.js';
import { GUIDE_CONSISTENCY_RULES } from './consistency-guide.js';
import { CONSISTENCY_RULES } from './consistency.js';
import { GRANULARITY_RULES } from './granularity.js';
import { GUIDE_RULES } from './guide.js';
import { LEGAL_RULES } from './legal.js';
import type { Rule, RuleCategory } from './types.js';

/** Every rule `checkItem` runs, in the order docs/rules.md lists them. Ids are stable: add, never rename. */
export const RULES: readonly Rule[] = [
  ...COMPLETENESS_RULES,
  ...GRANULARITY_RULES,
  ...CONSISTENCY_RULES,
  ...GUIDE_CONSISTENCY_RULES,
  ...GUIDE_RULES,
  ...CODE_RULES,
  ...LEGAL_RULES,
];

/** Category headings for docs and reports, with the requirement each category implements. */
export const CATEGORIES: Readonly<Record<RuleCategory, { title: string; source: string }>> = {
  completeness: { title: '要素完备化', source: '第七条；domain.md §3.3' },
  granularity: { title: '要素最小颗粒化', source: '第七条；domain.md §3.1' },
  consistency: { title: '要素一致性', source: 'domain.md §3.5' },
  guide: { title: '办事指南精准化', source: '第七条；domain.md §3.6' },
  code: { title: '编码', source: 'domain.md §2.1、§2.5' },
  legal: { title: '法律依据与基本目录', source: '第八条、第十六条、第十八条' },
};
