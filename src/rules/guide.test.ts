import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkItem } from './engine.js';
import { cleanItem, FIXTURE_CONTEXT } from './fixtures.js';
import { GUIDE_RULES } from './guide.js';
import { runRuleCases } from './rule-cases.js';
import type { CheckSubject } from './types.js';

const material = (i: number, patch: Record<string, unknown>) => (s: CheckSubject) =>
  void Object.assign(s.content.materials![i]!, patch);

runRuleCases(GUIDE_RULES, [
  {
    rule: 'guide.catch-all-material',
    name: '材料名称为其他相关材料',
    patch: material(2, { name: '其他相关材料' }),
    expect: [['guide.catch-all-material', 'content.materials.2.name']],
    message: /材料「其他相关材料」含兜底表述「其他相关材料」：请逐项写明/,
  },
  {
    rule: 'guide.catch-all-material',
    name: '「等级」不是兜底',
    patch: material(2, { name: '食品安全管理人员资质等级证书' }),
    expect: [],
  },
  {
    rule: 'guide.list-etc',
    name: '材料名称以等结尾',
    patch: material(2, { name: '身份证、户口簿等' }),
    expect: [['guide.list-etc', 'content.materials.2.name']],
    message: /列举「户口簿等」以「等」结尾/,
  },
  {
    rule: 'guide.list-etc',
    name: '办理地点不是列举',
    patch: (s) => void (s.content.transactAddr = '平鲁区政务服务中心一楼（社保、医保等）窗口'),
    expect: [],
  },
  {
    rule: 'guide.vague-relation',
    name: '材料名称含相关证明',
    patch: material(0, { name: '经营场所相关证明' }),
    expect: [['guide.vague-relation', 'content.materials.0.name']],
    message: /出具单位/,
  },
  {
    rule: 'guide.vague-relation',
    name: '写明出具单位的证明',
    patch: material(0, { name: '户籍所在地村（居）民委员会出具的居住证明' }),
    expect: [],
  },
  {
    rule: 'guide.catch-all-text',
    name: '受理条件经相关部门同意',
    patch: (s) => void (s.content.acceptCondition = '经相关部门同意'),
    expect: [['guide.catch-all-text', 'content.acceptCondition']],
    message: /「相关部门」：请写明具体部门的全称/,
  },
  {
    rule: 'guide.catch-all-text',
    name: '受理标准视情况而定',
    patch: material(0, { acceptStandard: '视情况要求补充' }),
    expect: [['guide.catch-all-text', 'content.materials.0.acceptStandard']],
  },
  { rule: 'guide.catch-all-text', name: '具体的受理条件', expect: [] },
  {
    rule: 'guide.vague-provision',
    name: '受理条件按有关规定、经相关部门同意',
    patch: (s) => void (s.content.acceptCondition = '符合按有关规定要求的条件，经相关部门同意'),
    expect: [
      ['guide.vague-provision', 'content.acceptCondition'],
      ['guide.catch-all-text', 'content.acceptCondition'],
    ],
    message: /受理条件中的「按有关规定」没有写明是哪一项规定：请写明具体依据/,
  },
  {
    rule: 'guide.vague-provision',
    name: '收费标准按有关规定收取',
    type: '04',
    patch: (s) => void (s.content.fees![0]!.standard = '按有关规定收取'),
    expect: [['guide.vague-provision', 'content.fees.0.standard']],
  },
  {
    rule: 'guide.vague-provision',
    name: '写明条款的「有关规定」',
    patch: (s) => void (s.content.acceptCondition = '符合《食品经营许可和备案管理办法》第十条有关规定'),
    expect: [],
  },
  {
    rule: 'guide.reference',
    name: '受理条件另行通知',
    patch: (s) => void (s.content.acceptCondition = '具体条件另行通知'),
    expect: [['guide.reference', 'content.acceptCondition']],
    message: /以引用代替了内容/,
  },
  {
    rule: 'guide.reference',
    name: '征求意见附件不是引用',
    patch: material(0, { fillNotes: '按申请书背面说明填写，征求意见附件随表提交' }),
    expect: [],
  },
  {
    rule: 'guide.accept-standard',
    name: '受理标准只写材料齐全',
    patch: material(0, { acceptStandard: '材料齐全、符合法定形式' }),
    expect: [['guide.accept-standard', 'content.materials.0.acceptStandard']],
    message: /只重复了材料齐全或符合条件/,
  },
  {
    rule: 'guide.accept-standard',
    name: '受理标准写明要求',
    patch: material(0, { acceptStandard: '须加盖单位公章，法定代表人签字' }),
    expect: [],
  },
  {
    rule: 'guide.citation-article',
    name: '根据《XX法》有关规定',
    patch: (s) =>
      void (s.content.setBasis = [
        {
          docId: 'law-food-safety',
          title: '中华人民共和国食品安全法',
          text: '根据《中华人民共和国食品安全法》有关规定',
        },
      ]),
    expect: [['guide.citation-article', 'content.setBasis.0.article']],
    message: /第十二条/,
  },
  {
    rule: 'guide.citation-article',
    name: '实施依据的条为空',
    patch: (s) => void (s.content.implBasis![0]!.article = ' '),
    expect: [['guide.citation-article', 'content.implBasis.0.article']],
  },
  {
    rule: 'guide.citation-article',
    name: '条写在条文内容中',
    patch: (s) =>
      void (s.content.setBasis = [
        {
          docId: 'law-food-safety',
          title: '中华人民共和国食品安全法',
          text: '第三十五条 国家对食品生产经营实行许可制度。',
        },
      ]),
    expect: [],
  },
  {
    rule: 'guide.paper-copies',
    name: '纸质材料没有份数',
    patch: (s) => void delete s.content.materials![2]!.paperCopies,
    expect: [['guide.paper-copies', 'content.materials.2.paperCopies']],
  },
  {
    rule: 'guide.paper-copies',
    name: '纸质材料0份',
    patch: material(0, { paperCopies: 0 }),
    expect: [['guide.paper-copies', 'content.materials.0.paperCopies']],
  },
  {
    rule: 'guide.paper-copies',
    name: '电子化材料不需要份数',
    patch: (s) => {
      delete s.content.materials![2]!.paperCopies;
      s.content.materials![2]!.form = '2';
    },
    expect: [],
  },
  {
    rule: 'guide.source-note',
    name: '政府部门核发没有说明',
    patch: (s) => void delete s.content.materials![1]!.sourceNote,
    expect: [['guide.source-note', 'content.materials.1.sourceNote']],
  },
  {
    rule: 'guide.source-note',
    name: '调取电子证照库不需要说明',
    patch: (s) => {
      delete s.content.materials![1]!.sourceNote;
      s.content.materials![1]!.source = '4';
    },
    expect: [],
  },
  {
    rule: 'guide.placeholder',
    name: '办理时间详见附件',
    patch: (s) => void (s.content.transactTime = '详见附件'),
    expect: [['guide.placeholder', 'content.transactTime']],
    message: /请写明实际信息/,
  },
  {
    rule: 'guide.placeholder',
    name: '咨询窗口填「无」、投诉信件填「/」',
    patch: (s) => {
      s.content.consult!.window = '无';
      s.content.supervise!.letter = '/';
    },
    expect: [
      ['guide.placeholder', 'content.consult.window'],
      ['guide.placeholder', 'content.supervise.letter'],
    ],
  },
  {
    rule: 'guide.placeholder',
    name: '地址中含「无」字不是占位',
    patch: (s) => void (s.content.transactAddr = '平鲁区政务服务中心一楼无差别综合受理窗口'),
    expect: [],
  },
  {
    rule: 'guide.placeholder',
    name: '特别程序写「无」是规定的写法',
    patch: (s) => void (s.content.specialProcedure = '无'),
    expect: [],
  },
  {
    rule: 'guide.material-basis',
    name: '材料没有依据',
    patch: (s) => void delete s.content.materials![0]!.basis,
    expect: [['guide.material-basis', 'content.materials.0.basis']],
    message: /没有依据的材料应取消/,
  },
  { rule: 'guide.material-basis', name: '材料都有依据', expect: [] },
]);

