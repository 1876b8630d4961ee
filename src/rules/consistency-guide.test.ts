import { GUIDE_CONSISTENCY_RULES } from './consistency-guide.js';
import { asParentWithoutDetails, runRuleCases, type RuleCase } from './rule-cases.js';
import type { CheckSubject } from './types.js';

const consultPhone = (phone: string) => (s: CheckSubject) => void (s.content.consult = { ...s.content.consult, phone });

const phoneCases: RuleCase[] = [
  {
    rule: 'consistency.phones-present',
    name: '没有咨询电话',
    patch: (s) => void delete s.content.consult!.phone,
    expect: [['consistency.phones-present', 'content.consult.phone']],
    message: /0349-6012345/,
  },
  {
    rule: 'consistency.phones-present',
    name: '投诉电话没有号码',
    patch: (s) => void (s.content.supervise!.phone = '请拨打本单位电话'),
    expect: [['consistency.phones-present', 'content.supervise.phone']],
    message: /监督投诉电话「请拨打本单位电话」中没有可识别的电话号码/,
  },
  {
    rule: 'consistency.phones-present',
    name: '咨询电话填了字母',
    patch: consultPhone('abc'),
    expect: [['consistency.phones-present', 'content.consult.phone']],
    message: /^咨询电话「abc」中没有可识别的电话号码：/,
  },
  {
    rule: 'consistency.phones-present',
    name: '咨询电话只有空格',
    patch: consultPhone('  '),
    expect: [['consistency.phones-present', 'content.consult.phone']],
    message: /^咨询电话不能为空：/,
  },
  { rule: 'consistency.phones-present', name: '有下级事项的子项不要求电话', patch: asParentWithoutDetails, expect: [] },
  {
    rule: 'consistency.phones-distinct',
    name: '投诉电话与咨询电话相同',
    patch: (s) => void (s.content.supervise!.phone = '0349 6012345'),
    expect: [['consistency.phones-distinct', 'content.supervise.phone']],
  },
  {
    rule: 'consistency.phones-distinct',
    name: '都可拨打12345',
    patch: (s) => {
      s.content.consult!.phone = '12345';
      s.content.supervise!.phone = '12345';
    },
    expect: [],
  },
  {
    rule: 'consistency.phone-area-code',
    name: '咨询电话缺区号',
    patch: consultPhone('6012345'),
    expect: [['consistency.phone-area-code', 'content.consult.phone']],
    message: /应以本地区号 0349 开头/,
  },
  {
    rule: 'consistency.phone-area-code',
    name: '投诉电话是外地区号',
    patch: (s) => void (s.content.supervise!.phone = '0351-7654321'),
    expect: [['consistency.phone-area-code', 'content.supervise.phone']],
  },
  {
    rule: 'consistency.phone-area-code',
    name: '部署区号不同时本地号码也要报告',
    patch: (_s, c) => void (c.areaCode = '0351'),
    expect: [
      ['consistency.phone-area-code', 'content.consult.phone'],
      ['consistency.phone-area-code', 'content.supervise.phone'],
    ],
  },
  {
    rule: 'consistency.phone-area-code',
    name: '括号区号、分机号和办公时间',
    patch: consultPhone('（0349）6012345转801（工作日8:30—17:30）'),
    expect: [],
  },
  {
    rule: 'consistency.phone-area-code',
    name: '不带连字符的区号和手机号',
    patch: consultPhone('03496012345、13912345678'),
    expect: [],
  },
];

const resultCases: RuleCase[] = [
  {
    rule: 'consistency.result-type',
    name: '结果名称为证但类型为批文',
    patch: (s) => void (s.content.ext!.resultType = '2'),
    expect: [['consistency.result-type', 'content.ext.resultType']],
    message: /应为「证照」/,
  },
  {
    rule: 'consistency.result-type',
    name: '凭证不是证照',
    patch: (s) => void ((s.content.ext!.resultName = '完税凭证'), (s.content.ext!.resultType = '3')),
    expect: [],
  },
  {
    rule: 'consistency.result-type',
    name: '结果名称为批复但类型为证照',
    patch: (s) => void (s.content.ext!.resultName = '关于食品经营许可的批复'),
    expect: [['consistency.result-type', 'content.ext.resultType']],
  },
  {
    rule: 'consistency.result-type',
    name: '证照名称带括号说明',
    patch: (s) => void (s.content.ext!.resultName = '食品经营许可证（正、副本）'),
    expect: [],
  },
  {
    rule: 'consistency.licensing-faq',
    name: '许可没有常见问题',
    patch: (s) => void (s.content.faqs = []),
    expect: [['consistency.licensing-faq', 'content.faqs']],
  },
  { rule: 'consistency.licensing-faq', name: '确认事项没有常见问题', type: '07', expect: [] },
  {
    rule: 'consistency.licensing-flow-steps',
    name: '许可流程只有3个环节',
    patch: (s) => void (s.content.flow = s.content.flow!.slice(0, 3)),
    expect: [['consistency.licensing-flow-steps', 'content.flow']],
    message: /只有3个环节/,
  },
  {
    rule: 'consistency.licensing-flow-steps',
    name: '确认流程3个环节',
    type: '07',
    patch: (s) => void (s.content.flow = s.content.flow!.slice(0, 3)),
    expect: [],
  },
  {
    rule: 'consistency.licensing-result-sample',
    name: '许可有结果证照但无样本',
    patch: (s) => void delete s.content.ext!.resultSample,
    expect: [['consistency.licensing-result-sample', 'content.ext.resultSample']],
  },
  {
    rule: 'consistency.licensing-result-sample',
    name: '许可无审批结果',
    patch: (s) => {
      const ext = s.content.ext!;
      delete ext.resultSample;
      delete ext.resultName;
      ext.resultType = '0';
    },
    expect: [],
  },
];

const themeCases: RuleCase[] = [
  {
    rule: 'consistency.service-object-themes',
    name: '服务对象含自然人但无自然人主题',
    patch: (s) => void (s.content.serviceObjects = ['1', '2']),
    expect: [['consistency.service-object-themes', 'content.ext.personThemes']],
  },
  {
    rule: 'consistency.service-object-themes',
    name: '只服务企业却选自然人主题',
    type: '20',
    patch: (s) => void (s.content.serviceObjects = ['2']),
    expect: [
      ['consistency.service-object-themes', 'content.ext.personThemes'],
      ['consistency.service-object-themes', 'content.ext.corporateThemes'],
    ],
  },
  { rule: 'consistency.service-object-themes', name: '处罚同时面向自然人和法人', type: '02', expect: [] },
];

runRuleCases(GUIDE_CONSISTENCY_RULES, [...phoneCases, ...resultCases, ...themeCases]);
