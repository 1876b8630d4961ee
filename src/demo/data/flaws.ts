import type { Citation } from '../../domain/item-content.js';
import type { LooseContent as ItemContent } from './content/loose.js';
import { lawByKey } from './laws/index.js';
import type { DemoState } from './types.js';

/**
 * Deliberate findings: ~10% of the items carry one defect each, so that every kind of finding of the rules
 * engine (completeness, consistency, guide lint, legal basis) shows up in the demo. Every other item is
 * clean. Each flaw says in its note what is wrong, in the words a verifier would use.
 */
export interface Flaw {
  key: string;
  state: DemoState;
  note: string;
  /** The centre's 退回意见, for returned items. */
  reviewComment?: string;
  /** Absent when the defect is in the spec itself (a bundled name, a repealed basis). */
  apply?: (content: ItemContent) => void;
}

function materialNamed(content: ItemContent, name: string) {
  const material = content.materials?.find((m) => m.name === name);
  if (!material) throw new Error(`demo data: flaw targets missing material ${name}`);
  return material;
}

const addCatchAll = (content: ItemContent) => {
  content.materials = [
    ...(content.materials ?? []),
    { name: '其他相关材料', necessity: '1', kind: '3', form: '3', paperCopyKind: '2', paperCopies: 1, source: '1' },
  ];
};

const trailingDeng = (name: string) => (content: ItemContent) => {
  materialNamed(content, name).name = `${name}等`;
};

/** 「根据《XX》有关规定」: names the document, not the article. */
const vagueCitation = (lawKey: string) => (content: ItemContent) => {
  const law = lawByKey(lawKey);
  const citation: Citation = { docId: law.key, title: law.title, text: `根据《${law.title}》有关规定` };
  content.implBasis = [...(content.implBasis ?? []), citation];
};

const immediateWithPromise = (content: ItemContent) => {
  content.projectType = '1';
  content.promiseLimit = { value: 5, unit: '1' };
};

const dropCopies = (name: string) => (content: ItemContent) => {
  delete materialNamed(content, name).paperCopies;
};

const localNumberOnly = (content: ItemContent) => {
  if (content.consult?.phone) content.consult.phone = content.consult.phone.replace(/^0349-/, '');
};