/** Where a phrase is put in the 食品经营许可 fixture, and the path its finding names. */
const PLACES = {
  material: ['content.materials.0.name', (s: CheckSubject, t: string) => void (s.content.materials![0]!.name = t)],
  condition: ['content.acceptCondition', (s: CheckSubject, t: string) => void (s.content.acceptCondition = t)],
  standard: [
    'content.materials.0.acceptStandard',
    (s: CheckSubject, t: string) => void (s.content.materials![0]!.acceptStandard = t),
  ],
  fillNotes: [
    'content.materials.0.fillNotes',
    (s: CheckSubject, t: string) => void (s.content.materials![0]!.fillNotes = t),
  ],
  sourceNote: [
    'content.materials.1.sourceNote',
    (s: CheckSubject, t: string) => void (s.content.materials![1]!.sourceNote = t),
  ],
  fee: [
    'content.fees.0.standard',
    (s: CheckSubject, t: string) => void (s.content.fees = [{ name: '工本费', standard: t, reducible: false }]),
  ],
  feeBasis: ['content.feeBasis', (s: CheckSubject, t: string) => void (s.content.feeBasis = t)],
  addr: ['content.transactAddr', (s: CheckSubject, t: string) => void (s.content.transactAddr = t)],
  time: ['content.transactTime', (s: CheckSubject, t: string) => void (s.content.transactTime = t)],
  phone: ['content.consult.phone', (s: CheckSubject, t: string) => void (s.content.consult!.phone = t)],
  objects: ['content.serviceObjectsNote', (s: CheckSubject, t: string) => void (s.content.serviceObjectsNote = t)],
} as const;
type Place = keyof typeof PLACES;

