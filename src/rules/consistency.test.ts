import { CONSISTENCY_RULES } from './consistency.js';
import { runRuleCases, type RuleCase } from './rule-cases.js';
import type { CheckSubject } from './types.js';

/** Application fixtures declare 全程网办; cases about visits and forms start from a Ⅲ级 item without depths. */
const notFullyOnline = (s: CheckSubject) =>
  void (s.content.ext = { ...s.content.ext, onlineLevel: '3', onlineDepths: ['1', '2', '3'] });

const timeCases: RuleCase[] = [
  {
    rule: 'consistency.instant-project-type',
    name: '即办件承诺5个工作日',
    patch: (s) => void (s.content.projectType = '1'),
    expect: [['consistency.instant-project-type', 'content.projectType']],
    message: /当前为5个工作日/,
  },
  {
    rule: 'consistency.instant-project-type',
    name: '承诺件承诺即时',
    type: '20',
    patch: (s) => void (s.content.projectType = '2'),
    expect: [['consistency.instant-project-type', 'content.projectType']],
  },
  {
    rule: 'consistency.instant-project-type',
    name: '即办件承诺0个工作日',
    patch: (s) => void Object.assign(s.content, { projectType: '1', promiseLimit: { value: 0, unit: '1' } }),
    expect: [],
  },
  {
    rule: 'consistency.promise-within-legal',
    name: '承诺25个工作日超过法定20个工作日',
    patch: (s) => void (s.content.promiseLimit = { value: 25, unit: '1' }),
    expect: [['consistency.promise-within-legal', 'content.promiseLimit.value']],
    message: /25个工作日）超过法定办结时限（20个工作日/,
  },
  {
    rule: 'consistency.promise-within-legal',
    name: '承诺25个工作日超过法定20个自然日',
    patch: (s) =>
      void Object.assign(s.content, { promiseLimit: { value: 25, unit: '1' }, legalLimit: { value: 20, unit: '2' } }),
    expect: [['consistency.promise-within-legal', 'content.promiseLimit.value']],
  },
  {
    rule: 'consistency.promise-within-legal',
    name: '法定即时而承诺5日',
    type: '20',
    patch: (s) => void Object.assign(s.content, { projectType: '2', promiseLimit: { value: 5, unit: '1' } }),
    expect: [['consistency.promise-within-legal', 'content.promiseLimit.value']],
  },
  {
    rule: 'consistency.promise-within-legal',
    name: '承诺25个自然日与法定20个工作日无法确定',
    patch: (s) => void Object.assign(s.content, { promiseLimit: { value: 25, unit: '2' } }),
    expect: [],
  },
  {
    rule: 'consistency.promise-within-legal',
    name: '承诺等于法定',
    patch: (s) => void (s.content.promiseLimit = { value: 20, unit: '1' }),
    expect: [],
  },
  {
    rule: 'consistency.time-limit-unit',
    name: '公布原文只写「20」',
    patch: (s) => void (s.content.legalLimit = { text: '20' }),
    expect: [['consistency.time-limit-unit', 'content.legalLimit.unit']],
    message: /公布原文为「20」，无法确定数值和单位/,
  },
  {
    rule: 'consistency.time-limit-unit',
    name: '公布原文「一个月」得出数值和单位',
    patch: (s) => {
      s.content.legalLimit = { text: '一个月' };
      s.content.promiseLimit = { text: '即时办结' };
      s.content.projectType = '1';
    },
    expect: [],
  },
  {
    rule: 'consistency.promise-within-legal',
    name: '由原文得出的承诺时限超过法定时限',
    patch: (s) => {
      s.content.legalLimit = { text: '20个工作日' };
      s.content.promiseLimit = { text: '二十五个工作日' };
    },
    expect: [['consistency.promise-within-legal', 'content.promiseLimit.value']],
  },
  {
    rule: 'consistency.legal-limit-note',
    name: '法定时限0个工作日无说明',
    patch: (s) => void (s.content.legalLimit = { value: 0, unit: '1' }),
    expect: [['consistency.legal-limit-note', 'content.legalLimit.note']],
  },
  {
    rule: 'consistency.legal-limit-note',
    name: '法定时限0并说明未规定',
    patch: (s) => void (s.content.legalLimit = { value: 0, unit: '1', note: '法律法规未规定办结时限' }),
    expect: [],
  },
  {
    rule: 'consistency.plan-dates',
    name: '取消日期早于生效日期',
    patch: (s) => void Object.assign(s.content, { planEffectiveDate: '2025-01-01', planCancelDate: '2024-12-31' }),
    expect: [['consistency.plan-dates', 'content.planCancelDate']],
  },
  {
    rule: 'consistency.plan-dates',
    name: '取消日期等于生效日期',
    patch: (s) => void Object.assign(s.content, { planEffectiveDate: '2025-01-01', planCancelDate: '2025-01-01' }),
    expect: [['consistency.plan-dates', 'content.planCancelDate']],
  },
  {
    rule: 'consistency.plan-dates',
    name: '取消日期晚于生效日期',
    patch: (s) => void Object.assign(s.content, { planEffectiveDate: '2025-01-01', planCancelDate: '2026-06-30' }),
    expect: [],
  },
];

