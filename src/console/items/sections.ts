import type { ItemType } from '../../domain/enums.js';

/** How the item's elements are grouped on the edit and detail pages. Every ItemContent key appears once. */
export const ITEM_SECTIONS: Array<{ id: string; title: string; keys: string[] }> = [
  {
    id: 'basic',
    title: '基本要素',
    keys: [
      'name',
      'catalogCode',
      'localCatalogCode',
      'localTaskCode',
      'type',
      'useLevels',
      'setBasis',
      'implBasis',
      'competentDept',
      'powerSource',
      'deptNature',
      'entrustName',
    ],
  },
  {
    id: 'handling',
    title: '受理与办理',
    keys: [
      'acceptCondition',
      'scenarios',
      'legalLimit',
      'promiseLimit',
      'projectType',
      'serviceObjects',
      'serviceObjectsNote',
      'handleForms',
      'handleFormsNote',
      'sceneVisits',
      'sceneVisitReason',
      'flow',
      'specialProcedure',
      'planEffectiveDate',
      'planCancelDate',
    ],
  },
  { id: 'materials', title: '申请材料', keys: ['materials'] },
  { id: 'fees', title: '收费', keys: ['isFee', 'feeBasis', 'fees'] },
  { id: 'place', title: '地点、时间与咨询投诉', keys: ['transactAddr', 'transactTime', 'consult', 'supervise'] },
  { id: 'online', title: '网上办理（第十、十一条）', keys: ['online'] },
  { id: 'faqs', title: '常见问题', keys: ['faqs'] },
  { id: 'type', title: '类型特有要素', keys: [] },
  { id: 'ext', title: '扩展信息', keys: ['ext'] },
];

/** The type-specific block each item type carries (domain.md §3.3 type-specific variants). */
export const TYPE_BLOCK: Partial<Record<ItemType, string>> = {
  '02': 'penalty',
  '03': 'coercion',
  '04': 'levy',
  '05': 'benefit',
  '06': 'inspection',
  '08': 'reward',
  '09': 'adjudication',
};

export const sectionKeys = (sectionId: string, type: ItemType | undefined): string[] => {
  if (sectionId !== 'type') return ITEM_SECTIONS.find((s) => s.id === sectionId)?.keys ?? [];
  const block = type ? TYPE_BLOCK[type] : undefined;
  return block ? [block] : [];
};
