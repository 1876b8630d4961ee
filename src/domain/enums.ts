/**
 * Enumerations of the item model (domain.md §3.4). Values are stored as codes; labels are what people see.
 * Where live systems agree on a code we use it; where no national code is known (marked "local") the code
 * is ours and is mapped at the import/export boundary.
 *
 * WARNING: codes are persisted. Add entries; never renumber one.
 */

export type Enum = Readonly<Record<string, string>>;
export type CodeOf<E extends Enum> = Extract<keyof E, string>;
/** Whether `value` is a code of `e` (e.g. a query-string filter), typed as one. */
export const isCodeOf = <E extends Enum>(e: E, value: unknown): value is CodeOf<E> =>
  typeof value === 'string' && Object.hasOwn(e, value);
/**
 * The codes of `e`, typed as such. The one assertion for every `Object.keys` of an enumeration: a const object
 * literal has exactly the keys its type names.
 */
export const codesOf = <E extends object>(e: E): Array<Extract<keyof E, string>> =>
  Object.keys(e) as Array<Extract<keyof E, string>>;

/** 事项类型 — Art. 3: ten kinds of administrative power plus public service. */
export const ITEM_TYPES = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  // Not one of the national eleven: many provinces publish 行政备案 as a type of its own. Local code, mapped at
  // the exchange boundary; a deployment accepts it only when ITEM_TYPES lists it (config/variables.ts).
  '11': '行政备案',
  '20': '公共服务',
} as const;
export type ItemType = CodeOf<typeof ITEM_TYPES>;
/** The national eleven (Art. 3): the item types a deployment accepts unless ITEM_TYPES says otherwise. */
export const NATIONAL_ITEM_TYPES: readonly ItemType[] = [
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '07',
  '08',
  '09',
  '10',
  '20',
];
export const PUBLIC_SERVICE: ItemType = '20';
export const isPowerItem = (t: ItemType) => t !== PUBLIC_SERVICE;

/** 行使层级 (multi-valued). 6 is 村(社区)级 here; some systems use it for 分级管理. */
export const USE_LEVELS = {
  '1': '国家级',
  '2': '省级',
  '3': '市级',
  '4': '县级',
  '5': '镇（乡、街道）级',
  '6': '村（社区）级',
} as const;
export type UseLevel = CodeOf<typeof USE_LEVELS>;

/** 权力来源 (not used for 公共服务). */
export const POWER_SOURCES = {
  '1': '法定本级行使',
  '2': '上级下放',
  '3': '上级授权',
  '4': '同级授权',
  '5': '上级委托',
  '6': '同级委托',
} as const;
export type PowerSource = CodeOf<typeof POWER_SOURCES>;
export const ENTRUSTED_SOURCES: readonly PowerSource[] = ['5', '6'];

/** 实施主体性质. */
export const DEPT_NATURES = { '1': '法定机关', '2': '授权组织', '3': '受委托组织' } as const;
export type DeptNature = CodeOf<typeof DEPT_NATURES>;

/** 服务对象 (multi-valued). */
export const SERVICE_OBJECTS = {
  '1': '自然人',
  '2': '企业法人',
  '3': '事业法人',
  '4': '社会组织法人',
  '5': '非法人企业',
  '6': '行政机关',
  '9': '其他组织',
} as const;
export type ServiceObject = CodeOf<typeof SERVICE_OBJECTS>;
export const NATURAL_PERSON: ServiceObject = '1';

/** 办件类型. */
export const PROJECT_TYPES = { '1': '即办件', '2': '承诺件' } as const;
export type ProjectType = CodeOf<typeof PROJECT_TYPES>;

/** 办理形式 (multi-valued). 4 and 5 are local codes for what published guides list beside the national three. */
export const HANDLE_FORMS = {
  '1': '窗口办理',
  '2': '网上办理',
  '3': '快递申请',
  '4': '自助端办理',
  '5': '移动端办理',
} as const;
export type HandleForm = CodeOf<typeof HANDLE_FORMS>;

/** 网上办理深度 (multi-valued, national list). */
export const ONLINE_DEPTHS = {
  '1': '互联网咨询',
  '2': '互联网收件',
  '3': '互联网预审',
  '4': '互联网受理',
  '5': '互联网办理',
  '6': '互联网办理结果信息反馈',
  '7': '互联网电子证照反馈',
  '9': '其他',
} as const;
export type OnlineDepth = CodeOf<typeof ONLINE_DEPTHS>;

/** 网办深度等级 (晋政办发〔2020〕68号: Ⅲ = 需到现场核验一次, Ⅳ = 全程网上可办). Local codes. */
export const ONLINE_LEVELS = {
  '1': 'Ⅰ级',
  '2': 'Ⅱ级',
  '3': 'Ⅲ级（需到现场核验一次）',
  '4': 'Ⅳ级（全程网上可办）',
} as const;
export type OnlineLevel = CodeOf<typeof ONLINE_LEVELS>;

/** 办结时限单位. Local codes (national values not public); 5 and 6 for guides that publish 「一个月」「三个月」. */
export const TIME_UNITS = { '1': '工作日', '2': '自然日', '3': '小时', '4': '即时', '5': '个月' } as const;
export type TimeUnit = CodeOf<typeof TIME_UNITS>;

/** 材料必要性. */
export const MATERIAL_NECESSITIES = { '1': '必要', '2': '非必要', '3': '容缺后补' } as const;
/**
 * 材料分类 (API field `kind`). Platform code calls it 材料类型, but published guides use 材料类型 for
 * 原件/复印件 (PAPER_COPY_KINDS), so the project labels this one 材料分类 (domain.md §3.4).
 */
