import { isBlank, isLeaf, type FindingDraft } from './helpers.js';
import { HOTLINE, isLocalNumber, phoneNumbers } from './phones.js';
import type { CheckSubject, Rule } from './types.js';

/** Consistency of what the published guide shows: phones, results, 行政许可 extras, themes (domain.md §3.5). */

const PHONES = [
  { key: 'consult', label: '咨询电话' },
  { key: 'supervise', label: '监督投诉电话' },
] as const;

const phonesPresent: Rule = {
  id: 'consistency.phones-present',
  severity: 'error',
  category: 'consistency',
  title: '咨询电话和投诉电话必填',
  description: '办事指南必须同时提供咨询电话和监督投诉电话。domain.md §3.5 rule 7。',
  check(subject, context) {
    if (!isLeaf(subject)) return [];
    return PHONES.flatMap(({ key, label }) => {
      const written = subject.content[key]?.phone ?? '';
      if (phoneNumbers(written).length) return [];
      // Something that is not a number ("abc", "请拨打本单位电话") is a format problem, not an empty field.
      const problem = isBlank(written) ? '不能为空' : `「${written.trim().slice(0, 30)}」中没有可识别的电话号码`;
      return [
        {
          path: `content.${key}.phone`,
          message: `${label}${problem}：请填写带区号的固定电话，如 ${context.areaCode}-6012345`,
        },
      ];
    });
  },
};

const phonesDistinct: Rule = {
  id: 'consistency.phones-distinct',
  severity: 'error',
  category: 'consistency',
  title: '咨询电话与投诉电话不同',
  description: '监督投诉电话应独立于咨询电话，不得使用同一号码（12345 热线除外）。domain.md §3.5 rule 7。',
  check({ content }) {
    const consult = new Set(phoneNumbers(content.consult?.phone ?? '').map((n) => n.digits));
    const shared = phoneNumbers(content.supervise?.phone ?? '').filter(
      (n) => n.digits !== HOTLINE && consult.has(n.digits),
    );
    if (shared.length === 0) return [];
    return [
      {
        path: 'content.supervise.phone',
        message: `监督投诉电话与咨询电话相同（${shared.map((n) => n.text).join('、')}）：请填写本单位或上级部门的投诉电话，或 12345 政务服务便民热线`,
      },
    ];
  },
};

const phoneAreaCode: Rule = {
  id: 'consistency.phone-area-code',
  severity: 'error',
  category: 'consistency',
  title: '电话须带本地区号',
  description:
    '咨询电话和监督投诉电话的固定电话须带本地区号（部署配置 JURISDICTION_AREA_CODE，朔州为0349）；手机号码和 12345 热线除外。domain.md §3.5 rule 7。',
  check({ content }, { areaCode }) {
    return PHONES.flatMap(({ key, label }) =>
      phoneNumbers(content[key]?.phone ?? '')
        .filter((n) => !isLocalNumber(n.digits, areaCode))
        .map((n) => ({
          path: `content.${key}.phone`,
          message: `${label}「${n.text}」应以本地区号 ${areaCode} 开头，如 ${areaCode}-6012345（手机号码和 12345 热线除外）`,
        })),
    );
  },
};

const RESULT_TYPE_BY_SUFFIX = [
  // A receipt (凭证: 完税凭证, 参保凭证, 备案凭证) ends in 证 but is not a licence or certificate.
  { suffix: /((?<!凭)证|证书|证照|执照)$/, type: '1', label: '证照' },
  { suffix: /(批复|批文)$/, type: '2', label: '批文' },
] as const;

const resultType: Rule = {
  id: 'consistency.result-type',
  severity: 'error',
  category: 'consistency',
  title: '审批结果类型与结果名称一致',
  description:
    '审批结果名称以「证」「证书」「执照」结尾的（「凭证」除外），结果类型应为证照；以「批复」「批文」结尾的，应为批文。domain.md §3.5 rule 2。',
  check({ content: { ext } }) {
    const name = (ext?.resultName ?? '').trim().replace(/[（(][^（）()]*[)）]$/, '');
    const expected = RESULT_TYPE_BY_SUFFIX.find((r) => r.suffix.test(name));
    if (!expected || ext?.resultType === expected.type) return [];
    return [
      {
        path: 'content.ext.resultType',
        message: `审批结果名称为「${ext?.resultName}」，审批结果类型应为「${expected.label}」：请更正结果类型或结果名称`,
      },
    ];
  },
};

