import type { ItemContent } from '../domain/item-content.js';
import { GOVERNMENT_ISSUED_SOURCE, PAPER_FORMS } from '../domain/enums.js';
import { citationLabel, citations, contentPath, isBlank } from './helpers.js';
import type { Rule } from './types.js';

/**
 * 办事指南精准化 (Art. 7) lint, domain.md §3.6. No national text lists banned phrases ([NF]), so every
 * rule here is a warning: the clerk either fixes the text or records why it stays (an override).
 */

const ADVICE = {
  material: '请逐项写明材料的具体名称（如「营业执照」「法定代表人身份证」），只在部分情形下需要的材料请设置办理情形分别列出',
  proof: '请写明证明的具体名称和出具单位',
  rule: '请写明具体依据（文件名称、文号和条款）',
  dept: '请写明具体部门的全称',
  case: '请写明具体情形及每种情形的要求',
  list: '请完整列举，不要使用兜底表述',
} as const;

const CATCH_ALL: ReadonlyArray<{ phrase: string; advice: keyof typeof ADVICE }> = [
  { phrase: '其他相关材料', advice: 'material' },
  { phrase: '其他材料', advice: 'material' },
  { phrase: '相关材料', advice: 'material' },
  { phrase: '有关材料', advice: 'material' },
  { phrase: '等材料', advice: 'material' },
  { phrase: '等相关', advice: 'list' },
  { phrase: '其他证明', advice: 'proof' },
  { phrase: '相关证明', advice: 'proof' },
  { phrase: '等证明', advice: 'proof' },
  { phrase: '以及其他', advice: 'list' },
  { phrase: '按有关规定', advice: 'rule' },
  { phrase: '按规定提供', advice: 'rule' },
  { phrase: '有关部门', advice: 'dept' },
  { phrase: '相关部门', advice: 'dept' },
  { phrase: '视情况', advice: 'case' },
];

/** Catch-all phrases in `text`, without those inside a longer match (其他相关材料 hides 相关材料). */
function catchAllPhrases(text: string): Array<(typeof CATCH_ALL)[number]> {
  const found = CATCH_ALL.filter((c) => text.includes(c.phrase));
  return found.filter((c) => !found.some((other) => other !== c && other.phrase.includes(c.phrase)));
}

function catchAllMessage(what: string, phrases: ReadonlyArray<(typeof CATCH_ALL)[number]>): string {
  const advice = [...new Set(phrases.map((p) => ADVICE[p.advice]))].join('；');
  return `${what}含兜底表述${phrases.map((p) => `「${p.phrase}」`).join('')}：${advice}`;
}

const TRAILING_ETC = /等[)）]?[。.]?$/;

const catchAllMaterial: Rule = {
  id: 'guide.catch-all-material',
  severity: 'warning',
  category: 'guide',
  title: '材料名称含兜底表述',
  description: '申请材料名称不得使用「其他材料」「相关材料」「等证明」等兜底表述，也不得以「等」结尾，应逐项列明。第七条 办事指南精准化；domain.md §3.6。',
  check: ({ content }) =>
    (content.materials ?? []).flatMap((material, i) => {
      const phrases = catchAllPhrases(material.name);
      const path = contentPath('materials', i, 'name');
      if (phrases.length) return [{ path, message: catchAllMessage(`材料「${material.name}」`, phrases) }];
      if (TRAILING_ETC.test(material.name.trim())) return [{ path, message: `材料「${material.name}」以「等」结尾：${ADVICE.material}` }];
      return [];
    }),
};

/** Guide text other than material names where the same wording leaves the applicant guessing. */
function guideTexts(content: ItemContent): Array<{ path: string; label: string; text: string | undefined }> {
  return [
    { path: 'content.acceptCondition', label: '受理条件', text: content.acceptCondition },
    { path: 'content.specialProcedure', label: '特别程序', text: content.specialProcedure },
    { path: 'content.sceneVisitReason', label: '必须现场办理原因说明', text: content.sceneVisitReason },
    { path: 'content.feeBasis', label: '收费依据', text: content.feeBasis },
    ...(content.materials ?? []).flatMap((m, i) => [
      { path: contentPath('materials', i, 'acceptStandard'), label: '受理标准', text: m.acceptStandard },
      { path: contentPath('materials', i, 'fillNotes'), label: '填报须知', text: m.fillNotes },
      { path: contentPath('materials', i, 'sourceNote'), label: '来源渠道说明', text: m.sourceNote },
    ]),
    ...(content.fees ?? []).map((f, i) => ({ path: contentPath('fees', i, 'standard'), label: '收费标准', text: f.standard })),
    ...(content.flow ?? []).map((f, i) => ({ path: contentPath('flow', i, 'description'), label: '环节说明', text: f.description })),
    ...(content.scenarios ?? []).map((s, i) => ({ path: contentPath('scenarios', i, 'description'), label: '情形说明', text: s.description })),
  ];
}

