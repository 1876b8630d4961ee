import Type, { type Static } from 'typebox';
import {
  COERCION_KINDS,
  DEPT_NATURES,
  HANDLE_FORMS,
  INSPECTION_METHODS,
  ITEM_TYPES,
  MATERIAL_FORMS,
  MATERIAL_KINDS,
  MATERIAL_NECESSITIES,
  MATERIAL_SOURCES,
  ONLINE_CHANNELS,
  ONLINE_DEPTHS,
  ONLINE_EXEMPTIONS,
  ONLINE_LEVELS,
  PAPER_COPY_KINDS,
  PENALTY_KINDS,
  POWER_SOURCES,
  PROJECT_TYPES,
  RESULT_TYPES,
  SERVICE_OBJECTS,
  TIME_UNITS,
  UNIVERSAL_SCOPES,
  USE_LEVELS,
} from './enums.js';
import { CatalogCode, Code, CodeSet, Flag, IsoDate, ShortText, Text, titled, Url } from './schema-helpers.js';

/**
 * The content of one version of an implementation item (实施清单 entry): every element of domain.md §3.3.
 * Identity (unit, 实施编码, granularity, parent) lives on the item, not here; what is here is what a version
 * changes, what the verifier checks and what the public sees.
 *
 * Only the name is required: a draft saves with anything else missing, as real guides often lack values
 * (材料必要性, 来源渠道, 基本编码 …). The rules engine (src/rules) says what a complete item of each type must
 * have, and its errors block submission, never the save.
 */

/** A structured legal citation down to 条/款/项. `docId` links the legal-basis register. */
export const Citation = Type.Object(
  {
    docId: Type.Optional(Type.String({ title: '法律文件', maxLength: 64, 'x-ref': 'legal-document' })),
    title: Text('法律文件名称', 500, 1),
    docNo: Type.Optional(ShortText('文号')),
    article: Type.Optional(ShortText('条')),
    paragraph: Type.Optional(ShortText('款')),
    item: Type.Optional(ShortText('项')),
    text: Type.Optional(Text('条文内容', 8000)),
  },
  { additionalProperties: false, title: '依据' },
);
export type Citation = Static<typeof Citation>;

/**
 * A time limit as published ("20个工作日", "一个月", "即时办结", or "20" with no unit) in `text`, with the
 * number and unit derived from it where they can be (domain/time-limit.ts); a finding says when they cannot.
 */
export const TimeLimit = Type.Object(
  {
    text: Type.Optional(ShortText('时限（公布原文）')),
    value: Type.Optional(Type.Number({ title: '时限', minimum: 0, maximum: 3650 })),
    unit: Type.Optional(Code(TIME_UNITS, '时限单位')),
    note: Type.Optional(Text('时限说明', 1000)),
  },
  { additionalProperties: false },
);
export type TimeLimit = Static<typeof TimeLimit>;

export const Attachment = Type.Object(
  {
    name: Text('文件名称', 300, 1),
    url: Url('下载地址'),
  },
  { additionalProperties: false },
);

/** 咨询方式 / 监督投诉方式, by channel. */
export const Contacts = Type.Object(
  {
    phone: Type.Optional(Text('电话', 200)),
    window: Type.Optional(Text('窗口', 500)),
    web: Type.Optional(Text('网络', 500)),
    letter: Type.Optional(Text('信件', 500)),
    email: Type.Optional(Text('邮件', 200)),
  },
  { additionalProperties: false },
);
export type Contacts = Static<typeof Contacts>;

