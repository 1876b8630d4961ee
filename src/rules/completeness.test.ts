import type { ItemContent } from '../domain/item-content.js';
import { COMPLETENESS_RULES } from './completeness.js';
import { BASIC_ELEMENTS, ELEMENTS } from './requirements.js';
import { asParentWithoutDetails, runRuleCases, type RuleCase } from './rule-cases.js';
import type { CheckSubject } from './types.js';

const drop =
  (...keys: Array<keyof ItemContent>) =>
  (s: CheckSubject) => {
    for (const key of keys) delete s.content[key];
  };
const missing = (key: string, path: string): [string, string] => [`completeness.${key}`, path];

const failing: RuleCase[] = [
  {
    rule: 'completeness.task-code',
    name: '实施编码缺失',
    patch: (s) => void delete s.taskCode,
    expect: [missing('task-code', 'taskCode')],
  },
  {
    rule: 'completeness.name',
    name: '事项名称为空白',
    patch: (s) => void (s.content.name = '  '),
    expect: [missing('name', 'content.name')],
    message: /事项名称不能为空/,
  },
  {
    rule: 'completeness.catalog-code',
    name: '基本编码为空',
    patch: (s) => void (s.content.catalogCode = ''),
    expect: [missing('catalog-code', 'content.catalogCode'), ['code.task-code-catalog', 'taskCode']],
  },
  {
    rule: 'completeness.type',
    name: '事项类型不是有效代码',
    type: '07',
    patch: (s) => void Object.assign(s.content, { type: '99' }),
    expect: [missing('type', 'content.type')],
  },
  {
    rule: 'completeness.set-basis',
    name: '没有设定依据',
    patch: (s) => void (s.content.setBasis = []),
    expect: [missing('set-basis', 'content.setBasis')],
    message: /设定依据不能为空：请至少填写一条/,
  },
  {
    rule: 'completeness.use-levels',
    name: '没有行使层级',
    patch: (s) => void (s.content.useLevels = []),
    expect: [missing('use-levels', 'content.useLevels')],
  },
  {
    rule: 'completeness.service-objects',
    name: '许可没有服务对象（主题分类随之不一致）',
    patch: drop('serviceObjects'),
    expect: [
      missing('service-objects', 'content.serviceObjects'),
      ['consistency.service-object-themes', 'content.ext.corporateThemes'],
    ],
  },
  {
    rule: 'completeness.transact-addr',
    name: '处罚没有办理地点',
    type: '02',
    patch: drop('transactAddr'),
    expect: [missing('transact-addr', 'content.transactAddr')],
  },
  {
    rule: 'completeness.transact-time',
    name: '强制的办理时间为空',
    type: '03',
    patch: (s) => void (s.content.transactTime = ''),
    expect: [missing('transact-time', 'content.transactTime')],
  },
  {
    rule: 'completeness.consult',
    name: '检查的咨询方式全空',
    type: '06',
    patch: (s) => void (s.content.consult = { window: ' ' }),
    expect: [missing('consult', 'content.consult'), ['consistency.phones-present', 'content.consult.phone']],
  },
  {
    rule: 'completeness.supervise',
    name: '公共服务没有监督投诉方式',
    type: '20',
    patch: drop('supervise'),
    expect: [missing('supervise', 'content.supervise'), ['consistency.phones-present', 'content.supervise.phone']],
  },
  {
    rule: 'completeness.online',
    name: '确认没有网上办理渠道',
    type: '07',
    patch: drop('online'),
    expect: [missing('online', 'content.online')],
  },
  {
    rule: 'completeness.power-source',
    name: '给付没有权力来源',
    type: '05',
    patch: drop('powerSource'),
    expect: [missing('power-source', 'content.powerSource')],
  },
  {
    rule: 'completeness.accept-condition',
    name: '许可没有受理条件',
    patch: drop('acceptCondition'),
    expect: [missing('accept-condition', 'content.acceptCondition')],
    message: /受理条件不能为空/,
  },
  {
    rule: 'completeness.legal-limit',
    name: '征收没有法定时限',
    type: '04',
    patch: drop('legalLimit'),
    expect: [missing('legal-limit', 'content.legalLimit')],
  },
  {
    rule: 'completeness.promise-limit',
    name: '给付没有承诺时限',
    type: '05',
    patch: drop('promiseLimit'),
    expect: [missing('promise-limit', 'content.promiseLimit')],
  },
  {
    rule: 'completeness.project-type',
    name: '确认没有办件类型',
    type: '07',
    patch: drop('projectType'),
    expect: [missing('project-type', 'content.projectType')],
  },
  {
    rule: 'completeness.handle-forms',
    name: '奖励没有办理形式',
    type: '08',
    patch: drop('handleForms'),
    expect: [missing('handle-forms', 'content.handleForms')],
  },
  {
    rule: 'completeness.scene-visits',
    name: '裁决没有到现场次数',
    type: '09',
    patch: drop('sceneVisits'),
    expect: [missing('scene-visits', 'content.sceneVisits')],
  },
  {
    rule: 'completeness.is-fee',
    name: '其他权力没有是否收费',
    type: '10',
    patch: drop('isFee'),
    expect: [missing('is-fee', 'content.isFee')],
  },
  {
    rule: 'completeness.flow',
    name: '许可的办理流程为空',
    patch: (s) => void (s.content.flow = []),
    expect: [missing('flow', 'content.flow')],
  },
  {
    rule: 'completeness.materials',
    name: '公共服务没有申请材料',
    type: '20',
    patch: drop('materials'),
    expect: [missing('materials', 'content.materials')],
  },
  {
    rule: 'completeness.special-procedure',
    name: '许可没有特别程序',
    patch: drop('specialProcedure'),
    expect: [missing('special-procedure', 'content.specialProcedure')],
  },
  {
    rule: 'completeness.penalty',
    name: '处罚没有处罚要素',
    type: '02',
    patch: drop('penalty'),
    expect: [missing('penalty', 'content.penalty')],
  },
  {
    rule: 'completeness.coercion',
    name: '强制没有强制要素',
    type: '03',
    patch: drop('coercion'),
    expect: [missing('coercion', 'content.coercion')],
  },
  {
    rule: 'completeness.levy',
    name: '征收没有征收要素',
    type: '04',
    patch: drop('levy'),
    expect: [missing('levy', 'content.levy')],
  },
  {
    rule: 'completeness.benefit',
    name: '给付没有给付要素',
    type: '05',
    patch: drop('benefit'),
    expect: [missing('benefit', 'content.benefit')],
  },
  {
    rule: 'completeness.inspection',
    name: '检查没有检查要素',
    type: '06',
    patch: drop('inspection'),
    expect: [missing('inspection', 'content.inspection')],
  },
  {
    rule: 'completeness.reward',
    name: '奖励没有奖励要素',
    type: '08',
    patch: drop('reward'),
    expect: [missing('reward', 'content.reward')],
  },
  {
    rule: 'completeness.adjudication',
    name: '裁决没有裁决要素',
    type: '09',
    patch: drop('adjudication'),
    expect: [missing('adjudication', 'content.adjudication')],
  },
];

