import type { ItemType } from '../../../domain/enums.js';
import type { ItemContent } from '../../../domain/item-content.js';
import type { LooseTimeLimit as TimeLimit } from './loose.js';

/** 办理流程 by type. Step time limits are shares of the promised limit, so they never add up to more. */

type FlowStep = NonNullable<ItemContent['flow']>[number];

const UNIT_WORD: Readonly<Record<string, string>> = { '1': '个工作日', '2': '日', '3': '小时' };

/** Splits the promised limit between the examining and the deciding steps. */
function split(promise: TimeLimit | undefined): [examine: string, decide: string] {
  if (!promise?.unit || promise.value === undefined || promise.unit === '4' || promise.value === 0)
    return ['即时', '即时'];
  const word = UNIT_WORD[promise.unit] ?? '个工作日';
  if (promise.value === 1) return ['当日', `1${word}`];
  const examine = Math.max(1, Math.round(promise.value * 0.6));
  return [`${examine}${word}`, `${promise.value - examine}${word}`];
}

const step = (name: string, description: string, timeLimit?: string): FlowStep =>
  timeLimit ? { name, description, timeLimit } : { name, description };

function licensingFlow(promise: TimeLimit | undefined, resultName: string): FlowStep[] {
  const [examine, decide] = split(promise);
  return [
    step(
      '受理',
      '窗口或者网上收件，材料齐全、符合法定形式的当场受理并出具受理通知书；材料不齐全或者不符合法定形式的，当场或者五日内一次性告知需要补正的全部内容。',
      '即时',
    ),
    step('审核', '审查申请材料的实质内容，需要现场核查的组织现场核查，提出审核意见。', examine),
    step(
      '审批',
      '作出准予许可或者不予许可的决定；不予许可的，书面说明理由并告知申请人享有依法申请行政复议或者提起行政诉讼的权利。',
      decide,
    ),
    step('办结', `制作${resultName}，同步生成电子证照并推送至电子证照库。`, '当日'),
    step('送达', '申请人可以选择窗口领取或者免费邮寄送达。', '即时'),
  ];
}

function applicationFlow(promise: TimeLimit | undefined, decideName: string, resultName: string): FlowStep[] {
  const [examine, decide] = split(promise);
  return [
    step('受理', '窗口或者网上收件，材料齐全、符合要求的予以受理；材料不齐全的一次性告知需要补正的全部内容。', '即时'),
    step('审核', '审查申请材料，必要时入户调查或者现场核实。', examine),
    step(decideName, `作出${decideName}决定，符合条件的予以办理，不符合条件的书面说明理由。`, decide),
    step('办结', resultName === '无' ? '告知办理结果。' : `出具${resultName}，告知办理结果。`, '当日'),
  ];
}

const PENALTY_FLOW: FlowStep[] = [
  step('立案', '对监督检查、投诉举报、移送等发现的违法线索进行核查，符合立案条件的报负责人批准立案。', '7日'),
  step('调查取证', '两名以上执法人员出示执法证件，全面、客观、公正地调查收集证据，制作询问笔录、现场检查笔录。'),
  step('告知', '拟作出行政处罚决定前，告知当事人拟处罚的事实、理由、依据和内容，以及陈述、申辩和要求听证的权利。'),
  step('法制审核', '涉及重大公共利益、情节复杂或者可能作出重大处罚决定的，由法制审核机构进行法制审核。'),
  step('决定', '根据调查结果和陈述申辩、听证情况作出行政处罚决定，重大案件经集体讨论决定。'),
  step('送达', '行政处罚决定书在宣告后当场交付当事人；当事人不在场的，七日内依照民事诉讼法有关规定送达。', '7日'),
  step('执行', '当事人履行处罚决定；逾期不履行的，依法加处罚款或者申请人民法院强制执行，并按规定公示处罚信息。'),
];

const COERCION_FLOW: FlowStep[] = [
  step('报批', '实施前向行政机关负责人报告并经批准；情况紧急需要当场实施的，在二十四小时内补办批准手续。'),
  step(
    '实施',
    '两名以上执法人员出示执法证件，通知当事人到场，当场告知采取行政强制的理由、依据以及当事人依法享有的权利、救济途径。',
  ),
  step('听取陈述申辩', '听取当事人的陈述和申辩，制作现场笔录，由当事人和执法人员签名或者盖章。'),
  step('送达决定书', '制作并当场交付行政强制决定书和清单。'),
  step('处理', '在法定期限内查明事实，依法作出处理决定，对不再需要采取强制措施的及时解除。'),
];

const INSPECTION_FLOW: FlowStep[] = [
  step('制定计划', '按照“双随机、一公开”要求制定年度检查计划，随机抽取检查对象和执法检查人员。'),
  step('实施检查', '两名以上执法人员出示执法证件，按照检查事项清单开展检查。'),
  step('制作记录', '如实记录检查情况，由被检查对象签字确认。'),
  step('处理', '发现问题的责令限期整改；涉嫌违法的依法立案查处。'),
  step('公示', '检查结果自作出之日起二十个工作日内通过国家企业信用信息公示系统等渠道公示。'),
];

const ADJUDICATION_FLOW: FlowStep[] = [
  step('受理', '审查申请是否符合受理条件，符合的予以受理并通知对方当事人，不符合的书面告知不予受理的理由。', '7日'),
  step('调查', '调查核实争议事实，收集证据，必要时组织现场勘验。'),
  step('调解', '在查清事实、分清权属关系的基础上先行调解；调解达成协议的制作调解书。'),
  step('裁决', '调解不成的依法作出裁决（处理决定），告知当事人诉讼权利和期限。'),
  step('送达', '将裁决书（处理决定书）送达双方当事人。'),
];

export function buildFlow(type: ItemType, promise: TimeLimit | undefined, resultName: string): FlowStep[] {
  switch (type) {
    case '01':
      return licensingFlow(promise, resultName);
    case '02':
      return PENALTY_FLOW.map((s) => ({ ...s }));
    case '03':
      return COERCION_FLOW.map((s) => ({ ...s }));
    case '06':
      return INSPECTION_FLOW.map((s) => ({ ...s }));
    case '09':
      return ADJUDICATION_FLOW.map((s) => ({ ...s }));
    case '05':
      return applicationFlow(promise, '审批', resultName);
    case '08':
      return applicationFlow(promise, '决定', resultName);
    case '04':
      return applicationFlow(promise, '核定', resultName);
    case '07':
      return applicationFlow(promise, '确认', resultName);
    default:
      return applicationFlow(promise, '办理', resultName);
  }
}
