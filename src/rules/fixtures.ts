import type { ItemContent, Material } from '../domain/item-content.js';
import type { Granularity, ItemType } from '../domain/enums.js';
import type { CheckSubject, RuleContext } from './types.js';

/**
 * One complete, clean item per item type, as a district unit of 平鲁区 (area code 0349, 县级) would enter it.
 * Tests start from these and patch one thing; every clean item must produce no findings at all.
 */

const UNITS = {
  approval: { uscc: '1114060301261531X3', name: '朔州市平鲁区行政审批服务管理局' },
  market: { uscc: '11140603578549219B', name: '朔州市平鲁区市场监督管理局' },
  social: { uscc: '12140603739201812Q', name: '朔州市平鲁区社会保险中心' },
} as const;

/** The deployment the fixtures belong to, with every document they cite in force. */
export const FIXTURE_CONTEXT: RuleContext = {
  areaCode: '0349',
  jurisdictionLevel: '4',
  legalDocuments: new Map([
    ['law-food-safety', { title: '中华人民共和国食品安全法', status: 'in_force' }],
    ['rule-food-licensing', { title: '食品经营许可和备案管理办法', status: 'in_force' }],
    ['law-soil-water', { title: '中华人民共和国水土保持法', status: 'in_force' }],
    ['reg-social-assistance', { title: '社会救助暂行办法', status: 'in_force' }],
    ['law-land', { title: '中华人民共和国土地管理法', status: 'in_force' }],
    ['reg-construction-quality', { title: '建设工程质量管理条例', status: 'in_force' }],
    ['law-social-insurance', { title: '中华人民共和国社会保险法', status: 'in_force' }],
  ]),
};

const law = (docId: string, title: string, article: string) => ({ docId, title, article });
const FOOD_LAW = (article: string) => law('law-food-safety', '中华人民共和国食品安全法', article);

/** Elements every leaf item carries regardless of type. */
const COMMON = {
  useLevels: ['4'],
  powerSource: '1',
  deptNature: '1',
  transactAddr: '平鲁区政务服务中心一楼3号窗口（朔州市平鲁区井坪镇滨河路1号）',
  transactTime: '周一至周五 上午8:30—12:00，下午14:30—17:30（法定节假日除外）',
  consult: { phone: '0349-6012345', window: '平鲁区政务服务中心一楼3号窗口' },
  supervise: { phone: '0349-6023456、12345', web: 'https://www.sxzwfw.gov.cn/' },
  online: { channel: 'platform', url: 'https://www.sxzwfw.gov.cn/' },
} satisfies Partial<ItemContent>;

/** Where no law or secret rules it out, items are handled online (Art. 11); enforcement acts are not applied for. */
const ENFORCEMENT_ONLINE = {
  channel: 'exempt',
  exemption: 'law',
  exemptionReason:
    '依职权实施的执法行为，依照《中华人民共和国行政处罚法》《中华人民共和国行政强制法》规定的程序现场实施，不适用申请人网上办理',
} satisfies ItemContent['online'];

const FLOW = ['受理', '审核', '审批', '办结', '送达'].map((name) => ({
  name,
  description: `${name}环节依法在承诺时限内完成`,
}));

const applicationForm = (name: string, basis: string): Material => ({
  name,
  necessity: '1',
  kind: '2',
  form: '3',
  paperCopies: 1,
  source: '5',
  basis,
});
const idCard = (basis: string): Material => ({
  name: '申请人居民身份证',
  necessity: '1',
  kind: '1',
  form: '2',
  source: '4',
  basis,
});

/** Elements of items that are applied for (许可、征收、给付、确认、奖励、裁决、其他、公共服务). */
const APPLICATION = {
  legalLimit: { value: 20, unit: '1' },
  promiseLimit: { value: 5, unit: '1' },
  projectType: '2',
  handleForms: ['1', '2', '3'],
  sceneVisits: 0,
  isFee: false,
  flow: FLOW,
  specialProcedure: '无',
  ext: { onlineLevel: '4', onlineDepths: ['1', '2', '3', '4', '5', '6'], personThemes: ['社会保障'] },
  serviceObjects: ['1'],
} satisfies Partial<ItemContent>;

