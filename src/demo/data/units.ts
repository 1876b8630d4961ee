import { completeUscc, orgCodeCheckChar, USCC_CHARS } from '../../domain/uscc.js';
import { prngFor } from './prng.js';
import type { DemoUnit } from './types.js';

/**
 * The implementing units of 平鲁区 (seed Art. 4): district government departments, their administered bodies,
 * vertically managed offices and the organisations that laws authorise. Short names are what clerks say
 * ("区市场监管局"); full names are what the catalogue prints.
 */

interface UnitSpec {
  key: string;
  name: string;
  shortName: string;
  /** USCC 机构类别 under 机构编制 registration: 1 机关, 2 事业单位, 3 群团组织. */
  category: '1' | '2' | '3';
  nature: DemoUnit['nature'];
  /** Bodies formed in the 2018–2021 institutional reform carry new-style (MB…) 主体标识码. */
  formedAfterReform?: boolean;
  street: string;
  website?: string;
  onlineSystemUrl?: string;
  unitReview?: boolean;
}

const PORTAL = 'https://www.pinglu.example.gov.cn';

const UNIT_SPECS: readonly UnitSpec[] = [
  {
    key: 'approval',
    name: '朔州市平鲁区行政审批服务管理局',
    shortName: '区行政审批局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '迎宾大道1号',
    website: `${PORTAL}/xzspj/`,
    unitReview: true,
  },
  {
    key: 'business-centre',
    name: '朔州市平鲁区营商环境促进中心',
    shortName: '区营商中心',
    category: '2',
    nature: '2',
    formedAfterReform: true,
    street: '迎宾大道1号',
    website: `${PORTAL}/yszx/`,
  },
  {
    key: 'development-reform',
    name: '朔州市平鲁区发展和改革局',
    shortName: '区发改局',
    category: '1',
    nature: '1',
    street: '府前街8号',
    website: `${PORTAL}/fgj/`,
  },
  {
    key: 'education',
    name: '朔州市平鲁区教育科技局',
    shortName: '区教科局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '文化路16号',
    website: `${PORTAL}/jkj/`,
  },
  {
    key: 'public-security',
    name: '朔州市公安局平鲁分局',
    shortName: '平鲁公安分局',
    category: '1',
    nature: '1',
    street: '振兴街22号',
    onlineSystemUrl: 'https://zwfw.sxga.example.gov.cn/pinglu',
    unitReview: true,
  },
  {
    key: 'civil-affairs',
    name: '朔州市平鲁区民政局',
    shortName: '区民政局',
    category: '1',
    nature: '1',
    street: '府前街12号',
  },
  {
    key: 'justice',
    name: '朔州市平鲁区司法局',
    shortName: '区司法局',
    category: '1',
    nature: '1',
    street: '府前街14号',
  },
  {
    key: 'finance',
    name: '朔州市平鲁区财政局',
    shortName: '区财政局',
    category: '1',
    nature: '1',
    street: '府前街6号',
  },
  {
    key: 'hr-social-security',
    name: '朔州市平鲁区人力资源和社会保障局',
    shortName: '区人社局',
    category: '1',
    nature: '1',
    street: '永兴路35号',
    website: `${PORTAL}/rsj/`,
    onlineSystemUrl: 'https://rs.shanxi.example.gov.cn/ggfw/pinglu',
  },
  {
    key: 'social-insurance',
    name: '朔州市平鲁区社会保险中心',
    shortName: '区社保中心',
    category: '2',
    nature: '2',
    formedAfterReform: true,
    street: '永兴路35号',
    onlineSystemUrl: 'https://rs.shanxi.example.gov.cn/sbjb/pinglu',
  },
  {
    key: 'natural-resources',
    name: '朔州市平鲁区自然资源局',
    shortName: '区自然资源局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '朔平路40号',
  },
  {
    key: 'real-estate',
    name: '朔州市平鲁区不动产登记中心',
    shortName: '区不动产登记中心',
    category: '2',
    nature: '3',
    street: '迎宾大道1号',
    onlineSystemUrl: 'https://bdcdj.shuozhou.example.gov.cn/pinglu',
  },
  {
    key: 'housing',
    name: '朔州市平鲁区住房和城乡建设管理局',
    shortName: '区住建局',
    category: '1',
    nature: '1',
    street: '新建路18号',
    website: `${PORTAL}/zjj/`,
  },
  {
    key: 'transport',
    name: '朔州市平鲁区交通运输局',
    shortName: '区交通局',
    category: '1',
    nature: '1',
    street: '东环路9号',
  },
  { key: 'water', name: '朔州市平鲁区水利局', shortName: '区水利局', category: '1', nature: '1', street: '西环路27号' },
  {
    key: 'agriculture',
    name: '朔州市平鲁区农业农村局',
    shortName: '区农业农村局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '朔平路52号',
    website: `${PORTAL}/nyncj/`,
  },
  {
    key: 'agri-enforcement',
    name: '朔州市平鲁区农业综合行政执法队',
    shortName: '区农业执法队',
    category: '2',
    nature: '3',
    formedAfterReform: true,
    street: '朔平路52号',
  },
  {
    key: 'commerce',
    name: '朔州市平鲁区商务局',
    shortName: '区商务局',
    category: '1',
    nature: '1',
    street: '振兴街30号',
  },
  {
    key: 'culture-tourism',
    name: '朔州市平鲁区文化和旅游局',
    shortName: '区文旅局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '文化路8号',
    website: `${PORTAL}/wlj/`,
  },
  {
    key: 'health',
    name: '朔州市平鲁区卫生健康和体育局',
    shortName: '区卫体局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '平安街15号',
    website: `${PORTAL}/wtj/`,
    unitReview: true,
  },
  {
    key: 'disease-control',
    name: '朔州市平鲁区疾病预防控制中心',
    shortName: '区疾控中心',
    category: '2',
    nature: '2',
    street: '平安街21号',
  },
  {
    key: 'veterans',
    name: '朔州市平鲁区退役军人事务局',
    shortName: '区退役军人局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '府前街20号',
  },
  {
    key: 'emergency',
    name: '朔州市平鲁区应急管理局',
    shortName: '区应急局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '东环路15号',
    website: `${PORTAL}/yjj/`,
    unitReview: true,
  },
  {
    key: 'market',
    name: '朔州市平鲁区市场监督管理局',
    shortName: '区市场监管局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '振兴街16号',
    website: `${PORTAL}/scjgj/`,
  },
  {
    key: 'medical-security',
    name: '朔州市平鲁区医疗保障局',
    shortName: '区医保局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '永兴路41号',
    onlineSystemUrl: 'https://ybj.shanxi.example.gov.cn/wt/pinglu',
  },
  {
    key: 'forestry',
    name: '朔州市平鲁区林业局',
    shortName: '区林业局',
    category: '1',
    nature: '1',
    street: '西环路11号',
  },
  {
    key: 'energy',
    name: '朔州市平鲁区能源局',
    shortName: '区能源局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '朔平路66号',
  },
  {
    key: 'statistics',
    name: '朔州市平鲁区统计局',
    shortName: '区统计局',
    category: '1',
    nature: '1',
    street: '府前街10号',
  },
  {
    key: 'fire',
    name: '朔州市平鲁区消防救援大队',
    shortName: '区消防救援大队',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '东环路3号',
  },
  {
    key: 'tax',
    name: '国家税务总局朔州市平鲁区税务局',
    shortName: '区税务局',
    category: '1',
    nature: '1',
    street: '新建路6号',
    onlineSystemUrl: 'https://etax.shanxi.example.gov.cn',
    unitReview: true,
  },
  {
    key: 'urban-management',
    name: '朔州市平鲁区城市管理综合行政执法局',
    shortName: '区城管执法局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '新建路25号',
  },
  {
    key: 'civil-defence',
    name: '朔州市平鲁区人民防空办公室',
    shortName: '区人防办',
    category: '1',
    nature: '1',
    street: '府前街16号',
  },
  {
    key: 'disabled-federation',
    name: '朔州市平鲁区残疾人联合会',
    shortName: '区残联',
    category: '3',
    nature: '2',
    street: '平安街9号',
  },
  {
    key: 'archives',
    name: '朔州市平鲁区档案馆',
    shortName: '区档案馆',
    category: '2',
    nature: '2',
    street: '府前街18号',
  },
  {
    key: 'meteorology',
    name: '朔州市平鲁区气象局',
    shortName: '区气象局',
    category: '2',
    nature: '2',
    street: '西环路45号',
  },
  {
    key: 'tobacco',
    name: '朔州市平鲁区烟草专卖局',
    shortName: '区烟草专卖局',
    category: '1',
    nature: '1',
    street: '振兴街48号',
  },
  {
    key: 'armed-forces',
    name: '朔州市平鲁区人民武装部',
    shortName: '区人武部',
    category: '1',
    nature: '1',
    street: '府前街2号',
  },
  {
    key: 'trade-union',
    name: '朔州市平鲁区总工会',
    shortName: '区总工会',
    category: '3',
    nature: '2',
    street: '文化路12号',
  },
  {
    key: 'red-cross',
    name: '朔州市平鲁区红十字会',
    shortName: '区红十字会',
    category: '3',
    nature: '2',
    street: '平安街11号',
  },
  {
    key: 'petition',
    name: '朔州市平鲁区信访局',
    shortName: '区信访局',
    category: '1',
    nature: '1',
    street: '府前街4号',
  },
  {
    key: 'ecology',
    name: '朔州市生态环境局平鲁分局',
    shortName: '平鲁生态环境分局',
    category: '1',
    nature: '1',
    formedAfterReform: true,
    street: '朔平路28号',
    website: 'https://sthjj.shuozhou.example.gov.cn/pinglu/',
  },
];