const LICENSING = '01';
const MIN_LICENSING_STEPS = 5;
const isLicensingLeaf = (subject: CheckSubject) => subject.content.type === LICENSING && isLeaf(subject);

const licensingFaq: Rule = {
  id: 'consistency.licensing-faq',
  severity: 'warning',
  category: 'consistency',
  title: '行政许可须有常见问题',
  description: '行政许可事项应至少提供一条常见问题解答。domain.md §3.5 rule 9。',
  check: (subject) =>
    isLicensingLeaf(subject) && !subject.content.faqs?.length
      ? [{ path: 'content.faqs', message: '行政许可事项至少应有一条常见问题：请整理申请人咨询最多的问题并写明解答' }]
      : [],
};

const licensingFlowSteps: Rule = {
  id: 'consistency.licensing-flow-steps',
  severity: 'warning',
  category: 'consistency',
  title: '行政许可流程至少5个环节',
  description: '行政许可事项的办理流程应至少包括受理、审核、审批、办结、送达5个环节。domain.md §3.5 rule 9。',
  check(subject) {
    const steps = subject.content.flow?.length ?? 0;
    if (!isLicensingLeaf(subject) || steps === 0 || steps >= MIN_LICENSING_STEPS) return [];
    return [
      {
        path: 'content.flow',
        message: `行政许可事项的办理流程只有${steps}个环节：应至少包括受理、审核、审批、办结、送达，并写明各环节时限`,
      },
    ];
  },
};

const licensingResultSample: Rule = {
  id: 'consistency.licensing-result-sample',
  severity: 'warning',
  category: 'consistency',
  title: '行政许可须有审批结果样本',
  description: '有审批结果的行政许可事项应上传审批结果样本。domain.md §3.5 rule 9。',
  check(subject) {
    const ext = subject.content.ext;
    const hasResult = !isBlank(ext?.resultName) || (ext?.resultType !== undefined && ext.resultType !== '0');
    if (!isLicensingLeaf(subject) || !hasResult || ext?.resultSample) return [];
    return [
      {
        path: 'content.ext.resultSample',
        message: '行政许可事项有审批结果，应上传审批结果样本：请上传证照或批文的样本（可隐去个人信息）',
      },
    ];
  },
};

const NATURAL_PERSON = '1';
const LEGAL_PERSON_OBJECTS: readonly string[] = ['2', '3', '4', '5', '9'];

const serviceObjectThemes: Rule = {
  id: 'consistency.service-object-themes',
  severity: 'warning',
  category: 'consistency',
  title: '服务对象与主题分类一致',
  description:
    '服务对象含自然人的应选择面向自然人主题分类，含法人和其他组织的应选择面向法人主题分类；反之不应选择。domain.md §3.5 rule 8。',
  check({ content: { serviceObjects = [], ext } }) {
    const findings: FindingDraft[] = [];
    const servesPersons = serviceObjects.includes(NATURAL_PERSON);
    const servesLegal = serviceObjects.some((o) => LEGAL_PERSON_OBJECTS.includes(o));
    const personThemes = ext?.personThemes?.length ?? 0;
    const corporateThemes = ext?.corporateThemes?.length ?? 0;
    if (servesPersons && !personThemes)
      findings.push({
        path: 'content.ext.personThemes',
        message: '服务对象含自然人：请选择面向自然人主题分类（如「社会保障」「户籍办理」）',
      });
    if (!servesPersons && personThemes)
      findings.push({
        path: 'content.ext.personThemes',
        message: '服务对象不含自然人，却选择了面向自然人主题分类：请删除主题分类或更正服务对象',
      });
    if (servesLegal && !corporateThemes)
      findings.push({
        path: 'content.ext.corporateThemes',
        message: '服务对象含法人或其他组织：请选择面向法人主题分类（如「准营准办」「设立变更」）',
      });
    if (!servesLegal && corporateThemes)
      findings.push({
        path: 'content.ext.corporateThemes',
        message: '服务对象不含法人或其他组织，却选择了面向法人主题分类：请删除主题分类或更正服务对象',
      });
    return findings;
  },
};

/** Consistency rules about the published guide (category `consistency`). */
export const GUIDE_CONSISTENCY_RULES: Rule[] = [
  phonesPresent,
  phonesDistinct,
  phoneAreaCode,
  resultType,
  licensingFaq,
  licensingFlowSteps,
  licensingResultSample,
  serviceObjectThemes,
];
