import { definiteLimit, type DefiniteLimit } from '../domain/time-limit.js';
import { HANDLE_FORMS, TIME_UNITS } from '../domain/enums.js';
import { contentPath, isBlank, type FindingDraft } from './helpers.js';
import type { Rule } from './types.js';

/** Cross-field consistency of time limits, scene visits, online handling and fees (domain.md §3.5). */

const INSTANT = '4';
const WORKING_DAYS = '1';
const NATURAL_DAYS = '2';
const ONLINE_FORM = '2';
const EXPRESS_FORM = '3';
const FULLY_ONLINE_LEVEL = '4';
const INTERNET_HANDLING_DEPTH = '5';

const isInstant = (limit: DefiniteLimit) => limit.unit === INSTANT || limit.value === 0;

function describeLimit(limit: DefiniteLimit): string {
  if (limit.unit === INSTANT) return '即时';
  return limit.unit === '3' ? `${limit.value}小时` : `${limit.value}个${TIME_UNITS[limit.unit]}`;
}

/**
 * True only when the promise certainly exceeds the statutory limit. Working and natural days compare one
 * way only: N working days span at least N natural days, but M working days may span any number of them.
 * A statutory 0 in days means the law sets no limit (see legal-limit-note), so nothing can exceed it.
 */
function certainlyExceeds(promise: DefiniteLimit, legal: DefiniteLimit): boolean {
  if (isInstant(promise)) return false;
  if (legal.unit === INSTANT) return true;
  if (legal.value === 0) return false;
  if (promise.unit === legal.unit) return promise.value > legal.value;
  return promise.unit === WORKING_DAYS && legal.unit === NATURAL_DAYS && promise.value > legal.value;
}

const instantProjectType: Rule = {
  id: 'consistency.instant-project-type',
  severity: 'error',
  category: 'consistency',
  title: '办件类型与承诺时限一致',
  description: '承诺办结时限为即时（或0）的是即办件，其余是承诺件。domain.md §3.5 rule 1。',
  check({ content }) {
    const { projectType } = content;
    const promiseLimit = definiteLimit(content.promiseLimit);
    if (!projectType || !promiseLimit) return [];
    const instant = isInstant(promiseLimit);
    if (projectType === '1' && !instant) {
      return [
        {
          path: 'content.projectType',
          message: `即办件的承诺办结时限应为即时，当前为${describeLimit(promiseLimit)}：请将办件类型改为承诺件，或将承诺时限改为即时`,
        },
      ];
    }
    if (projectType === '2' && instant) {
      return [
        {
          path: 'content.projectType',
          message: '承诺办结时限为即时的事项是即办件：请将办件类型改为即办件，或填写实际的承诺办结时限',
        },
      ];
    }
    return [];
  },
};

const promiseWithinLegal: Rule = {
  id: 'consistency.promise-within-legal',
  severity: 'error',
  category: 'consistency',
  title: '承诺时限不超过法定时限',
  description:
    '承诺办结时限不得超过法定办结时限；单位不同时只在能确定超出时报告（工作日与自然日保守比较，小时不与日比较）。domain.md §3.5（承诺时限 ≤ 法定时限）。',
  check({ content }) {
    const [promiseLimit, legalLimit] = [definiteLimit(content.promiseLimit), definiteLimit(content.legalLimit)];
    if (!promiseLimit || !legalLimit || !certainlyExceeds(promiseLimit, legalLimit)) return [];
    return [
      {
        path: 'content.promiseLimit.value',
        message: `承诺办结时限（${describeLimit(promiseLimit)}）超过法定办结时限（${describeLimit(legalLimit)}）：承诺时限不得超过法定时限，请缩短承诺时限或核对法定时限`,
      },
    ];
  },
};

const LIMITS = [
  ['legalLimit', '法定办结时限'],
  ['promiseLimit', '承诺办结时限'],
] as const;

const limitUnit: Rule = {
  id: 'consistency.time-limit-unit',
  severity: 'warning',
  category: 'consistency',
  title: '办结时限须有数值和单位',
  description:
    '办结时限照录公布原文（如「一个月」「即时办结」），能从原文得出数值和单位的自动得出；得不出的（如只写「20」，或写「20日」而未说明工作日还是自然日）提示经办人向实施部门核实单位，不强迫其编造。第七条；domain.md §3.5。',
  check: ({ content }) =>
    LIMITS.flatMap(([key, label]) => {
      const limit = content[key];
      if (!limit || definiteLimit(limit)) return [];
      const published = limit.text ? `公布原文为「${limit.text}」，` : '';
      return [
        {
          path: `content.${key}.unit`,
          message: `${label}${published}无法确定数值和单位：请向实施部门核实后填写时限数值并选择单位（工作日、自然日、小时、个月或即时），公布原文照录不变；暂时无法核实的可说明理由后保留`,
        },
      ];
    }),
};

