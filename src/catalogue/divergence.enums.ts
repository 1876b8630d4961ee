import { INHERITED_FIELDS } from './inheritance.js';

// Vocabulary of divergence requests, shared by the table type, the use case and the pages.
export const DIVERGENCE_FIELDS = {
  name: INHERITED_FIELDS.name,
  type: INHERITED_FIELDS.type,
  setBasis: INHERITED_FIELDS.setBasis,
  catalogCode: '基本编码',
} as const;
export type DivergenceField = keyof typeof DIVERGENCE_FIELDS;
/** recorded → forwarded (报上级) → accepted / rejected. WARNING: persisted codes. */
export const DIVERGENCE_STATUSES = {
  recorded: '已登记',
  forwarded: '已报送上级',
  accepted: '上级已采纳',
  rejected: '上级未采纳',
} as const;
export type DivergenceStatus = keyof typeof DIVERGENCE_STATUSES;