/** Elements a type does not need: each is a passing case for that element's rule. */
const notRequired: RuleCase[] = [
  {
    rule: 'completeness.power-source',
    name: '公共服务不需要权力来源',
    type: '20',
    patch: drop('powerSource'),
    expect: [],
  },
  {
    rule: 'completeness.accept-condition',
    name: '处罚没有受理条件',
    type: '02',
    patch: drop('acceptCondition'),
    expect: [],
  },
  { rule: 'completeness.materials', name: '检查没有申请材料', type: '06', patch: drop('materials'), expect: [] },
  { rule: 'completeness.is-fee', name: '强制不填是否收费', type: '03', patch: drop('isFee'), expect: [] },
];

/** A 子项 with children needs the basic elements only. */
const parentCases: RuleCase[] = ELEMENTS.map((element) => ({
  rule: `completeness.${element.key}`,
  name: '有下级事项的子项只填基本要素',
  type: '01',
  patch: asParentWithoutDetails,
  expect: [],
}));
const basicOnParent: RuleCase[] = BASIC_ELEMENTS.map((element) => ({
  rule: `completeness.${element.key}`,
  name: '有下级事项的子项同样要有基本要素',
  type: '09',
  patch: asParentWithoutDetails,
  expect: [],
}));
const parentStillNeedsBasics: RuleCase = {
  rule: 'completeness.set-basis',
  name: '有下级事项的子项缺少设定依据',
  type: '09',
  patch: (s) => {
    asParentWithoutDetails(s);
    s.content.setBasis = [];
  },
  expect: [missing('set-basis', 'content.setBasis')],
};

