import type { ItemContent } from '../domain/item-content.js';
import { codesOf, ITEM_TYPES, type ItemType } from '../domain/enums.js';
import { isProvisionalTaskCode } from '../domain/task-code.js';
import { isBlank } from './helpers.js';
import type { CheckSubject } from './types.js';

/**
 * Which elements an item of each type must carry (Art. 7 要素完备化; fields per domain.md §3.3 and the
 * national per-type tables). The table is the single source: the completeness rules and docs/rules.md are
 * derived from it, so changing a type's requirements is a one-line change here.
 */

/** One required element: where it is, what to call it, how to tell it is filled in. */
export interface ElementSpec {
  /** Rule id suffix: `completeness.<key>`. */
  key: string;
  label: string;
  /** Path of the element relative to the item. */
  path: string;
  /** What to write, appended to the finding message. */
  hint: string;
  isPresent(subject: CheckSubject): boolean;
}

const text = (key: keyof ItemContent) => (s: CheckSubject) => !isBlank(s.content[key] as string | undefined);
const nonEmpty = (key: keyof ItemContent) => (s: CheckSubject) =>
  ((s.content[key] as unknown[] | undefined)?.length ?? 0) > 0;
const defined = (key: keyof ItemContent) => (s: CheckSubject) => s.content[key] !== undefined;
const anyContact = (key: 'consult' | 'supervise') => (s: CheckSubject) =>
  Object.values(s.content[key] ?? {}).some((value) => !isBlank(value));

/** Required of every item, including a 主项/子项 whose handling details live on its children. */
export const BASIC_ELEMENTS: readonly ElementSpec[] = [
  {
    key: 'task-code',
    label: '实施编码',
    path: 'taskCode',
    hint: '实施编码由实施主体统一社会信用代码、行使层级代码和基本编码组成；草稿未填基本编码的，填写基本编码后自动生成',
    isPresent: (s) => !isBlank(s.taskCode) && !isProvisionalTaskCode(s.taskCode),
  },
  {
    key: 'name',
    label: '事项名称',
    path: 'content.name',
    hint: '请填写与上级基本目录一致的事项名称',
    isPresent: text('name'),
  },
  {
    key: 'catalog-code',
    label: '基本编码',
    path: 'content.catalogCode',
    hint: '请填写认领的基本目录事项的12位基本编码',
    isPresent: text('catalogCode'),
  },
  {
    key: 'type',
    label: '事项类型',
    path: 'content.type',
    hint: '请选择10类行政权力事项或公共服务事项之一',
    isPresent: (s) => Object.hasOwn(ITEM_TYPES, s.content.type ?? ''),
  },
  {
    key: 'set-basis',
    label: '设定依据',
    path: 'content.setBasis',
    hint: '请至少填写一条设定依据，写明法律文件名称和条款（如《中华人民共和国行政许可法》第十二条）',
    isPresent: nonEmpty('setBasis'),
  },
  {
    key: 'use-levels',
    label: '行使层级',
    path: 'content.useLevels',
    hint: '请至少选择一个行使层级（区级单位一般为「县级」）',
    isPresent: nonEmpty('useLevels'),
  },
];