interface FixtureSpec {
  unit: keyof typeof UNITS;
  granularity: Granularity;
  catalogCode: string;
  content: Omit<ItemContent, 'type' | 'catalogCode' | 'useLevels'> & Partial<ItemContent>;
}

const SPECS: Record<ItemType, FixtureSpec> = {
  '01': {
    unit: 'approval',
    granularity: 'handling',
    catalogCode: '000117006000',
    content: {
      ...COMMON,
      ...APPLICATION,
      name: '食品经营许可（新办）',
      setBasis: [FOOD_LAW('第三十五条')],
      implBasis: [law('rule-food-licensing', '食品经营许可和备案管理办法', '第十条')],
      competentDept: '朔州市平鲁区市场监督管理局',
      acceptCondition:
        '申请人已取得营业执照；具有与经营的食品品种、数量相适应的经营场所，并与有毒、有害场所保持规定的距离；有专职或者兼职的食品安全管理人员和保证食品安全的规章制度；具有合理的设备布局和工艺流程。',
      serviceObjects: ['2', '5'],
      ext: {
        ...APPLICATION.ext,
        personThemes: undefined,
        corporateThemes: ['准营准办'],
        resultType: '1',
        resultName: '食品经营许可证',
        resultSample: { name: '食品经营许可证样本.pdf', url: 'https://www.sxzwfw.gov.cn/samples/spjyxkz.pdf' },
      },
      materials: [
        applicationForm('食品经营许可申请书', '《食品经营许可和备案管理办法》第十一条第一项'),
        {
          name: '营业执照',
          necessity: '1',
          kind: '1',
          form: '2',
          source: '2',
          sourceNote: '由市场监督管理部门核发，通过电子证照库共享获取，申请人免于提交',
          basis: '《食品经营许可和备案管理办法》第十一条第二项',
        },
        {
          name: '与食品经营相适应的主要设备设施、经营布局、操作流程文件',
          necessity: '1',
          kind: '3',
          form: '1',
          paperCopies: 1,
          source: '1',
          basis: '《食品经营许可和备案管理办法》第十一条第三项',
        },
      ],
      faqs: [
        {
          question: '已取得营业执照的个体工商户能否申请食品经营许可？',
          answer: '可以。个体工商户以营业执照载明的主体作为申请人。',
        },
      ],
    },
  },
  '02': {
    unit: 'market',
    granularity: 'main',
    catalogCode: '000217001000',
    content: {
      ...COMMON,
      name: '对未取得食品经营许可从事食品经营活动的行政处罚',
      setBasis: [FOOD_LAW('第一百二十二条')],
      online: ENFORCEMENT_ONLINE,
      serviceObjects: ['1', '2', '5'],
      ext: { personThemes: ['市场监管'], corporateThemes: ['市场监管'] },
      penalty: {
        violation: '未取得食品经营许可从事食品经营活动',
        kinds: ['2'],
        range: '没收违法所得和违法经营的食品，货值金额不足一万元的，并处五万元以上十万元以下罚款',
      },
    },
  },
  '03': {
    unit: 'market',
    granularity: 'sub',
    catalogCode: '000317001000',
    content: {
      ...COMMON,
      name: '查封、扣押有证据证明不符合食品安全标准的食品',
      setBasis: [FOOD_LAW('第一百一十条')],
      online: ENFORCEMENT_ONLINE,
      serviceObjects: ['2', '5'],
      ext: { corporateThemes: ['市场监管'] },
      coercion: {
        kinds: ['2', '3'],
        conditions: '有证据证明食品不符合食品安全标准或者有证据证明存在安全隐患以及用于违法生产经营',
      },
    },
  },
  '04': {
    unit: 'approval',
    granularity: 'sub',
    catalogCode: '140417001000',
    content: {
      ...COMMON,
      ...APPLICATION,
      name: '水土保持补偿费征收',
      setBasis: [law('law-soil-water', '中华人民共和国水土保持法', '第三十二条')],
      acceptCondition:
        '在山区、丘陵区、风沙区以及水土保持规划确定的容易发生水土流失的其他区域开办生产建设项目或者从事其他生产建设活动，损坏水土保持设施、地貌植被，不能恢复原有水土保持功能的单位和个人。',
      serviceObjects: ['1', '2'],
      ext: { ...APPLICATION.ext, corporateThemes: ['投资建设'], onlinePayment: true },
      isFee: true,
      feeBasis: '《水土保持补偿费征收使用管理办法》（财综〔2014〕8号）第十一条',
      fees: [
        {
          name: '水土保持补偿费',
          standard: '一般性生产建设项目按照征占用土地面积每平方米1.4元一次性计征',
          reducible: true,
          reductionBasis: '《水土保持补偿费征收使用管理办法》第十二条',
        },
      ],
      materials: [applicationForm('水土保持补偿费缴纳申报表', '《水土保持补偿费征收使用管理办法》第十三条')],
      levy: { kinds: '水土保持补偿费', reliefApproval: true },
    },
  },
  '05': {
    unit: 'social',
    granularity: 'sub',
    catalogCode: '000517002000',
    content: {
      ...COMMON,
      ...APPLICATION,
      name: '最低生活保障金给付',
      setBasis: [law('reg-social-assistance', '社会救助暂行办法', '第九条')],
      acceptCondition:
        '共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合当地最低生活保障家庭财产状况规定的家庭。',
      materials: [
        applicationForm('最低生活保障申请书', '《社会救助暂行办法》第十一条'),
        idCard('《社会救助暂行办法》第十一条'),
      ],
      benefit: {
        standard: '按照家庭人均收入低于当地最低生活保障标准的差额，按月发给最低生活保障金',
        recipients: '最低生活保障家庭',
      },
    },
  },
  '06': {
    unit: 'market',
    granularity: 'sub',
    catalogCode: '000617001000',
    content: {
      ...COMMON,
      name: '对食品经营者的监督检查',
      setBasis: [FOOD_LAW('第一百一十条')],
      online: ENFORCEMENT_ONLINE,
      serviceObjects: ['2', '5'],
      ext: { corporateThemes: ['市场监管'] },
      inspection: { objects: '辖区内取得食品经营许可的食品经营者', methods: ['1', '4'], frequency: '每年不少于一次' },
    },
  },
  '07': {
    unit: 'social',
    granularity: 'sub',
    catalogCode: '000717003000',
    content: {
      ...COMMON,
      ...APPLICATION,
      name: '特困人员认定',
      setBasis: [law('reg-social-assistance', '社会救助暂行办法', '第十四条')],
      acceptCondition:
        '老年人、残疾人以及未满16周岁的未成年人，无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力。',
      materials: [
        applicationForm('特困人员救助供养申请书', '《社会救助暂行办法》第十六条'),
        idCard('《社会救助暂行办法》第十六条'),
      ],
    },
  },
  '08': {
    unit: 'market',
    granularity: 'sub',
    catalogCode: '000817001000',
    content: {
      ...COMMON,
      ...APPLICATION,
      name: '对在食品安全工作中做出突出贡献的单位和个人给予表彰奖励',
      setBasis: [FOOD_LAW('第十三条')],
      acceptCondition: '在食品安全工作中做出突出贡献，经所在单位或者乡镇人民政府推荐。',
      serviceObjects: ['1', '2'],
      ext: { ...APPLICATION.ext, corporateThemes: ['市场监管'] },
      materials: [applicationForm('食品安全工作表彰奖励推荐表', '《中华人民共和国食品安全法》第十三条')],
      reward: { standard: '按照表彰奖励方案确定的名额和标准给予表彰、奖励', forms: '通报表彰、颁发奖励证书' },
    },
  },
  '09': {
    unit: 'approval',
    granularity: 'sub',
    catalogCode: '000917001000',
    content: {
      ...COMMON,
      ...APPLICATION,
      name: '土地权属争议行政裁决',
      setBasis: [law('law-land', '中华人民共和国土地管理法', '第十四条')],
      acceptCondition: '申请人与争议的土地有直接利害关系，有明确的请求处理对象、具体的处理请求和事实根据。',
      legalLimit: { value: 180, unit: '2', note: '自受理之日起6个月内作出处理决定' },
      promiseLimit: { value: 90, unit: '2' },
      serviceObjects: ['1', '2'],
      ext: { ...APPLICATION.ext, corporateThemes: ['投资建设'] },
      materials: [applicationForm('土地权属争议调查处理申请书', '《土地权属争议调查处理办法》第十一条')],
      adjudication: { disputes: '土地所有权和使用权争议' },
    },
  },
  '10': {
    unit: 'approval',
    granularity: 'sub',
    catalogCode: '001017002000',
    content: {
      ...COMMON,
      ...APPLICATION,
      name: '房屋建筑和市政基础设施工程竣工验收备案',
      setBasis: [law('reg-construction-quality', '建设工程质量管理条例', '第四十九条')],
      acceptCondition: '建设工程已经竣工验收合格，建设单位自竣工验收合格之日起15日内申请备案。',
      serviceObjects: ['2'],
      ext: { ...APPLICATION.ext, personThemes: undefined, corporateThemes: ['投资建设'] },
      materials: [applicationForm('房屋建筑和市政基础设施工程竣工验收备案表', '《建设工程质量管理条例》第四十九条')],
    },
  },
  '11': {
    unit: 'market',
    granularity: 'sub',
    catalogCode: '001117001000',
    content: {
      ...COMMON,
      ...APPLICATION,
      name: '仅销售预包装食品备案',
      setBasis: [FOOD_LAW('第三十五条')],
      acceptCondition:
        '仅销售预包装食品的食品经营者已取得营业执照，且在开展经营活动前向所在地县级市场监督管理部门备案。',
      serviceObjects: ['2', '5'],
      ext: { ...APPLICATION.ext, personThemes: undefined, corporateThemes: ['准营准办'] },
      legalLimit: { value: 0, unit: '4' },
      promiseLimit: { value: 0, unit: '4' },
      projectType: '1',
      materials: [applicationForm('仅销售预包装食品备案信息采集表', '《食品经营许可和备案管理办法》第四十条')],
    },
  },
  '20': {
    unit: 'social',
    granularity: 'sub',
    catalogCode: '002017001000',
    content: {
      ...COMMON,
      ...APPLICATION,
      name: '城乡居民基本养老保险参保登记',
      setBasis: [law('law-social-insurance', '中华人民共和国社会保险法', '第二十二条')],
      powerSource: undefined,
      deptNature: undefined,
      acceptCondition:
        '年满16周岁（不含在校学生），非国家机关和事业单位工作人员及不属于职工基本养老保险制度覆盖范围的城乡居民。',
      legalLimit: { value: 0, unit: '4' },
      promiseLimit: { value: 0, unit: '4' },
      projectType: '1',
      handleForms: ['1', '2'],
      materials: [idCard('《中华人民共和国社会保险法》第五十八条')],
    },
  },
};

/** A complete item: the basic elements a draft may lack are all there. */
export type CleanSubject = CheckSubject & {
  content: ItemContent & Required<Pick<ItemContent, 'catalogCode' | 'type' | 'setBasis' | 'useLevels'>>;
};

/** A fresh copy of the clean fixture of `type`, safe to mutate. */
export function cleanItem(type: ItemType): CleanSubject {
  const spec = SPECS[type];
  const unit = UNITS[spec.unit];
  const taskCode = `${unit.uscc}4${spec.catalogCode}`;
  const content = plainCopy({
    useLevels: COMMON.useLevels,
    ...spec.content,
    type,
    catalogCode: spec.catalogCode,
  }) as CleanSubject['content'];
  return {
    granularity: spec.granularity,
    taskCode,
    ...(spec.granularity === 'handling' && { handlingCode: `${taskCode}01` }),
    content,
    unit: { ...unit },
  };
}

/** A deep copy without the `undefined` keys fixtures use to unset inherited elements, so the item looks as stored. */
function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