const visitCases: RuleCase[] = [
  {
    rule: 'consistency.scene-visit-reason',
    name: '到现场1次没有原因',
    patch: (s) => {
      notFullyOnline(s);
      s.content.sceneVisits = 1;
    },
    expect: [['consistency.scene-visit-reason', 'content.sceneVisitReason']],
  },
  {
    rule: 'consistency.scene-visit-reason',
    name: '到现场1次写明原因',
    patch: (s) => {
      notFullyOnline(s);
      Object.assign(s.content, { sceneVisits: 1, sceneVisitReason: '领取许可证时现场核验身份' });
    },
    expect: [],
  },
  {
    rule: 'consistency.zero-visit-reason',
    name: '零跑动却写了现场原因',
    patch: (s) => void (s.content.sceneVisitReason = '现场核验原件'),
    expect: [['consistency.zero-visit-reason', 'content.sceneVisitReason']],
  },
  { rule: 'consistency.zero-visit-reason', name: '零跑动不写原因', expect: [] },
  {
    rule: 'consistency.zero-visit-express',
    name: '零跑动只能窗口办理',
    type: '20',
    patch: (s) => {
      notFullyOnline(s);
      s.content.handleForms = ['1'];
    },
    expect: [['consistency.zero-visit-express', 'content.handleForms']],
  },
  {
    rule: 'consistency.zero-visit-express',
    name: '零跑动窗口加快递',
    type: '20',
    patch: (s) => {
      notFullyOnline(s);
      s.content.handleForms = ['1', '3'];
    },
    expect: [],
  },
  {
    rule: 'consistency.fully-online-zero-visits',
    name: 'Ⅳ级网办却要跑1次',
    patch: (s) => void Object.assign(s.content, { sceneVisits: 1, sceneVisitReason: '现场核验' }),
    expect: [['consistency.fully-online-zero-visits', 'content.sceneVisits']],
  },
  {
    rule: 'consistency.fully-online-zero-visits',
    name: 'Ⅲ级网办跑1次',
    patch: (s) => {
      notFullyOnline(s);
      Object.assign(s.content, { sceneVisits: 1, sceneVisitReason: '现场核验' });
    },
    expect: [],
  },
  {
    rule: 'consistency.online-depth-handle-form',
    name: 'Ⅳ级网办但办理形式无网上办理',
    patch: (s) => void (s.content.handleForms = ['1', '3']),
    expect: [['consistency.online-depth-handle-form', 'content.handleForms']],
  },
  {
    rule: 'consistency.online-depth-handle-form',
    name: '深度含互联网办理但办理形式无网上办理',
    patch: (s) => {
      s.content.ext = { ...s.content.ext, onlineLevel: '3' };
      s.content.handleForms = ['1', '3'];
    },
    expect: [['consistency.online-depth-handle-form', 'content.handleForms']],
  },
  {
    rule: 'consistency.online-depth-handle-form',
    name: '只到互联网预审的窗口事项',
    patch: (s) => {
      notFullyOnline(s);
      s.content.handleForms = ['1', '3'];
    },
    expect: [],
  },
  {
    rule: 'consistency.exempt-not-online',
    name: '不予网办却声明网上办理',
    type: '10',
    patch: (s) => void (s.content.online = { channel: 'exempt', exemption: 'secret', exemptionReason: '涉及国家秘密' }),
    expect: [
      ['consistency.exempt-not-online', 'content.handleForms'],
      ['consistency.exempt-not-online', 'content.ext.onlineLevel'],
    ],
  },
  { rule: 'consistency.exempt-not-online', name: '处罚不予网办', type: '02', expect: [] },
  {
    rule: 'consistency.exempt-not-online',
    name: '不予网办但可网上咨询',
    type: '10',
    patch: (s) => {
      s.content.online = { channel: 'exempt', exemption: 'law', exemptionReason: '依法须现场办理' };
      s.content.handleForms = ['1', '3'];
      s.content.ext = { ...s.content.ext, onlineDepths: ['1'], onlineLevel: '1' };
    },
    expect: [],
  },
];

const feeCases: RuleCase[] = [
  {
    rule: 'consistency.fee-details',
    name: '收费却无依据、项目和支付说明',
    patch: (s) => void (s.content.isFee = true),
    expect: [
      ['consistency.fee-details', 'content.feeBasis'],
      ['consistency.fee-details', 'content.fees'],
      ['consistency.fee-details', 'content.ext.onlinePayment'],
    ],
  },
  {
    rule: 'consistency.fee-details',
    name: '收费项目标准为空白',
    type: '04',
    patch: (s) => void (s.content.fees![0]!.standard = ' '),
    expect: [['consistency.fee-details', 'content.fees.0.standard']],
  },
  { rule: 'consistency.fee-details', name: '征收收费要素齐全', type: '04', expect: [] },
  {
    rule: 'consistency.no-fee-rows',
    name: '不收费却有收费项目和网上支付',
    type: '04',
    patch: (s) => void (s.content.isFee = false),
    expect: [
      ['consistency.no-fee-rows', 'content.fees'],
      ['consistency.no-fee-rows', 'content.ext.onlinePayment'],
    ],
  },
  {
    rule: 'consistency.no-fee-rows',
    name: '不收费也不支持网上支付',
    patch: (s) => void (s.content.ext = { ...s.content.ext, onlinePayment: false }),
    expect: [],
  },
];

runRuleCases(CONSISTENCY_RULES, [...timeCases, ...visitCases, ...feeCases]);