export const Material = Type.Object(
  {
    name: Text('材料名称', 500, 1),
    necessity: Type.Optional(Code(MATERIAL_NECESSITIES, '材料必要性')),
    kind: Type.Optional(Code(MATERIAL_KINDS, '材料分类')),
    form: Type.Optional(Code(MATERIAL_FORMS, '材料形式')),
    paperCopyKind: Type.Optional(Code(PAPER_COPY_KINDS, '材料类型')),
    paperCopies: Type.Optional(Type.Integer({ title: '纸质材料份数', minimum: 0, maximum: 99 })),
    paperSpec: Type.Optional(ShortText('纸质材料规格')),
    source: Type.Optional(Code(MATERIAL_SOURCES, '来源渠道')),
    sourceNote: Type.Optional(Text('来源渠道说明', 1000)),
    blankForm: Type.Optional(titled(Attachment, '空白表格')),
    sample: Type.Optional(titled(Attachment, '示例样表')),
    fillNotes: Type.Optional(Text('填报须知')),
    acceptStandard: Type.Optional(Text('受理标准')),
    basis: Type.Optional(Text('要求提供材料的依据', 2000)),
    scenarios: Type.Optional(Type.Array(ShortText('适用情形'), { title: '适用办理情形', uniqueItems: true })),
    remark: Type.Optional(Text('备注', 1000)),
  },
  { additionalProperties: false, title: '申请材料' },
);
export type Material = Static<typeof Material>;

export const Fee = Type.Object(
  {
    name: Text('收费项目名称', 300, 1),
    standard: Text('收费标准', 2000, 1),
    basis: Type.Optional(Text('收费依据', 2000)),
    reducible: Flag('是否允许减免'),
    reductionBasis: Type.Optional(Text('允许减免依据', 2000)),
    remark: Type.Optional(Text('备注', 1000)),
  },
  { additionalProperties: false, title: '收费项目' },
);
export type Fee = Static<typeof Fee>;

export const Faq = Type.Object(
  {
    question: Text('问题', 1000, 1),
    answer: Text('解答', 4000, 1),
  },
  { additionalProperties: false, title: '常见问题' },
);
export type Faq = Static<typeof Faq>;

export const FlowStep = Type.Object(
  {
    name: Text('环节名称', 100, 1),
    description: Type.Optional(Text('环节说明', 2000)),
    timeLimit: Type.Optional(ShortText('环节时限')),
  },
  { additionalProperties: false, title: '办理环节' },
);

export const Scenario = Type.Object(
  {
    name: Text('情形名称', 200, 1),
    description: Type.Optional(Text('情形说明', 2000)),
    // Real guides give 办件类型 per situation (即办件 for one, 承诺件 for another).
    projectType: Type.Optional(Code(PROJECT_TYPES, '办件类型')),
  },
  { additionalProperties: false, title: '办理情形' },
);

export const Online = Type.Object(
  {
    channel: Code(ONLINE_CHANNELS, '网上办理渠道'),
    url: Type.Optional(Url('在线办理跳转地址')),
    mobileUrl: Type.Optional(Url('移动端办理地址')),
    pcSso: Type.Optional(Flag('计算机端是否对接单点登录')),
    mobileSso: Type.Optional(Flag('移动端是否对接单点登录')),
    exemption: Type.Optional(Code(ONLINE_EXEMPTIONS, '不予网办情形')),
    exemptionReason: Type.Optional(Text('不予网办理由及依据', 2000)),
  },
  { additionalProperties: false, title: '网上办理' },
);