const catchAllText: Rule = {
  id: 'guide.catch-all-text',
  severity: 'warning',
  category: 'guide',
  title: '指南文字含兜底表述',
  description: '受理条件、受理标准、收费标准、环节说明等指南文字不得使用「按有关规定」「相关部门」「视情况」等兜底表述。第七条 办事指南精准化；domain.md §3.6。',
  check: ({ content }) =>
    guideTexts(content).flatMap(({ path, label, text }) => {
      const phrases = catchAllPhrases(text ?? '');
      return phrases.length ? [{ path, message: catchAllMessage(label, phrases) }] : [];
    }),
};

const ARTICLE = /第[一二三四五六七八九十百千零〇两\d]+条/;

const citationArticle: Rule = {
  id: 'guide.citation-article',
  severity: 'warning',
  category: 'guide',
  title: '依据须写明条款',
  description: '设定依据和实施依据应写明到条（款、项），不得只写「根据《XX法》有关规定」。domain.md §3.6。',
  check: ({ content }) =>
    citations(content)
      .filter(({ citation }) => isBlank(citation.article) && !ARTICLE.test(`${citation.title}${citation.text ?? ''}`))
      .map(({ path, citation, label }) => ({
        path: `${path}.article`,
        message: `${label}${citationLabel(citation)}未写明条款：请在「条」中填写具体条款，如「第十二条」，不要写「有关规定」`,
      })),
};

const paperCopies: Rule = {
  id: 'guide.paper-copies',
  severity: 'warning',
  category: 'guide',
  title: '纸质材料须写明份数',
  description: '材料形式含纸质时，应写明纸质材料份数（至少1份）。domain.md §3.6。',
  check: ({ content }) =>
    (content.materials ?? []).flatMap((m, i) =>
      PAPER_FORMS.includes(m.form) && !(m.paperCopies && m.paperCopies >= 1)
        ? [{ path: contentPath('materials', i, 'paperCopies'), message: `材料「${m.name}」需提交纸质件，请填写纸质材料份数（如「1份」），电子化提交的请将材料形式改为电子化` }]
        : []),
};

const sourceNote: Rule = {
  id: 'guide.source-note',
  severity: 'warning',
  category: 'guide',
  title: '政府部门核发的材料须说明来源',
  description: '来源渠道为政府部门核发的材料，应写明核发部门和获取方式。domain.md §3.6。',
  check: ({ content }) =>
    (content.materials ?? []).flatMap((m, i) =>
      m.source === GOVERNMENT_ISSUED_SOURCE && isBlank(m.sourceNote)
        ? [{ path: contentPath('materials', i, 'sourceNote'), message: `材料「${m.name}」由政府部门核发：请在来源渠道说明中写明核发部门全称和办理方式，能够共享获取的写明免于提交` }]
        : []),
};

const PLACEHOLDER = /^(无|暂无|没有|略|同上|待定|不详|[-－—/／\\.…]+|n\/?a|null|none)[。.]?$/i;
const REFERENCE = /详见|见附件|参见|见下文|另行通知/;

/** Fields the applicant acts on directly: a placeholder there sends them nowhere. */
function contactFields(content: ItemContent): Array<{ path: string; label: string; text: string | undefined }> {
  const channels = (key: 'consult' | 'supervise', label: string) =>
    Object.entries(content[key] ?? {}).map(([channel, text]) => ({ path: `content.${key}.${channel}`, label, text }));
  return [
    { path: 'content.transactAddr', label: '办理地点', text: content.transactAddr },
    { path: 'content.transactTime', label: '办理时间', text: content.transactTime },
    ...channels('consult', '咨询方式'),
    ...channels('supervise', '监督投诉方式'),
  ];
}

const placeholder: Rule = {
  id: 'guide.placeholder',
  severity: 'warning',
  category: 'guide',
  title: '地点、时间、联系方式不得使用占位内容',
  description: '办理地点、办理时间、咨询方式和监督投诉方式不得填写「无」「-」「/」「详见…」「见附件」等占位内容，应写明实际信息。domain.md §3.6。',
  check: ({ content }) =>
    contactFields(content).flatMap(({ path, label, text }) => {
      const value = text?.trim() ?? '';
      if (!value || !(PLACEHOLDER.test(value) || REFERENCE.test(value))) return [];
      return [{
        path,
        message: `${label}填写为「${value}」：请写明实际信息（地址写到门牌和窗口，时间写到时段，电话写完整号码）；没有该渠道的请留空`,
      }];
    }),
};

const materialBasis: Rule = {
  id: 'guide.material-basis',
  severity: 'warning',
  category: 'guide',
  title: '申请材料须有依据',
  description: '每项申请材料应写明要求提供该材料的依据；「取消无依据的申报材料」。domain.md §3.6。',
  check: ({ content }) =>
    (content.materials ?? []).flatMap((m, i) =>
      isBlank(m.basis)
        ? [{ path: contentPath('materials', i, 'basis'), message: `材料「${m.name}」未写明依据：请填写要求提供该材料的文件名称和条款；没有依据的材料应取消` }]
        : []),
};

/** 办事指南精准化 lint rules (all warnings). */
export const GUIDE_RULES: Rule[] = [catchAllMaterial, catchAllText, citationArticle, paperCopies, sourceNote, placeholder, materialBasis];