const conditional: RuleCase[] = [
  {
    rule: 'completeness.entrust-name',
    name: '上级委托未填委托部门',
    patch: (s) => void (s.content.powerSource = '5'),
    expect: [missing('entrust-name', 'content.entrustName')],
  },
  {
    rule: 'completeness.entrust-name',
    name: '同级委托填写了委托部门',
    patch: (s) => void Object.assign(s.content, { powerSource: '6', entrustName: '朔州市平鲁区市场监督管理局' }),
    expect: [],
  },
  {
    rule: 'completeness.online-url',
    name: '本单位网办系统未填地址',
    patch: (s) => void (s.content.online = { channel: 'own' }),
    expect: [missing('online-url', 'content.online.url')],
    message: /第十条/,
  },
  {
    rule: 'completeness.online-url',
    name: '本单位网办系统填了地址',
    patch: (s) => void (s.content.online = { channel: 'own', url: 'https://spjy.pinglu.gov.cn/apply' }),
    expect: [],
  },
  {
    rule: 'completeness.online-exemption',
    name: '不予网办未写情形和理由',
    type: '02',
    patch: (s) => void (s.content.online = { channel: 'exempt' }),
    expect: [
      missing('online-exemption', 'content.online.exemption'),
      missing('online-exemption', 'content.online.exemptionReason'),
    ],
  },
  { rule: 'completeness.online-exemption', name: '处罚依法不予网办并写明理由', type: '02', expect: [] },
  {
    rule: 'completeness.foreign-type-block',
    name: '许可填写了处罚要素',
    patch: (s) => void (s.content.penalty = { violation: '无证经营', kinds: ['2'], range: '五万元以上十万元以下罚款' }),
    expect: [['completeness.foreign-type-block', 'content.penalty']],
    message: /请核对事项类型/,
  },
  { rule: 'completeness.foreign-type-block', name: '处罚填写自己的处罚要素', type: '02', expect: [] },
  {
    rule: 'completeness.material-details',
    name: '真实指南没有给出必要性和来源渠道',
    patch: (s) => {
      delete s.content.materials![0]!.necessity;
      delete s.content.materials![0]!.source;
    },
    expect: [
      ['completeness.material-details', 'content.materials.0.necessity'],
      ['completeness.material-details', 'content.materials.0.source'],
    ],
    message: /材料「食品经营许可申请书」的来源渠道不能为空/,
  },
  { rule: 'completeness.material-details', name: '材料要素齐全', expect: [] },
  {
    rule: 'completeness.type-enabled',
    name: '部署未启用行政备案',
    type: '11',
    patch: (_s, c) => void (c.itemTypes = ['01', '20']),
    expect: [['completeness.type-enabled', 'content.type']],
    message: /本部署未启用事项类型「行政备案」：请选择行政许可、公共服务之一/,
  },
  {
    rule: 'completeness.type-enabled',
    name: '部署启用了行政备案',
    type: '11',
    patch: (_s, c) => void (c.itemTypes = ['01', '11', '20']),
    expect: [],
  },
];

runRuleCases(COMPLETENESS_RULES, [
  ...failing,
  ...notRequired,
  ...parentCases,
  ...basicOnParent,
  parentStillNeedsBasics,
  ...conditional,
]);
