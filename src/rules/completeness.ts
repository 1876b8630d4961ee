import { ENTRUSTED_SOURCES, isCodeOf, ITEM_TYPES } from '../domain/enums.js';
import { contentPath, isBlank, isLeaf } from './helpers.js';
import {
  BASIC_ELEMENTS,
  ELEMENTS,
  REQUIRED_ELEMENTS,
  TYPE_BLOCKS,
  typesRequiring,
  type ElementKey,
  type ElementSpec,
} from './requirements.js';
import type { Rule } from './types.js';

/** 要素完备化 (Art. 7): one rule per element of the requirement table, plus the conditional elements. */

const missing = (element: ElementSpec) => ({
  path: element.path,
  message: `${element.label}不能为空：${element.hint}`,
});

function appliesTo(key: ElementKey): string {
  const types = typesRequiring(key);
  return types.length === Object.keys(ITEM_TYPES).length
    ? '所有类型的事项'
    : types.map((t) => ITEM_TYPES[t]).join('、');
}

const basicRules: Rule[] = BASIC_ELEMENTS.map((element) => ({
  id: `completeness.${element.key}`,
  severity: 'error',
  category: 'completeness',
  title: `${element.label}必填`,
  description: `${element.label}是基本要素，每个事项（含有下级事项的主项、子项）都必须填写。第七条 要素完备化；第八条 基本要素一致。`,
  check: (subject) => (element.isPresent(subject) ? [] : [missing(element)]),
}));

const elementRules: Rule[] = ELEMENTS.map((element) => ({
  id: `completeness.${element.key}`,
  severity: 'error',
  category: 'completeness',
  title: `${element.label}必填`,
  description: `适用于${appliesTo(element.key)}；有下级事项的主项、子项除外（办理要素填在下级事项上）。第七条 要素完备化；domain.md §3.3。`,
  check(subject) {
    // An unknown type is reported by completeness.type and requires nothing else.
    const { type } = subject.content;
    const required = (type && REQUIRED_ELEMENTS[type]?.includes(element.key)) ?? false;
    return required && isLeaf(subject) && !element.isPresent(subject) ? [missing(element)] : [];
  },
}));

const entrustName: Rule = {
  id: 'completeness.entrust-name',
  severity: 'error',
  category: 'completeness',
  title: '委托事项须填写委托部门',
  description:
    '权力来源为上级委托或同级委托时，必须填写委托部门。domain.md §3.3（委托部门 required when 权力来源 = 委托）。',
  check: ({ content }) =>
    content.powerSource && ENTRUSTED_SOURCES.includes(content.powerSource) && isBlank(content.entrustName)
      ? [{ path: 'content.entrustName', message: '权力来源为委托，委托部门不能为空：请填写委托部门的全称' }]
      : [],
};

const onlineUrl: Rule = {
  id: 'completeness.online-url',
  severity: 'error',
  category: 'completeness',
  title: '本单位网办系统须填写办理地址',
  description:
    '网上办理渠道为本单位网办系统时，必须填写在线办理跳转地址，以便链接至山西政务服务平台朔州平鲁频道。第十条。',
  check: ({ content }) =>
    content.online?.channel === 'own' && isBlank(content.online.url)
      ? [
          {
            path: 'content.online.url',
            message: '在线办理跳转地址不能为空：通过本单位网办系统办理的，请填写可直接访问的办理地址（第十条）',
          },
        ]
      : [],
};

const onlineExemption: Rule = {
  id: 'completeness.online-exemption',
  severity: 'error',
  category: 'completeness',
  title: '不予网办须写明情形和理由',
  description:
    '所有事项均须实现网上办理；依法不适宜网上办理的，必须选择不予网办情形（法律法规另有规定、涉及国家秘密）并写明理由及依据。第十一条。',
  check({ content }) {
    if (content.online?.channel !== 'exempt') return [];
    const findings = [];
    if (!content.online.exemption) {
      findings.push({
        path: 'content.online.exemption',
        message: '不予网办情形不能为空：请选择「法律、法规另有规定」或「涉及国家秘密」（第十一条）',
      });
    }
    if (isBlank(content.online.exemptionReason)) {
      findings.push({
        path: 'content.online.exemptionReason',
        message: '不予网办理由及依据不能为空：请写明不能网上办理的理由和所依据的法律法规条款（第十一条）',
      });
    }
    return findings;
  },
};

const foreignTypeBlock: Rule = {
  id: 'completeness.foreign-type-block',
  severity: 'warning',
  category: 'completeness',
  title: '不属于本类型的类型要素',
  description:
    '类型要素（处罚、强制、征收、给付、检查、奖励、裁决）只适用于对应类型的事项；填在其他类型事项上通常是事项类型选错或要素填错。domain.md §3.3 type-specific variants。',
  check({ content }) {
    if (!content.type) return [];
    const required = REQUIRED_ELEMENTS[content.type] ?? [];
    const typeLabel = ITEM_TYPES[content.type];
    return TYPE_BLOCKS.filter((block) => content[block] !== undefined && !required.includes(block)).map((block) => ({
      path: `content.${block}`,
      message: `事项类型为${typeLabel}，不应填写${ELEMENTS.find((e) => e.key === block)?.label}：请核对事项类型，或删除该要素`,
    }));
  },
};

const typeEnabled: Rule = {
  id: 'completeness.type-enabled',
  severity: 'error',
  category: 'completeness',
  title: '事项类型为本部署启用的类型',
  description:
    '事项类型必须是本部署启用的类型（配置 ITEM_TYPES，默认为全国通用的11类；行政备案等省级类型须在配置中启用）。第三条；domain.md §3.4。',
  check: ({ content: { type } }, { itemTypes }) =>
    type && itemTypes && !itemTypes.includes(type)
      ? [
          {
            path: 'content.type',
            message: `本部署未启用事项类型「${ITEM_TYPES[type] ?? type}」：请选择${itemTypes.map((t) => (isCodeOf(ITEM_TYPES, t) ? ITEM_TYPES[t] : t)).join('、')}之一，或由系统管理员在 ITEM_TYPES 中启用该类型`,
          },
        ]
      : [],
};

/** Per-material elements a draft may lack (real guides often omit them) but a submitted item must carry. */
const MATERIAL_DETAILS = [
  { key: 'necessity', label: '材料必要性', hint: '请选择必要、非必要或容缺后补' },
  { key: 'form', label: '材料形式', hint: '请选择纸质、电子化或纸质/电子化' },
  { key: 'source', label: '来源渠道', hint: '请选择申请人自备、政府部门核发等来源渠道' },
] as const;

const materialDetails: Rule = {
  id: 'completeness.material-details',
  severity: 'error',
  category: 'completeness',
  title: '申请材料须写明必要性、形式和来源渠道',
  description:
    '每项申请材料都必须写明材料必要性、材料形式和来源渠道；草稿可以先不填，提交前补齐。第七条 要素完备化；domain.md §3.3。',
  check: ({ content }) =>
    (content.materials ?? []).flatMap((m, i) =>
      MATERIAL_DETAILS.filter(({ key }) => m[key] === undefined).map(({ key, label, hint }) => ({
        path: contentPath('materials', i, key),
        message: `材料「${m.name}」的${label}不能为空：${hint}`,
      })),
    ),
};

/** Element rules in table order, then the conditional elements. */
export const COMPLETENESS_RULES: Rule[] = [
  ...basicRules,
  ...elementRules,
  entrustName,
  onlineUrl,
  onlineExemption,
  foreignTypeBlock,
  materialDetails,
  typeEnabled,
];
