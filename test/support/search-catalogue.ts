import type { SearchDocInput } from '../../src/search/search-doc.js';

/**
 * A deterministic synthetic catalogue for search tests, ported from /work/shared/bench/gen-catalog.mjs
 * (same PRNG and name patterns, smaller vocabulary). Guide texts deliberately repeat name words
 * (护照, 社保, 户口迁移, 营业执照 …) so that many queries have both name and text hits; a few names and
 * texts carry latin words and codes.
 */

function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES: [code: string, weight: number][] = [
  ['01', 14],
  ['02', 30],
  ['03', 5],
  ['04', 2],
  ['05', 3],
  ['06', 12],
  ['07', 6],
  ['08', 2],
  ['09', 1],
  ['10', 7],
  ['20', 18],
];

const DOMAINS = [
  {
    unit: '区市场监督管理局',
    objs: [
      '食品经营许可证',
      '营业执照',
      '药品零售企业许可',
      '特种设备使用登记证',
      '个体工商户营业执照',
      'ICP经营许可证',
      '企业名称',
    ],
    subj: ['食品经营者', '药品零售企业', '个体工商户', '电子商务经营者'],
  },
  {
    unit: '区人力资源和社会保障局',
    objs: [
      '城乡居民基本养老保险参保',
      '社保卡',
      '社保关系转移',
      '失业保险金',
      '就业创业证',
      '职业技能等级证书',
      '灵活就业人员社保',
    ],
    subj: ['用人单位', '劳务派遣单位', '职业培训机构'],
  },
  {
    unit: '区医疗保障局',
    objs: ['医保关系转移接续', '医保参保登记', '异地就医备案', '生育保险待遇', '医保电子凭证'],
    subj: ['定点医药机构', '参保单位'],
  },
  {
    unit: '区公安分局',
    objs: ['户口迁移', '户口登记', '居民身份证', '居住证', '护照', '往来港澳通行证', '机动车登记', '犬只登记'],
    subj: ['旅馆业经营者', '公章刻制企业', '机动车所有人', '出租房屋房东'],
  },
  {
    unit: '区住房和城乡建设局',
    objs: ['建筑工程施工许可证', '商品房预售许可证', 'B级建筑业企业资质', '燃气经营许可证', '公共租赁住房'],
    subj: ['建设单位', '施工单位', '物业服务企业'],
  },
  {
    unit: '区民政局',
    objs: ['婚姻登记', '社会团体成立登记', '最低生活保障', '临时救助', '养老机构备案', '高龄津贴'],
    subj: ['社会组织', '养老机构'],
  },
  {
    unit: '区税务局',
    objs: ['增值税专用发票', '税务登记', '个人所得税专项附加扣除', '社保费缴纳', 'CA数字证书'],
    subj: ['纳税人', '扣缴义务人'],
  },
  {
    unit: '区住房公积金管理中心',
    objs: ['住房公积金缴存登记', '住房公积金提取', '住房公积金贷款'],
    subj: ['缴存单位'],
  },
];
const UNITS = [...DOMAINS.map((d) => d.unit), '区政务服务中心', '区行政审批服务局'];

const LICENSE_ACTS = ['核发', '新办', '变更', '延续', '注销', '补办', '换发', '审批', '备案', '登记', '核准', '认定'];
const SUBITEM = ['（新办）', '（变更）', '（注销）', '（首次申领）', '（跨区迁入）', '（个人办理）', '（全程网办）'];
const VIOLATIONS = [
  '未取得{obj}从事经营活动',
  '未按规定办理{obj}变更手续',
  '伪造、变造、出租、出借{obj}',
  '拒绝、阻碍监督检查',
  '未按规定为职工缴纳社保费',
  '提供虚假材料',
];
const BENEFITS = ['最低生活保障金', '临时救助金', '高龄津贴', '失业保险金', '社保补贴', '一次性创业补贴'];
const CONDITIONS = [
  '申请人应当依法取得营业执照或者其他主体资格证明文件，且在有效期内。',
  '申请人为本区户籍人员，或者持有本区有效居住证且连续缴纳社保费满六个月。',
  '办理护照、往来港澳通行证等出入境证件的，申请人不属于法律规定不准出境的情形。',
  '户口迁移需符合本区落户政策，具有合法稳定住所，并提供相应的住所证明。',
  '已参加城乡居民基本养老保险或者职工基本养老保险，且未重复领取养老保险待遇。',
  '委托他人办理的，受托人应当持有授权委托书及受托人有效身份证件。',
  '申请人应当通过一体化政务服务平台完成实名认证（支持CA数字证书登录）。',
  '申请材料齐全、符合法定形式，申请人对申请材料的真实性负责。',
];
const MATERIALS = [
  '申请书',
  '居民身份证',
  '营业执照副本',
  '户口簿',
  '护照',
  '社保缴费证明',
  '医保参保凭证',
  '不动产权证书',
  '结婚证',
  'ICP备案证明',
];

/** `n` documents; item ids `item-00000`…, unit ids `unit-00`…; the same arguments always give the same documents. */
export function generateSearchCatalogue(n: number, seed = 42): SearchDocInput[] {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const weighted = (): string => {
    let x = rnd() * TYPES.reduce((s, [, w]) => s + w, 0);
    for (const [code, w] of TYPES) if ((x -= w) < 0) return code;
    return TYPES[0]![0];
  };
  const docs: SearchDocInput[] = [];
  for (let i = 0; i < n; i++) {
    const type = weighted();
    const domain = pick(DOMAINS);
    const unit = rnd() < 0.8 ? domain.unit : pick(UNITS);
    let name = nameOf(type, domain, pick, rnd);
    if (rnd() < 0.2) name += pick(SUBITEM);
    const taskCode = `11330106${type}${String(i).padStart(8, '0')}`;
    const conditions = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(CONDITIONS)).join('');
    const materials = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(MATERIALS));
    docs.push({
      itemId: `item-${String(i).padStart(5, '0')}`,
      unitId: `unit-${String(UNITS.indexOf(unit)).padStart(2, '0')}`,
      type,
      name,
      texts: [unit, taskCode, conditions, ...materials],
    });
  }
  return docs;
}

function nameOf(type: string, d: (typeof DOMAINS)[number], pick: <T>(a: readonly T[]) => T, rnd: () => number): string {
  const obj = pick(d.objs);
  switch (type) {
    case '01':
      return obj + pick(['核发', '审批', '核准', '许可']);
    case '02':
      return `对${pick(d.subj)}${pick(VIOLATIONS).replace('{obj}', obj)}的行政处罚`;
    case '05':
      return pick(BENEFITS) + pick(['发放', '给付', '申领']);
    case '06':
      return `对${pick(d.subj)}${pick(['的监督检查', '的日常检查', '的双随机抽查'])}`;
    case '07':
      return obj + pick(['确认', '认定', '登记']);
    case '20':
      return obj + pick(['申领', '办理', '查询', '转移接续', '补换', '变更']);
    default:
      return obj + (rnd() < 0.5 ? pick(LICENSE_ACTS) : '备案');
  }
}