export const Extension = Type.Object(
  {
    inHall: Type.Optional(Flag('是否进驻政务大厅')),
    express: Type.Optional(Flag('是否支持物流快递')),
    onlinePayment: Type.Optional(Flag('是否支持网上支付')),
    appointment: Type.Optional(Flag('是否支持预约办理')),
    selfServiceTerminal: Type.Optional(Flag('是否支持自助终端办理')),
    universalScope: Type.Optional(CodeSet(UNIVERSAL_SCOPES, '通办范围')),
    quantityLimit: Type.Optional(ShortText('数量限制')),
    onlineDepths: Type.Optional(CodeSet(ONLINE_DEPTHS, '网上办理深度')),
    onlineLevel: Type.Optional(Code(ONLINE_LEVELS, '网办深度等级')),
    jointAgencies: Type.Optional(Text('联办机构', 1000)),
    resultType: Type.Optional(Code(RESULT_TYPES, '审批结果类型')),
    resultName: Type.Optional(ShortText('审批结果名称')),
    resultSample: Type.Optional(titled(Attachment, '审批结果样本')),
    intermediary: Type.Optional(Text('中介服务', 1000)),
    townCode: Type.Optional(
      Type.String({ title: '乡镇街道代码', pattern: '^\\d{9,12}$', description: '应为 9 至 12 位数字' }),
    ),
    townName: Type.Optional(ShortText('乡镇街道名称')),
    villageCode: Type.Optional(
      Type.String({ title: '村居社区代码', pattern: '^\\d{12}$', description: '应为 12 位数字' }),
    ),
    villageName: Type.Optional(ShortText('村居社区名称')),
    personThemes: Type.Optional(
      Type.Array(ShortText('面向自然人主题'), { title: '面向自然人主题分类', uniqueItems: true }),
    ),
    corporateThemes: Type.Optional(
      Type.Array(ShortText('面向法人主题'), { title: '面向法人主题分类', uniqueItems: true }),
    ),
    localThemes: Type.Optional(Type.Array(ShortText('地方特色主题'), { title: '地方特色主题分类', uniqueItems: true })),
    extra: Type.Optional(
      Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 2000 }), { title: '扩展字段' }),
    ),
  },
  { additionalProperties: false, title: '扩展信息' },
);

/** Type-specific elements (national tables 处罚/征收/检查 …); the rules engine requires the block of the item's type. */
export const Penalty = Type.Object(
  {
    violation: Text('违法行为', 4000, 1),
    kinds: CodeSet(PENALTY_KINDS, '处罚种类', 1),
    range: Text('处罚幅度', 4000, 1),
    discretion: Type.Optional(Text('裁量基准', 8000)),
  },
  { additionalProperties: false, title: '行政处罚要素' },
);
export const Coercion = Type.Object(
  {
    kinds: CodeSet(COERCION_KINDS, '强制措施/执行方式', 1),
    conditions: Type.Optional(Text('实施条件', 4000)),
  },
  { additionalProperties: false, title: '行政强制要素' },
);
export const Levy = Type.Object(
  {
    kinds: Text('征收种类', 1000, 1),
    reliefApproval: Flag('是否涉及征收费减免的审批'),
  },
  { additionalProperties: false, title: '行政征收要素' },
);
export const Benefit = Type.Object(
  {
    standard: Text('给付标准', 4000, 1),
    recipients: Type.Optional(Text('给付对象', 1000)),
  },
  { additionalProperties: false, title: '行政给付要素' },
);
export const Inspection = Type.Object(
  {
    objects: Text('检查对象', 1000, 1),
    methods: CodeSet(INSPECTION_METHODS, '检查方式', 1),
    frequency: Type.Optional(ShortText('检查频次')),
  },
  { additionalProperties: false, title: '行政检查要素' },
);
export const Reward = Type.Object(
  {
    standard: Text('奖励标准', 4000, 1),
    forms: Type.Optional(ShortText('奖励形式')),
  },
  { additionalProperties: false, title: '行政奖励要素' },
);
export const Adjudication = Type.Object(
  {
    disputes: Text('裁决的争议类型', 2000, 1),
  },
  { additionalProperties: false, title: '行政裁决要素' },
);

/** A warning the clerk chose to keep, with the recorded justification (rules engine overrides). */
export const Override = Type.Object(
  {
    rule: Type.String({
      title: '规则',
      maxLength: 80,
      pattern: '^[a-z0-9.-]+$',
      description: '应为规则编号（小写字母、数字、点或连字符）',
    }),
    path: Type.String({ title: '字段', maxLength: 200 }),
    justification: Text('理由', 1000, 4),
    by: Type.Optional(Type.String({ maxLength: 64 })),
    at: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false, title: '警告说明' },
);
export type Override = Static<typeof Override>;