/**
 * A plausible 9-character 组织机构代码: long-established bodies have the numeric codes issued before 2015,
 * reform-era bodies the new-style codes issued with their USCC. Both end with a valid GB 11714 check char.
 */
function orgCode(spec: UnitSpec): string {
  const rnd = prngFor(`unit-org-code:${spec.key}`);
  const body = spec.formedAfterReform
    ? // Drawn from the USCC alphabet, so the embedded 组织机构代码 stays inside it.
      'MB' + Array.from({ length: 6 }, () => rnd.pick([...USCC_CHARS])).join('')
    : '0' + Array.from({ length: 7 }, () => String(rnd.int(0, 9))).join('');
  return body + orgCodeCheckChar(body);
}

/** Office phone numbers: 0349-60xxxxx, unique across units. */
function phoneFor(index: number): string {
  return `0349-60${String(21001 + index * 137).padStart(5, '0')}`;
}

export function buildUnits(): DemoUnit[] {
  return UNIT_SPECS.map((spec, index) => {
    const unit: DemoUnit = {
      key: spec.key,
      name: spec.name,
      shortName: spec.shortName,
      uscc: completeUscc(`1${spec.category}140603${orgCode(spec)}`),
      nature: spec.nature,
      regionCode: '140603',
      address: `山西省朔州市平鲁区井坪镇${spec.street}`,
      phone: phoneFor(index),
      unitReview: spec.unitReview ?? false,
    };
    if (spec.website) unit.website = spec.website;
    if (spec.onlineSystemUrl) unit.onlineSystemUrl = spec.onlineSystemUrl;
    return unit;
  });
}
