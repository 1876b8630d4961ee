import { LEGAL_RULES } from './legal.js';
import type { CleanSubject } from './fixtures.js';
import { runRuleCases } from './rule-cases.js';
import type { CheckSubject, LegalDocumentStatus, RuleContext } from './types.js';

const withStatus = (docId: string, status: LegalDocumentStatus) => (_s: CheckSubject, c: RuleContext) => {
  const register = new Map(c.legalDocuments);
  register.set(docId, { ...register.get(docId)!, status });
  c.legalDocuments = register;
};

/** The base-catalogue entry the item claimed, as the fixture states it; `change` alters the upper level. */
const claimed =
  (change: (entry: NonNullable<RuleContext['catalogueEntry']>) => void = () => {}) =>
  (s: CleanSubject, c: RuleContext) => {
    const entry = {
      catalogCode: s.content.catalogCode,
      name: s.content.name,
      type: s.content.type,
      setBasis: structuredClone(s.content.setBasis),
    };
    change(entry);
    c.catalogueEntry = entry;
  };

runRuleCases(LEGAL_RULES, [
  {
    rule: 'legal.repealed-basis',
    name: '设定依据已废止',
    patch: withStatus('law-food-safety', 'repealed'),
    expect: [['legal.repealed-basis', 'content.setBasis.0.docId']],
    message: /已废止.*第十六条/,
  },
  {
    rule: 'legal.repealed-basis',
    name: '实施依据已失效',
    patch: withStatus('rule-food-licensing', 'expired'),
    expect: [['legal.repealed-basis', 'content.implBasis.0.docId']],
    message: /已失效/,
  },
  { rule: 'legal.repealed-basis', name: '依据现行有效', expect: [] },
  {
    rule: 'legal.amended-basis',
    name: '设定依据已修订',
    patch: withStatus('law-food-safety', 'amended'),
    expect: [['legal.amended-basis', 'content.setBasis.0.docId']],
    message: /第三十五条/,
  },
  { rule: 'legal.amended-basis', name: '依据未修订', expect: [] },
  {
    rule: 'legal.unknown-document',
    name: '文件编号不在依据库中',
    patch: (s) => void (s.content.setBasis[0]!.docId = 'law-unknown'),
    expect: [['legal.unknown-document', 'content.setBasis.0.docId']],
  },
  {
    rule: 'legal.unknown-document',
    name: '没有提供依据库',
    patch: (s, c) => {
      s.content.setBasis[0]!.docId = 'law-unknown';
      delete c.legalDocuments;
    },
    expect: [],
  },
  {
    rule: 'legal.document-title',
    name: '文件编号指向另一文件',
    patch: (s) => void (s.content.setBasis[0]!.title = '中华人民共和国水土保持法'),
    expect: [['legal.document-title', 'content.setBasis.0.title']],
    message: /食品安全法/,
  },
  {
    rule: 'legal.document-title',
    name: '书名号和空格不计',
    patch: (s) => void (s.content.setBasis[0]!.title = '《中华人民共和国 食品安全法》'),
    expect: [],
  },
  {
    rule: 'legal.document-title',
    name: '文件不在依据库中不比较',
    patch: (s) => {
      s.content.setBasis[0]!.docId = 'law-unknown';
      s.content.setBasis[0]!.title = '某法';
    },
    expect: [['legal.unknown-document', 'content.setBasis.0.docId']],
  },
  {
    rule: 'legal.catalogue-name',
    name: '名称与基本目录不同',
    patch: claimed((e) => void (e.name = '食品生产许可')),
    expect: [['legal.catalogue-name', 'content.name']],
    message: /为「食品生产许可（办理情形）」：同一事项/,
  },
  { rule: 'legal.catalogue-name', name: '名称与基本目录相同', patch: claimed(), expect: [] },
  {
    rule: 'legal.catalogue-name',
    name: '业务办理项：目录名称加办理情形',
    patch: (s, c) => {
      s.granularity = 'handling';
      s.content.name = '食品经营许可（新办）';
      c.catalogueEntry = {
        catalogCode: s.content.catalogCode,
        name: '食品经营许可',
        type: s.content.type,
        setBasis: structuredClone(s.content.setBasis),
      };
    },
    expect: [],
  },
  {
    rule: 'legal.catalogue-name',
    name: '主项不能在目录名称后加括号',
    patch: (s, c) => {
      s.granularity = 'main';
      delete s.handlingCode;
      s.content.name = '食品经营许可（新办）';
      c.catalogueEntry = {
        catalogCode: s.content.catalogCode,
        name: '食品经营许可',
        type: s.content.type,
        setBasis: structuredClone(s.content.setBasis),
      };
    },
    expect: [['legal.catalogue-name', 'content.name']],
  },
  {
    rule: 'legal.catalogue-code',
    name: '基本编码与基本目录不同',
    patch: claimed((e) => void (e.catalogCode = '000117006999')),
    expect: [['legal.catalogue-code', 'content.catalogCode']],
  },
  { rule: 'legal.catalogue-code', name: '基本编码与基本目录相同', patch: claimed(), expect: [] },
  {
    rule: 'legal.catalogue-type',
    name: '类型与基本目录不同',
    patch: claimed((e) => void (e.type = '07')),
    expect: [['legal.catalogue-type', 'content.type']],
    message: /行政确认/,
  },
  { rule: 'legal.catalogue-type', name: '类型与基本目录相同', patch: claimed(), expect: [] },
  {
    rule: 'legal.catalogue-set-basis',
    name: '设定依据条款与基本目录不同',
    patch: claimed((e) => void (e.setBasis = [{ title: '中华人民共和国食品安全法', article: '第三十六条' }])),
    expect: [['legal.catalogue-set-basis', 'content.setBasis']],
    message: /缺少《中华人民共和国食品安全法》第三十六条；多出《中华人民共和国食品安全法》第三十五条/,
  },
  {
    rule: 'legal.catalogue-set-basis',
    name: '书名号、空格和条文内容不影响比较',
    patch: claimed(
      (e) =>
        void (e.setBasis = [
          { title: '《中华人民共和国食品安全法》', article: ' 第三十五条', text: '国家对食品生产经营实行许可制度。' },
        ]),
    ),
    expect: [],
  },
  {
    rule: 'legal.catalogue-code-known',
    name: '基本编码不在基本目录中（县级由目录管辖）',
    type: '07',
    patch: (_s, c) => void (c.catalogue = { governedLevels: ['2', '3', '4'], divergenceRecorded: false }),
    expect: [['legal.catalogue-code-known', 'content.catalogCode']],
    message: /不在已导入的基本目录中/,
  },
  {
    rule: 'legal.catalogue-code-known',
    name: '已登记基本编码调整建议',
    type: '07',
    patch: (_s, c) => void (c.catalogue = { governedLevels: ['4'], divergenceRecorded: true }),
    expect: [],
  },
  {
    rule: 'legal.catalogue-code-known',
    name: '基本目录不管辖本事项的行使层级',
    type: '07',
    patch: (_s, c) => void (c.catalogue = { governedLevels: ['1', '2'], divergenceRecorded: false }),
    expect: [],
  },
  {
    rule: 'legal.catalogue-code-known',
    name: '编码在基本目录中',
    patch: (s, c) => {
      claimed()(s, c);
      c.catalogue = { governedLevels: ['4'], divergenceRecorded: false };
    },
    expect: [],
  },
  {
    rule: 'legal.catalogue-code-shared',
    name: '本辖区另一单位使用同一基本编码',
    type: '07',
    patch: (_s, c) => void (c.sameCodeElsewhere = [{ unitName: '乙局', itemName: '食品经营许可' }]),
    expect: [['legal.catalogue-code-shared', 'content.catalogCode']],
    message: /乙局「食品经营许可」/,
  },
  {
    rule: 'legal.catalogue-code-shared',
    name: '业务办理项沿用上级编码，不提示',
    patch: (_s, c) => void (c.sameCodeElsewhere = [{ unitName: '乙局', itemName: '食品经营许可' }]),
    expect: [],
  },
  {
    rule: 'legal.catalogue-code-known',
    name: '业务办理项不单独检查',
    patch: (_s, c) => void (c.catalogue = { governedLevels: ['4'], divergenceRecorded: false }),
    expect: [],
  },
  {
    rule: 'legal.catalogue-code-shared',
    name: '无其他单位使用',
    type: '07',
    patch: (_s, c) => void (c.sameCodeElsewhere = []),
    expect: [],
  },
]);