export const ItemContent = Type.Object(
  {
    // 基本要素 (identical across levels, Art. 8)
    name: Text('事项名称', 1000, 1),
    catalogCode: Type.Optional(CatalogCode()),
    localCatalogCode: Type.Optional(Type.String({ title: '地方基本编码', maxLength: 50 })),
    localTaskCode: Type.Optional(Type.String({ title: '地方实施编码', maxLength: 50 })),
    type: Type.Optional(Code(ITEM_TYPES, '事项类型')),
    setBasis: Type.Optional(Type.Array(Citation, { title: '设定依据' })),
    useLevels: Type.Optional(CodeSet(USE_LEVELS, '行使层级')),
    // 实施要素
    implBasis: Type.Optional(Type.Array(Citation, { title: '实施依据' })),
    competentDept: Type.Optional(ShortText('主管部门')),
    powerSource: Type.Optional(Code(POWER_SOURCES, '权力来源')),
    deptNature: Type.Optional(Code(DEPT_NATURES, '实施主体性质')),
    entrustName: Type.Optional(ShortText('委托部门')),
    acceptCondition: Type.Optional(Text('受理条件', 8000)),
    legalLimit: Type.Optional(titled(TimeLimit, '法定办结时限')),
    promiseLimit: Type.Optional(titled(TimeLimit, '承诺办结时限')),
    projectType: Type.Optional(Code(PROJECT_TYPES, '办件类型')),
    serviceObjects: Type.Optional(CodeSet(SERVICE_OBJECTS, '服务对象')),
    serviceObjectsNote: Type.Optional(Text('服务对象说明', 1000)),
    handleForms: Type.Optional(CodeSet(HANDLE_FORMS, '办理形式')),
    handleFormsNote: Type.Optional(Text('办理形式说明', 1000)),
    sceneVisits: Type.Optional(Type.Integer({ title: '到办事现场次数', minimum: 0, maximum: 20 })),
    sceneVisitReason: Type.Optional(Text('必须现场办理原因说明', 2000)),
    isFee: Type.Optional(Flag('是否收费')),
    feeBasis: Type.Optional(Text('收费依据', 2000)),
    flow: Type.Optional(Type.Array(FlowStep, { title: '办理流程' })),
    transactAddr: Type.Optional(Text('办理地点', 1000)),
    transactTime: Type.Optional(Text('办理时间', 1000)),
    consult: Type.Optional(titled(Contacts, '咨询方式')),
    supervise: Type.Optional(titled(Contacts, '监督投诉方式')),
    specialProcedure: Type.Optional(Text('特别程序', 2000)),
    online: Type.Optional(Online),
    planEffectiveDate: Type.Optional(IsoDate('计划生效日期')),
    planCancelDate: Type.Optional(IsoDate('计划取消日期')),
    ext: Type.Optional(Extension),
    scenarios: Type.Optional(Type.Array(Scenario, { title: '办理情形' })),
    materials: Type.Optional(Type.Array(Material, { title: '申请材料' })),
    fees: Type.Optional(Type.Array(Fee, { title: '收费项目' })),
    faqs: Type.Optional(Type.Array(Faq, { title: '常见问题' })),
    // 类型特有要素
    penalty: Type.Optional(Penalty),
    coercion: Type.Optional(Coercion),
    levy: Type.Optional(Levy),
    benefit: Type.Optional(Benefit),
    inspection: Type.Optional(Inspection),
    reward: Type.Optional(Reward),
    adjudication: Type.Optional(Adjudication),
    overrides: Type.Optional(Type.Array(Override, { title: '警告说明' })),
  },
  { additionalProperties: false, title: '事项要素' },
);
export type ItemContent = Static<typeof ItemContent>;