const legalLimitNote: Rule = {
  id: 'consistency.legal-limit-note',
  severity: 'error',
  category: 'consistency',
  title: '法定时限为0须说明',
  description:
    '法定办结时限为0（且单位不是即时）时，必须在时限说明中写明理由，如法律未规定办结时限。domain.md §3.5（法定 = 0 ⇒ require an explanation）。',
  check({ content }) {
    const legalLimit = definiteLimit(content.legalLimit);
    if (!legalLimit || legalLimit.value !== 0 || legalLimit.unit === INSTANT || !isBlank(content.legalLimit?.note))
      return [];
    return [
      {
        path: 'content.legalLimit.note',
        message:
          '法定办结时限为0：请在时限说明中写明原因（如「法律法规未规定办结时限」）；当场办结的请将单位改为「即时」',
      },
    ];
  },
};

const sceneVisitReason: Rule = {
  id: 'consistency.scene-visit-reason',
  severity: 'error',
  category: 'consistency',
  title: '到现场须说明原因',
  description: '到办事现场次数大于0时，必须说明须到现场办理的原因。domain.md §3.5 rule 3。',
  check: ({ content }) =>
    (content.sceneVisits ?? 0) > 0 && isBlank(content.sceneVisitReason)
      ? [
          {
            path: 'content.sceneVisitReason',
            message: `到办事现场次数为${content.sceneVisits}次，必须现场办理原因说明不能为空：请写明须到现场的环节和依据（如「现场核验身份和原件」）`,
          },
        ]
      : [],
};

const zeroVisitReason: Rule = {
  id: 'consistency.zero-visit-reason',
  severity: 'warning',
  category: 'consistency',
  title: '零跑动事项不应填写到现场原因',
  description: '到办事现场次数为0时，不应填写必须现场办理原因说明，否则指南自相矛盾。domain.md §3.5 rule 3。',
  check: ({ content }) =>
    content.sceneVisits === 0 && !isBlank(content.sceneVisitReason)
      ? [
          {
            path: 'content.sceneVisitReason',
            message: '到办事现场次数为0，却填写了必须现场办理原因说明：请删除该说明，或更正到办事现场次数',
          },
        ]
      : [],
};

const zeroVisitExpress: Rule = {
  id: 'consistency.zero-visit-express',
  severity: 'error',
  category: 'consistency',
  title: '零跑动须能网办或快递',
  description:
    '到办事现场次数为0而办理形式不含网上办理时，必须支持快递申请，否则申请人无法不到现场提交。domain.md §3.5 rule 4。',
  check({ content: { sceneVisits, handleForms } }) {
    if (sceneVisits !== 0 || !handleForms || handleForms.includes(ONLINE_FORM) || handleForms.includes(EXPRESS_FORM))
      return [];
    return [
      {
        path: 'content.handleForms',
        message:
          '到办事现场次数为0，但办理形式既不含网上办理也不含快递申请：请增加「网上办理」或「快递申请」，或更正到办事现场次数',
      },
    ];
  },
};

const fullyOnlineZeroVisits: Rule = {
  id: 'consistency.fully-online-zero-visits',
  severity: 'error',
  category: 'consistency',
  title: '全程网办须零跑动',
  description:
    '网办深度等级为Ⅳ级（全程网上可办）时，到办事现场次数必须为0。domain.md §3.5 rule 5；晋政办发〔2020〕68号。',
  check({ content: { ext, sceneVisits } }) {
    if (ext?.onlineLevel !== FULLY_ONLINE_LEVEL || !sceneVisits) return [];
    return [
      {
        path: 'content.sceneVisits',
        message: `网办深度为Ⅳ级（全程网上可办），到办事现场次数应为0，当前为${sceneVisits}次：请更正次数，或将网办深度改为Ⅲ级（需到现场核验一次）`,
      },
    ];
  },
};

const onlineDepthHandleForm: Rule = {
  id: 'consistency.online-depth-handle-form',
  severity: 'error',
  category: 'consistency',
  title: '网办深度与办理形式一致',
  description: '网办深度为Ⅳ级或网上办理深度含「互联网办理」时，办理形式必须包含网上办理。domain.md §3.4、§3.5。',
  check({ content: { ext, handleForms } }) {
    const claimsOnline =
      ext?.onlineLevel === FULLY_ONLINE_LEVEL || (ext?.onlineDepths ?? []).includes(INTERNET_HANDLING_DEPTH);
    if (!claimsOnline || !handleForms || handleForms.includes(ONLINE_FORM)) return [];
    return [
      {
        path: 'content.handleForms',
        message: `网办深度表明可以网上办理，但办理形式不含「${HANDLE_FORMS[ONLINE_FORM]}」：请在办理形式中增加网上办理，或更正网办深度`,
      },
    ];
  },
};

