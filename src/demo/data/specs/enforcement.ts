import type { ServiceObject } from '../../../domain/enums.js';
import type { ArticleRef } from '../laws/index.js';
import type { ItemSpec } from './spec.js';

type CoercionKind = NonNullable<ItemSpec['coercion']>['kinds'][number];
type InspectionMethod = NonNullable<ItemSpec['inspection']>['methods'][number];

function coercion(
  unit: string, key: string, name: string, basis: readonly ArticleRef[], kinds: readonly CoercionKind[],
  conditions: string, objects: readonly ServiceObject[] = ['1', '2', '5'],
): ItemSpec {
  return { key: `qz-${key}`, unit, type: '03', name, basis, objects, coercion: { kinds, conditions } };
}

function inspection(
  unit: string, key: string, name: string, basis: readonly ArticleRef[], objects: string,
  methods: readonly InspectionMethod[], frequency: string, serviceObjects: readonly ServiceObject[] = ['2', '5'],
): ItemSpec {
  return { key: `jc-${key}`, unit, type: '06', name, basis, objects: serviceObjects, inspection: { objects, methods, frequency } };
}

/** 行政强制: measures (查封、扣押…) and enforcement (加处罚款、代履行…). */
export const COERCIONS: readonly ItemSpec[] = [
  coercion('market', 'cfkysp', '查封、扣押不符合食品安全标准或者存在安全隐患的食品', [['law-spaqf', '第一百一十条', '第一款', '第（四）项']], ['2', '3'],
    '有证据证明食品不符合食品安全标准、存在安全隐患，或者用于违法生产经营的。'),
  coercion('market', 'cfkytzsb', '查封、扣押不符合安全技术规范要求或者存在严重事故隐患的特种设备', [['law-tzsbaqf', '第六十一条', '第一款', '第（三）项']], ['2', '3'],
    '有证据表明特种设备不符合安全技术规范要求或者存在严重事故隐患的。', ['2', '3', '5']),
  coercion('emergency', 'cfkyss', '查封、扣押不符合保障安全生产标准的设施、设备、器材', [['law-aqscf', '第六十五条', '第一款', '第（四）项']], ['2', '3'],
    '有根据认为设施、设备、器材不符合保障安全生产的国家标准或者行业标准，或者违法生产、储存、使用、经营危险物品的。', ['2', '5']),
  coercion('fire', 'lscf', '对存在重大火灾隐患的危险部位或者场所采取临时查封措施', [['law-xff', '第五十四条']], ['2'],
    '消防监督检查中发现火灾隐患，不及时消除隐患可能严重威胁公共安全的。', ['2', '3', '5']),
  coercion('ecology', 'cfkypw', '查封、扣押造成污染物排放的设施、设备', [['law-hjbhf', '第二十五条']], ['2', '3'],
    '企业事业单位和其他生产经营者违法排放污染物，造成或者可能造成严重污染的。', ['2', '3']),
  coercion('tax', 'qzzx', '税收强制执行', [['law-sszgf', '第四十条', '第一款']], ['12', '13'],
    '从事生产、经营的纳税人、扣缴义务人未按照规定的期限缴纳或者解缴税款，经责令限期缴纳，逾期仍未缴纳，并经县以上税务局（分局）局长批准的。', ['1', '2', '5']),
  coercion('tax', 'znj', '加收税款滞纳金', [['law-sszgf', '第三十二条']], ['11'],
    '纳税人未按照规定期限缴纳税款，或者扣缴义务人未按照规定期限解缴税款的，从滞纳税款之日起按日加收滞纳税款万分之五的滞纳金。', ['1', '2', '5']),
  coercion('water', 'qxcc', '强行拆除河道管理范围内妨碍行洪的建筑物、构筑物', [['law-sf', '第六十五条', '第一款'], ['law-xzqzf', '第五十条']], ['14', '15'],
    '在河道管理范围内建设妨碍行洪的建筑物、构筑物，经责令限期拆除、恢复原状，逾期不拆除、不恢复原状的。', ['1', '2', '9']),
  coercion('urban-management', 'wfjs', '对违法建设采取查封施工现场、强制拆除措施', [['law-cxghf', '第六十八条']], ['2', '14'],
    '城乡规划主管部门作出责令停止建设或者限期拆除的决定后，当事人不停止建设或者逾期不拆除，经区人民政府责成的。', ['1', '2', '9']),
  coercion('culture-tourism', 'cfwb', '查封擅自从事互联网上网服务经营活动的场所、扣押专用工具和设备', [['law-hlwswfwyycsgltl', '第二十七条']], ['2', '3'],
    '未取得网络文化经营许可证擅自从事互联网上网服务经营活动的。', ['1', '2']),
  coercion('agri-enforcement', 'cfkyny', '查封、扣押违法生产、经营、使用的农药', [['law-nyqltl', '第四十一条', '第一款', '第（四）项']], ['2', '3'],
    '有证据证明农药属于违法生产、经营、使用的农药，或者工具、设备、原材料用于违法生产、经营、使用农药的。', ['1', '2', '5']),
  coercion('transport', 'zkcl', '暂扣没有车辆营运证又无法当场提供其他有效证明的车辆', [['law-dlystl', '第六十二条']], ['3'],
    '实施道路运输监督检查过程中，车辆没有车辆营运证又无法当场提供其他有效证明的。', ['1', '2']),
  // Cites the repealed provincial measure: the demo's error finding and 取消 obligation (seed Art. 16 (一)).
  coercion('health', 'shfyznj', '对逾期不缴纳社会抚养费的加收滞纳金', [['law-sxsshfyfzsglbf', '第十二条']], ['11'],
    '当事人未在规定的期限内缴纳社会抚养费的，自欠缴之日起每月加收欠缴社会抚养费的千分之二的滞纳金。', ['1']),
];