/** Guide findings at the phrase's element. */
function guideFindingsAt(place: Place, text: string) {
  const subject = cleanItem('01');
  const [path, put] = PLACES[place];
  put(subject, text);
  return checkItem(subject, FIXTURE_CONTEXT).filter((f) => f.path === path && f.rule.startsWith('guide.'));
}

/** Vague wording seen on real 政务服务网 guides; each must be flagged by the named rule, with the words quoted. */
const VAGUE: Array<[Place, string, string]> = [
  ['material', '其他相关材料', 'catch-all-material'],
  ['material', '其他需要提供的材料', 'catch-all-material'],
  ['material', '依法应当提交的其他材料', 'catch-all-material'],
  ['material', '法律法规规定的其他证明文件', 'catch-all-material'],
  ['material', '其它相关资料', 'catch-all-material'],
  ['material', '审批机关要求提供的其他材料', 'catch-all-material'],
  ['material', '相关证明材料', 'catch-all-material'],
  ['material', '依法需要提供的资料', 'catch-all-material'],
  ['material', '相关情况证明', 'vague-relation'],
  ['material', '有关证明', 'vague-relation'],
  ['material', '村委会出具的相关情况说明', 'vague-relation'],
  ['material', '身份证、户口簿等', 'list-etc'],
  ['material', '营业执照、许可证等材料', 'list-etc'],
  ['material', '房产证明或租赁合同等', 'list-etc'],
  ['material', '无', 'placeholder'],
  ['material', '详见附件', 'placeholder'],
  ['material', '申请书（格式详见附件1）', 'reference'],
  ['condition', '符合国家有关规定', 'vague-provision'],
  ['condition', '按规定应当具备的条件', 'vague-provision'],
  ['condition', '申请人符合相关规定要求', 'vague-provision'],
  ['condition', '按照有关规定办理', 'vague-provision'],
  ['condition', '具体条件另行通知', 'reference'],
  ['condition', '符合受理条件', 'accept-standard'],
  ['condition', '申请材料齐全、符合法定形式', 'accept-standard'],
  ['condition', '有固定的经营场所、必要的设施设备等。', 'list-etc'],
  ['condition', '暂无', 'placeholder'],
  ['condition', '经相关部门审核同意', 'catch-all-text'],
  ['condition', '视情况而定', 'catch-all-text'],
  ['standard', '材料齐全、真实有效', 'accept-standard'],
  ['standard', '提交的材料完整、符合要求', 'accept-standard'],
  ['standard', '按要求提供', 'vague-provision'],
  ['fee', '按国家规定标准收取', 'vague-provision'],
  ['fee', '收费标准详见物价部门文件', 'reference'],
  ['time', '详见政务服务中心公告', 'placeholder'],
  ['phone', '-', 'placeholder'],
  ['addr', '以窗口实际安排为准，另行告知', 'reference'],
  ['sourceNote', '由有关单位出具', 'catch-all-text'],
  ['fillNotes', '按照相关规定填写', 'vague-provision'],
  ['objects', '企业、个体工商户等', 'list-etc'],
];