export const FLAWS: readonly Flaw[] = [
  {
    key: 'xk-wb',
    state: 'returned',
    apply: addCatchAll,
    note: '演示退回：申请材料含兜底表述「其他相关材料」，请逐项列明（办事指南精准化）',
    reviewComment:
      '申请材料「其他相关材料」表述不明确，请对照《互联网上网服务营业场所管理条例》列明具体材料名称后重新提交。',
  },
  { key: 'gf-lsjz', state: 'submitted', apply: addCatchAll, note: '待核验：申请材料含兜底表述「其他相关材料」' },
  { key: 'qr-gsrd', state: 'draft', apply: addCatchAll, note: '草稿：申请材料含兜底表述「其他相关材料」' },
  {
    key: 'xk-dwfy',
    state: 'submitted',
    apply: trailingDeng('场所地理位置图、各功能区布局平面图'),
    note: '待核验：材料名称以「等」结尾，范围不确定',
  },
  {
    key: 'qt-ylba',
    state: 'draft',
    apply: trailingDeng('登记证书或者营业执照'),
    note: '草稿：材料名称以「等」结尾，范围不确定',
  },
  {
    key: 'gg-ywrx',
    state: 'returned',
    apply: vagueCitation('law-ywjyf'),
    note: '演示退回：实施依据为「根据《中华人民共和国义务教育法》有关规定」，未具体到条款项',
    reviewComment: '实施依据「根据《中华人民共和国义务教育法》有关规定」未具体到条、款、项，请补充具体条款后重新提交。',
  },
  {
    key: 'cf-zzsm',
    state: 'published',
    apply: vagueCitation('law-cslhtl'),
    note: '已发布的存量问题：实施依据「根据《城市绿化条例》有关规定」未具体到条款',
  },
  {
    key: 'qt-jgysba',
    state: 'submitted',
    apply: vagueCitation('law-jsgczlgltl'),
    note: '待核验：实施依据「根据《建设工程质量管理条例》有关规定」未具体到条款',
  },
  {
    key: 'xk-ggjjcs',
    state: 'submitted',
    apply: immediateWithPromise,
    note: '待核验：办件类型为即办件，但承诺办结时限为5个工作日（应为即时）',
  },
  {
    key: 'gg-sbksl',
    state: 'draft',
    apply: immediateWithPromise,
    note: '草稿：办件类型为即办件，但承诺办结时限为5个工作日',
  },
  {
    key: 'jl-zlbz',
    state: 'draft',
    apply: (c) => {
      c.setBasis = [];
    },
    note: '草稿：设定依据缺失（且与基本目录不一致，违反第八条）',
  },
  {
    key: 'xk-spxzf',
    state: 'submitted',
    apply: dropCopies('从业人员健康证明'),
    note: '待核验：纸质材料「从业人员健康证明」未填写份数',
  },
  {
    key: 'gf-xszz',
    state: 'published',
    apply: dropCopies('学生资助申请表'),
    note: '已发布的存量问题：纸质材料「学生资助申请表」未填写份数',
  },
  { key: 'gg-tjzl', state: 'published', apply: localNumberOnly, note: '已发布的存量问题：咨询电话缺少0349区号' },
  { key: 'qt-zszyba', state: 'draft', apply: localNumberOnly, note: '草稿：咨询电话缺少0349区号' },
  { key: 'xk-mbxx', state: 'published', note: '颗粒度问题：事项名称涵盖设立、变更、终止多种情形，应拆分为业务办理项' },
  { key: 'xk-shtt', state: 'published', note: '颗粒度问题：事项名称涵盖成立、变更、注销多种情形，应拆分为业务办理项' },
  {
    key: 'zs-shfy',
    state: 'published',
    note: '设定依据《山西省社会抚养费征收管理办法》已于2022年3月13日废止：应依第十六条第（一）项予以取消',
  },
  { key: 'qt-shfyfq', state: 'suspended', note: '已暂停受理；设定依据已废止，尚未办理取消（第十六条第（一）项）' },
  { key: 'qz-shfyznj', state: 'published', note: '设定依据《山西省社会抚养费征收管理办法》已废止：应予取消' },
  {
    key: 'qr-scpd',
    state: 'submitted',
    apply: (c) => {
      delete c.sceneVisitReason;
    },
    note: '待核验：到办事现场次数为1次，但未说明必须现场办理的原因',
  },
  {
    key: 'qr-bdcdy',
    state: 'draft',
    apply: (c) => {
      delete c.feeBasis;
      for (const fee of c.fees ?? []) delete fee.basis;
    },
    note: '草稿：收费事项未填写收费依据',
  },
  {
    key: 'qr-jykn',
    state: 'submitted',
    apply: (c) => {
      c.promiseLimit = { value: 20, unit: '1' };
    },
    note: '待核验：承诺办结时限（20个工作日）超过法定办结时限（15个工作日）',
  },
  {
    key: 'gg-fzqj',
    state: 'published',
    apply: (c) => {
      if (c.supervise && c.consult?.phone) c.supervise.phone = c.consult.phone;
    },
    note: '已发布的存量问题：监督投诉电话与咨询电话相同',
  },
  {
    key: 'gg-knzg',
    state: 'draft',
    apply: (c) => {
      c.transactAddr = '详见窗口';
    },
    note: '草稿：办理地点填写为占位内容「详见窗口」',
  },
  {
    key: 'gg-csyxzm',
    state: 'submitted',
    apply: (c) => {
      delete materialNamed(c, '父母双方居民身份证').sourceNote;
    },
    note: '待核验：来源渠道为政府部门核发的材料未填写来源渠道说明',
  },
];