/** 行政检查. */
export const INSPECTIONS: readonly ItemSpec[] = [
  inspection('market', 'spjy', '对食品经营者的监督检查', [['law-spaqf', '第一百一十条']], '辖区内食品销售者、餐饮服务提供者', ['1', '4', '3'], '按照风险分级，A级每年不少于1次，D级每年不少于3次'),
  inspection('market', 'tzsb', '对特种设备使用单位的监督检查', [['law-tzsbaqf', '第五十七条']], '辖区内电梯、锅炉、压力容器、场（厂）内专用机动车辆等特种设备使用单位', ['1', '2'], '学校、医院、商场等公众聚集场所的特种设备每年重点检查不少于1次', ['2', '3', '5']),
  inspection('market', 'ypls', '对药品零售企业的监督检查', [['law-ypglf', '第九十九条']], '辖区内药品零售企业和零售连锁门店', ['1', '4', '3'], '每年对药品零售企业检查覆盖率不低于三分之一'),
  inspection('health', 'ggcs', '对公共场所卫生的监督检查', [['law-ggcswsgltl', '第十条']], '辖区内住宿、沐浴、美容美发、游泳等公共场所经营单位', ['1', '4'], '双随机抽查比例不低于5%，专项检查按年度计划开展', ['1', '2', '5']),
  inspection('health', 'yljg', '对医疗机构执业活动的监督检查', [['law-yljggltl', '第四十条']], '辖区内医疗机构、诊所、村卫生室', ['1', '2', '3'], '每年对辖区医疗机构检查全覆盖', ['2', '3', '5']),
  inspection('housing', 'gczl', '对建设工程质量的监督检查', [['law-jsgczlgltl', '第四十七条']], '辖区内在建房屋建筑和市政基础设施工程的建设、勘察、设计、施工、监理单位', ['2', '4', '3'], '按照工程进度节点实施监督检查', ['2', '3']),
  inspection('transport', 'dlys', '对道路运输经营者的监督检查', [['law-dlystl', '第五十八条']], '辖区内道路客货运输经营者、机动车维修经营者、驾驶员培训机构', ['1', '4'], '双随机抽查每年不少于1次', ['1', '2', '5']),
  inspection('agriculture', 'nyjy', '对农药经营者的监督检查', [['law-nyqltl', '第四十一条']], '辖区内农药经营门店及其仓储场所', ['1', '3'], '春耕、秋收等用药高峰期开展专项检查', ['1', '2', '5']),
  inspection('agriculture', 'dwfy', '对动物饲养场所防疫条件的监督检查', [['law-dwfyf', '第七十六条']], '辖区内动物饲养场、屠宰加工场所和无害化处理场所', ['1', '4'], '每年春秋两季集中检查', ['1', '2', '5']),
  inspection('emergency', 'aqsc', '对生产经营单位安全生产情况的监督检查', [['law-aqscf', '第六十五条']], '辖区内非煤矿山、危险化学品、烟花爆竹及工贸行业生产经营单位', ['1', '2', '3'], '按照年度监督检查计划执行，重点单位每年不少于2次'),
  inspection('emergency', 'whp', '对危险化学品经营单位的监督检查', [['law-aqscf', '第六十五条']], '辖区内取得危险化学品经营许可证的经营单位', ['1', '3'], '每年不少于1次'),
  inspection('energy', 'mkaq', '对煤矿安全生产的监督检查', [['law-aqscf', '第六十五条']], '辖区内生产、建设煤矿', ['2', '3', '4'], '生产矿井每月不少于1次，节假日前后开展专项检查', ['2']),
  inspection('fire', 'xfjd', '消防监督检查', [['law-xff', '第五十三条']], '辖区内机关、团体、企业、事业等单位，重点是消防安全重点单位和公众聚集场所', ['1', '2', '3'], '消防安全重点单位每年至少检查1次', ['2', '3', '4', '5']),
  inspection('ecology', 'pwdw', '对排污单位的现场检查', [['law-hjbhf', '第二十四条']], '辖区内排污许可重点管理、简化管理单位和登记管理单位', ['1', '2'], '重点排污单位每年不少于2次', ['2', '3']),
  inspection('natural-resources', 'tdwf', '对土地违法行为的监督检查', [['law-tdglf', '第六十七条']], '辖区内土地使用权人和建设项目用地单位', ['4', '3'], '日常动态巡查，结合卫片执法检查', ['1', '2', '3']),
  inspection('forestry', 'slzy', '对林木采伐和林地使用情况的监督检查', [['law-slf', '第五十六条']], '辖区内持证采伐单位和个人、使用林地的建设项目', ['4', '1'], '采伐作业期间伐中、伐后各检查1次', ['1', '2', '9']),
  inspection('water', 'qsdw', '对取水单位的监督检查', [['law-sf', '第六十条']], '辖区内取得取水许可证的单位和个人', ['1', '4'], '每年检查不少于1次', ['1', '2', '3']),
  inspection('hr-social-security', 'ldbz', '对用人单位遵守劳动保障法律法规情况的监督检查', [['law-ldbzjctl', '第十一条']], '辖区内用人单位，重点是工程建设领域施工企业', ['1', '3', '5'], '每年开展根治欠薪专项检查', ['2', '3', '5']),
  inspection('medical-security', 'ybjj', '对定点医药机构医疗保障基金使用情况的监督检查', [['law-ylbzjjsyjdgltl', '第二十七条']], '辖区内定点医疗机构和定点零售药店', ['1', '2', '3'], '年度检查全覆盖，飞行检查不定期开展', ['2', '3']),
  inspection('tax', 'swjc', '税务检查', [['law-sszgf', '第五十四条']], '纳税人、扣缴义务人', ['1', '3'], '按照“双随机、一公开”年度抽查计划执行', ['1', '2', '5']),
  inspection('culture-tourism', 'ylcs', '对娱乐场所的监督检查', [['law-ylcsgltl', '第三十三条']], '辖区内歌舞、游艺娱乐场所', ['1', '4'], '每季度不少于1次', ['2', '5']),
  inspection('culture-tourism', 'wb', '对互联网上网服务营业场所的监督检查', [['law-hlwswfwyycsgltl', '第三十一条']], '辖区内互联网上网服务营业场所', ['4', '3'], '寒暑假期间开展专项检查', ['2']),
  inspection('education', 'mbxx', '对民办学校办学活动的监督检查', [['law-mbjycjf', '第四十一条']], '辖区内民办幼儿园、民办中小学及校外培训机构', ['1', '5', '4'], '每学年年检1次', ['2', '3', '4']),
  inspection('civil-affairs', 'shtt', '对社会团体的监督检查', [['law-shttdjgltl', '第二十四条']], '在区民政局登记的社会团体', ['5', '1'], '每年年度检查1次', ['4']),
  inspection('statistics', 'tjzf', '统计执法检查', [['law-tjf', '第三十三条']], '辖区内统计调查对象', ['1', '3'], '按照年度统计执法检查计划执行', ['2', '3', '4', '5']),
  inspection('finance', 'zfcg', '对政府采购活动的监督检查', [['law-zfcgf', '第五十九条']], '区级预算单位、集中采购机构和采购代理机构', ['1', '5'], '每年抽查不少于1次', ['3', '6', '2']),
  inspection('meteorology', 'flaq', '对雷电防护安全的监督检查', [['law-qxzhfytl', '第二十三条']], '辖区内易燃易爆场所、人员密集场所等雷电防护重点单位', ['1', '2'], '雷雨季节前开展专项检查', ['2', '3']),
  inspection('tobacco', 'lsxkz', '对烟草专卖零售许可证持证户的监督检查', [['law-yczmf', '第十六条']], '辖区内烟草专卖零售许可证持证户', ['4', '1'], '日常市场检查结合双随机抽查', ['1', '2', '5']),
  inspection('commerce', 'zszy', '对再生资源回收经营者的监督检查', [['law-zszyhsglbf', '第十八条']], '辖区内再生资源回收经营者', ['1', '4'], '每年不少于1次', ['1', '2', '5']),
  inspection('development-reform', 'tzxm', '对企业投资项目的监督检查', [['law-qytzxmhzhbagltl', '第十六条']], '辖区内已核准、备案的企业投资项目', ['1', '3'], '按照“双随机、一公开”抽查计划执行', ['2', '5']),
  inspection('public-security', 'lgy', '对旅馆业的治安检查', [['law-lgyzagl', '第十二条']], '辖区内旅馆、宾馆、民宿等住宿服务场所', ['4', '3'], '日常检查结合节假日专项检查', ['1', '2', '5']),
];