const exemptNotOnline: Rule = {
  id: 'consistency.exempt-not-online',
  severity: 'error',
  category: 'consistency',
  title: '不予网办事项不应声明网办',
  description: '选择了依法不适宜网上办理的事项，办理形式不应包含网上办理，网办深度至多为互联网咨询（Ⅰ级）。第十一条。',
  check({ content: { online, handleForms, ext } }) {
    if (online?.channel !== 'exempt') return [];
    const findings: FindingDraft[] = [];
    if (handleForms?.includes(ONLINE_FORM)) {
      findings.push({
        path: 'content.handleForms',
        message: '事项已选择依法不适宜网上办理，办理形式却包含网上办理：请删除网上办理，或更正网上办理渠道',
      });
    }
    // Online consultation (互联网咨询, Ⅰ级) stays possible for an item that cannot be handled online.
    if ((ext?.onlineLevel && ext.onlineLevel !== '1') || ext?.onlineDepths?.some((d) => d !== '1')) {
      findings.push({
        path: 'content.ext.onlineLevel',
        message: '事项已选择依法不适宜网上办理，却填写了网办深度：请删除网办深度，或更正网上办理渠道',
      });
    }
    return findings;
  },
};

const feeDetails: Rule = {
  id: 'consistency.fee-details',
  severity: 'error',
  category: 'consistency',
  title: '收费事项须有收费依据和项目',
  description:
    '收费的事项必须填写收费依据、至少一个收费项目（名称和标准），并说明是否支持网上支付。domain.md §3.5 rule 6。',
  check({ content: { isFee, feeBasis, fees, ext } }) {
    if (isFee !== true) return [];
    const findings: FindingDraft[] = [];
    if (isBlank(feeBasis))
      findings.push({
        path: 'content.feeBasis',
        message: '收费事项的收费依据不能为空：请写明收费依据的文件名称、文号和条款',
      });
    if (!fees?.length)
      findings.push({ path: 'content.fees', message: '收费事项至少需要一个收费项目：请填写收费项目名称和收费标准' });
    (fees ?? []).forEach((fee, i) => {
      if (isBlank(fee.name)) findings.push({ path: contentPath('fees', i, 'name'), message: '收费项目名称不能为空' });
      if (isBlank(fee.standard))
        findings.push({ path: contentPath('fees', i, 'standard'), message: '收费标准不能为空：请写明金额和计费方式' });
    });
    if (ext?.onlinePayment === undefined)
      findings.push({ path: 'content.ext.onlinePayment', message: '收费事项须说明是否支持网上支付' });
    return findings;
  },
};

const noFeeRows: Rule = {
  id: 'consistency.no-fee-rows',
  severity: 'error',
  category: 'consistency',
  title: '不收费事项不应有收费项目',
  description: '不收费的事项不应有收费项目，也不应声明支持网上支付。domain.md §3.5 rule 6。',
  check({ content: { isFee, fees, ext } }) {
    if (isFee !== false) return [];
    const findings: FindingDraft[] = [];
    if (fees?.length)
      findings.push({
        path: 'content.fees',
        message: '事项不收费，却填写了收费项目：请删除收费项目，或将「是否收费」改为是',
      });
    if (ext?.onlinePayment === true)
      findings.push({ path: 'content.ext.onlinePayment', message: '事项不收费，不应声明支持网上支付：请改为不支持' });
    return findings;
  },
};

const planDates: Rule = {
  id: 'consistency.plan-dates',
  severity: 'error',
  category: 'consistency',
  title: '计划取消日期晚于生效日期',
  description: '同时填写计划生效日期和计划取消日期时，取消日期必须晚于生效日期。domain.md §3.2。',
  check({ content: { planEffectiveDate, planCancelDate } }) {
    if (!planEffectiveDate || !planCancelDate || planCancelDate > planEffectiveDate) return [];
    return [
      {
        path: 'content.planCancelDate',
        message: `计划取消日期（${planCancelDate}）应晚于计划生效日期（${planEffectiveDate}）：请核对日期`,
      },
    ];
  },
};

/** Consistency rules about time limits, visits, online handling, fees and dates. */
export const CONSISTENCY_RULES: Rule[] = [
  instantProjectType,
  promiseWithinLegal,
  limitUnit,
  legalLimitNote,
  sceneVisitReason,
  zeroVisitReason,
  zeroVisitExpress,
  fullyOnlineZeroVisits,
  onlineDepthHandleForm,
  exemptNotOnline,
  feeDetails,
  noFeeRows,
  planDates,
];