/** Precise wording from real published guides (statute text, material names, numbered conditions): no guide finding. */
const CLEAN: Array<[Place, string]> = [
  ['material', '食品经营许可申请书'],
  ['material', '营业执照'],
  ['material', '法定代表人（负责人）身份证明'],
  ['material', '居民身份证（原件）'],
  ['material', '居民户口簿'],
  ['material', '委托代理人身份证明及授权委托书'],
  ['material', '建设工程规划许可证'],
  ['material', '不动产权证书或房屋租赁合同'],
  ['material', '医师资格证书'],
  ['material', '特种设备作业人员考试合格证明'],
  ['material', '死亡医学证明（推断）书'],
  ['material', '离婚证或结婚证'],
  ['material', '《中华人民共和国残疾人证》'],
  ['material', '食品安全管理人员资质等级证书'],
  [
    'condition',
    '（一）具有与生产经营的食品品种、数量相适应的食品原料处理和食品加工、包装、贮存等场所，保持该场所环境整洁，并与有毒、有害场所以及其他污染源保持规定的距离；',
  ],
  ['condition', '申请人须年满18周岁，具有完全民事行为能力。'],
  [
    'condition',
    '1.具有本市户籍；2.家庭人均月收入低于当地最低生活保障标准；3.家庭财产状况符合本市最低生活保障家庭财产状况规定。',
  ],
  ['condition', '建设工程已经竣工验收合格，建设单位自竣工验收合格之日起15日内申请备案。'],
  ['condition', '取得医师资格证书，受聘于依法设立的医疗机构。'],
  ['condition', '申请人与争议的土地有直接利害关系，有明确的请求处理对象、具体的处理请求和事实根据。'],
  ['condition', '依照《中华人民共和国行政许可法》第三十二条规定，申请材料不齐全的，一次告知申请人需要补正的全部内容。'],
  ['condition', '符合《城市道路管理条例》第三十条规定的条件。'],
  ['condition', '依照《中华人民共和国食品安全法》第三十五条有关规定取得许可。'],
  ['standard', '须加盖单位公章，法定代表人签字'],
  ['standard', '复印件须与原件一致，并由申请人签字确认'],
  ['standard', '在有效期内'],
  ['standard', '申请书内容填写完整，申请人签字'],
  ['fee', '每证工本费10元'],
  ['fee', '按照征占用土地面积每平方米1.4元一次性计征'],
  ['feeBasis', '依据《行政事业性收费标准管理办法》（发改价格规〔2018〕988号）第十条收取'],
  ['addr', '平鲁区政务服务中心一楼无差别综合受理窗口'],
  ['time', '周一至周五 上午8:30—12:00，下午14:30—17:30（法定节假日除外）'],
  ['phone', '0349-6012345'],
  ['sourceNote', '由户籍所在地公安机关核发，通过电子证照库共享获取'],
  ['sourceNote', '由县级以上卫生健康行政部门颁发'],
  ['fillNotes', '按表格要求逐项填写，用黑色签字笔书写'],
  ['objects', '在本区登记注册的企业法人、个体工商户和农民专业合作社'],
];

describe('guide lint against wording of real guides', () => {
  it('has at least 30 vague and 30 clean phrases', () => {
    assert.ok(VAGUE.length >= 30 && CLEAN.length >= 30);
  });
  for (const [place, text, kind] of VAGUE) {
    it(`flags ${place}「${text}」as guide.${kind}`, () => {
      const findings = guideFindingsAt(place, text);
      const mine = findings.find((f) => f.rule === `guide.${kind}`);
      assert.ok(mine, `no guide.${kind}: ${findings.map((f) => `${f.rule} ${f.message}`).join(' | ')}`);
      // The finding quotes the words (or the whole placeholder) and says what to write instead.
      assert.match(mine.message, /「[^」]+」.*：请/);
    });
  }
  for (const [place, text] of CLEAN) {
    it(`no false alarm on ${place}「${text}」`, () => {
      assert.deepEqual(
        guideFindingsAt(place, text).map((f) => `${f.rule}: ${f.message}`),
        [],
      );
    });
  }
});