const ELEMENT_LIST = [
  {
    key: 'service-objects',
    label: '服务对象',
    path: 'content.serviceObjects',
    hint: '请选择自然人、企业法人等服务对象',
    isPresent: nonEmpty('serviceObjects'),
  },
  {
    key: 'transact-addr',
    label: '办理地点',
    path: 'content.transactAddr',
    hint: '请写明办理大厅名称、详细地址和窗口号',
    isPresent: text('transactAddr'),
  },
  {
    key: 'transact-time',
    label: '办理时间',
    path: 'content.transactTime',
    hint: '请写明工作日和具体时段，如「周一至周五 8:30—12:00，14:30—17:30（法定节假日除外）」',
    isPresent: text('transactTime'),
  },
  {
    key: 'consult',
    label: '咨询方式',
    path: 'content.consult',
    hint: '请至少填写咨询电话或咨询窗口',
    isPresent: anyContact('consult'),
  },
  {
    key: 'supervise',
    label: '监督投诉方式',
    path: 'content.supervise',
    hint: '请至少填写监督投诉电话或投诉渠道',
    isPresent: anyContact('supervise'),
  },
  {
    key: 'online',
    label: '网上办理',
    path: 'content.online',
    hint: '请选择网上办理渠道：本单位网办系统、山西政务服务平台朔州平鲁频道，或依法不适宜网上办理（第十、十一条）',
    isPresent: defined('online'),
  },
  {
    key: 'power-source',
    label: '权力来源',
    path: 'content.powerSource',
    hint: '请选择法定本级行使、上级下放、授权或委托',
    isPresent: defined('powerSource'),
  },
  {
    key: 'accept-condition',
    label: '受理条件',
    path: 'content.acceptCondition',
    hint: '请逐条写明申请人应当具备的条件',
    isPresent: text('acceptCondition'),
  },
  {
    key: 'legal-limit',
    label: '法定办结时限',
    path: 'content.legalLimit',
    hint: '请填写法律法规规定的办结时限及单位',
    isPresent: defined('legalLimit'),
  },
  {
    key: 'promise-limit',
    label: '承诺办结时限',
    path: 'content.promiseLimit',
    hint: '请填写承诺办结时限及单位（不得超过法定时限）',
    isPresent: defined('promiseLimit'),
  },
  {
    key: 'project-type',
    label: '办件类型',
    path: 'content.projectType',
    hint: '请选择即办件或承诺件',
    isPresent: defined('projectType'),
  },
  {
    key: 'handle-forms',
    label: '办理形式',
    path: 'content.handleForms',
    hint: '请选择窗口办理、网上办理、快递申请中的一种或多种',
    isPresent: nonEmpty('handleForms'),
  },
  {
    key: 'scene-visits',
    label: '到办事现场次数',
    path: 'content.sceneVisits',
    hint: '请填写申请人须到现场的次数（全程网办填0）',
    isPresent: defined('sceneVisits'),
  },
  { key: 'is-fee', label: '是否收费', path: 'content.isFee', hint: '请选择是否收费', isPresent: defined('isFee') },
  {
    key: 'flow',
    label: '办理流程',
    path: 'content.flow',
    hint: '请按受理、审核、审批、办结、送达等环节填写办理流程',
    isPresent: nonEmpty('flow'),
  },
  {
    key: 'materials',
    label: '申请材料',
    path: 'content.materials',
    hint: '请逐项列出申请材料，无需材料的事项请在受理条件中说明并至少列出申请表',
    isPresent: nonEmpty('materials'),
  },
  {
    key: 'special-procedure',
    label: '特别程序',
    path: 'content.specialProcedure',
    hint: '请写明听证、检验、检测、鉴定、专家评审等特别程序及其时限；没有特别程序的填写「无」',
    isPresent: text('specialProcedure'),
  },
  {
    key: 'penalty',
    label: '行政处罚要素',
    path: 'content.penalty',
    hint: '请填写违法行为、处罚种类和处罚幅度',
    isPresent: defined('penalty'),
  },
  {
    key: 'coercion',
    label: '行政强制要素',
    path: 'content.coercion',
    hint: '请选择强制措施或执行方式',
    isPresent: defined('coercion'),
  },
  {
    key: 'levy',
    label: '行政征收要素',
    path: 'content.levy',
    hint: '请填写征收种类，并说明是否涉及征收费减免的审批',
    isPresent: defined('levy'),
  },
  {
    key: 'benefit',
    label: '行政给付要素',
    path: 'content.benefit',
    hint: '请填写给付标准和给付对象',
    isPresent: defined('benefit'),
  },
  {
    key: 'inspection',
    label: '行政检查要素',
    path: 'content.inspection',
    hint: '请填写检查对象和检查方式',
    isPresent: defined('inspection'),
  },
  {
    key: 'reward',
    label: '行政奖励要素',
    path: 'content.reward',
    hint: '请填写奖励标准和奖励形式',
    isPresent: defined('reward'),
  },
  {
    key: 'adjudication',
    label: '行政裁决要素',
    path: 'content.adjudication',
    hint: '请填写裁决的争议类型',
    isPresent: defined('adjudication'),
  },
] as const satisfies readonly ElementSpec[];

/** Key of an element that item types require (see REQUIRED_ELEMENTS). */
export type ElementKey = (typeof ELEMENT_LIST)[number]['key'];
/** Elements required by item type (see REQUIRED_ELEMENTS), in the order docs list them. */
export const ELEMENTS: ReadonlyArray<ElementSpec & { key: ElementKey }> = ELEMENT_LIST;

/** Type-specific blocks (national 处罚/强制/征收/给付/检查/奖励/裁决 tables). */
export const TYPE_BLOCKS = [
  'penalty',
  'coercion',
  'levy',
  'benefit',
  'inspection',
  'reward',
  'adjudication',
] as const satisfies readonly (ElementKey & keyof ItemContent)[];

const COMMON: ElementKey[] = ['service-objects', 'transact-addr', 'transact-time', 'consult', 'supervise', 'online'];
const POWER: ElementKey[] = ['power-source'];
/** Items a citizen or company applies for: conditions, time limits, materials, fees and flow apply. */
const APPLICATION: ElementKey[] = [
  'accept-condition',
  'legal-limit',
  'promise-limit',
  'project-type',
  'handle-forms',
  'scene-visits',
  'is-fee',
  'flow',
  'materials',
  'special-procedure',
];

/** Elements a leaf item (no children) of each type must carry, on top of BASIC_ELEMENTS. */
export const REQUIRED_ELEMENTS: Readonly<Record<ItemType, readonly ElementKey[]>> = {
  '01': [...COMMON, ...POWER, ...APPLICATION],
  '02': [...COMMON, ...POWER, 'penalty'],
  '03': [...COMMON, ...POWER, 'coercion'],
  '04': [...COMMON, ...POWER, ...APPLICATION, 'levy'],
  '05': [...COMMON, ...POWER, ...APPLICATION, 'benefit'],
  '06': [...COMMON, ...POWER, 'inspection'],
  '07': [...COMMON, ...POWER, ...APPLICATION],
  '08': [...COMMON, ...POWER, ...APPLICATION, 'reward'],
  '09': [...COMMON, ...POWER, ...APPLICATION, 'adjudication'],
  '10': [...COMMON, ...POWER, ...APPLICATION],
  // 行政备案 (where a deployment enables it): the applicant files materials and gets a receipt within a time limit.
  '11': [...COMMON, ...POWER, ...APPLICATION],
  '20': [...COMMON, ...APPLICATION],
};

/** The item types that require an element, in code order ('10' and '20' would otherwise come first). */
export function typesRequiring(key: ElementKey): ItemType[] {
  return codesOf(REQUIRED_ELEMENTS)
    .sort()
    .filter((t) => REQUIRED_ELEMENTS[t].includes(key));
}