export const MATERIAL_KINDS = { '1': '证件证书证明', '2': '申请表格文书', '3': '其他' } as const;
/** 材料形式. */
export const MATERIAL_FORMS = { '1': '纸质', '2': '电子化', '3': '纸质/电子化' } as const;
export const PAPER_FORMS: readonly string[] = ['1', '3'];
/** 材料类型 as published guides label it: 原件 / 复印件 / 原件和复印件 (API field `paperCopyKind`; local codes). */
export const PAPER_COPY_KINDS = { '1': '原件', '2': '复印件', '3': '原件和复印件', '4': '原件或复印件' } as const;
/** 来源渠道. */
export const MATERIAL_SOURCES = {
  '1': '申请人自备',
  '2': '政府部门核发',
  '3': '其他',
  '4': '调取电子证照库',
  '5': '在线填报',
} as const;
export const GOVERNMENT_ISSUED_SOURCE = '2';

/** 审批结果类型 (local codes). */
export const RESULT_TYPES = { '1': '证照', '2': '批文', '3': '其他', '0': '无' } as const;
/** 通办范围. */
export const UNIVERSAL_SCOPES = {
  '1': '全国',
  '2': '全省',
  '3': '全市',
  '4': '全县（区）',
  '5': '全镇（乡、街道）',
  '6': '跨村（社区）',
} as const;

/** 事项状态 (life state of an item). */
export const LIFE_STATES = { active: '在用', suspended: '暂停', cancelled: '已取消' } as const;
export type LifeState = CodeOf<typeof LIFE_STATES>;

/** 事项颗粒度. */
export const GRANULARITIES = { main: '主项', sub: '子项', handling: '业务办理项' } as const;
export type Granularity = CodeOf<typeof GRANULARITIES>;

/** 在线办理渠道 (Art. 10–11). */
export const ONLINE_CHANNELS = {
  own: '本单位网办系统',
  platform: '山西政务服务平台频道',
  exempt: '依法不适宜网上办理',
} as const;
export type OnlineChannel = CodeOf<typeof ONLINE_CHANNELS>;
/** Why an item may not be handled online (Art. 11). */
export const ONLINE_EXEMPTIONS = { law: '法律、法规另有规定', secret: '涉及国家秘密' } as const;

/** 行政处罚种类 (行政处罚法 第九条). */
export const PENALTY_KINDS = {
  '1': '警告、通报批评',
  '2': '罚款、没收违法所得、没收非法财物',
  '3': '暂扣许可证件、降低资质等级、吊销许可证件',
  '4': '限制开展生产经营活动、责令停产停业、责令关闭、限制从业',
  '5': '行政拘留',
  '6': '法律、行政法规规定的其他行政处罚',
} as const;

/** 行政强制 (行政强制法 第九条 措施 / 第十二条 执行方式). */
export const COERCION_KINDS = {
  '1': '限制公民人身自由',
  '2': '查封场所、设施或者财物',
  '3': '扣押财物',
  '4': '冻结存款、汇款',
  '5': '其他行政强制措施',
  '11': '加处罚款或者滞纳金',
  '12': '划拨存款、汇款',
  '13': '拍卖或者依法处理查封、扣押的场所、设施或者财物',
  '14': '排除妨碍、恢复原状',
  '15': '代履行',
  '16': '其他强制执行方式',
} as const;

/** 行政检查方式 (local codes). */
export const INSPECTION_METHODS = {
  '1': '双随机抽查',
  '2': '重点检查',
  '3': '专项检查',
  '4': '日常巡查',
  '5': '书面检查',
  '6': '其他',
} as const;

/** 咨询/监督投诉渠道. */
export const CONTACT_KINDS = { window: '窗口', web: '网络', phone: '电话', letter: '信件', email: '邮件' } as const;

/** 法律文件类型 (legal-basis register). */
export const LEGAL_DOC_KINDS = {
  law: '法律',
  admin_regulation: '行政法规',
  local_regulation: '地方性法规',
  dept_rule: '部门规章',
  gov_rule: '政府规章',
  normative: '规范性文件',
} as const;

/** All enumerations by the name used in docs and the OpenAPI description. */
export const ENUMS = {
  ITEM_TYPES,
  USE_LEVELS,
  POWER_SOURCES,
  DEPT_NATURES,
  SERVICE_OBJECTS,
  PROJECT_TYPES,
  HANDLE_FORMS,
  ONLINE_DEPTHS,
  ONLINE_LEVELS,
  TIME_UNITS,
  MATERIAL_NECESSITIES,
  MATERIAL_KINDS,
  MATERIAL_FORMS,
  PAPER_COPY_KINDS,
  MATERIAL_SOURCES,
  RESULT_TYPES,
  UNIVERSAL_SCOPES,
  LIFE_STATES,
  GRANULARITIES,
  ONLINE_CHANNELS,
  ONLINE_EXEMPTIONS,
  PENALTY_KINDS,
  COERCION_KINDS,
  INSPECTION_METHODS,
  CONTACT_KINDS,
  LEGAL_DOC_KINDS,
} as const;

/** Label of a code, or the code itself when unknown (never throws: used when rendering stored data). */
export function label<E extends Enum>(e: E, code: string | undefined | null): string {
  if (code === undefined || code === null) return '';
  return e[code] ?? code;
}
