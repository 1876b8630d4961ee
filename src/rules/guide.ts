import type { ItemContent } from '../domain/item-content.js';
import { memo } from './check-memo.js';
import { GOVERNMENT_ISSUED_SOURCE, PAPER_FORMS } from '../domain/enums.js';
import { citationLabel, citations, contentPath, isBlank, type FindingDraft } from './helpers.js';
import type { Rule } from './types.js';
import {
  findVagueWording,
  onlyRestatesCompleteness,
  PLACEHOLDER,
  type VagueKind,
  type VagueMatch,
} from './vague-wording.js';

/**
 * 办事指南精准化 (Art. 7) lint, domain.md §3.6. No national text lists banned phrases ([NF]), so every
 * rule here is a warning: the clerk either fixes the text or records why it stays (an override).
 */

/** One piece of guide text the lint reads, with what kind of content the element holds. */
interface GuideText {
  path: string;
  /** How findings name the element: 受理条件, 材料「营业执照」的受理标准 … */
  what: string;
  text: string | undefined;
  /** An enumeration (conditions, materials, scope): a list ending in 等 leaves it open. */
  list?: boolean;
  /** The applicant acts on it directly: a placeholder there sends them nowhere. */
  required?: boolean;
  /** Narrative of the procedure ("申请人携带相关材料到窗口"): it refers to the listed materials, it does not list them. */
  narrative?: boolean;
}

/** A guide text as the rules read it: trimmed, whether it is a placeholder, and its vague wording of every kind. */
interface ReadGuideText extends GuideText {
  value: string;
  /** A required element that only says it is empty or elsewhere (guide.placeholder's finding). */
  placeholder: boolean;
  /** Empty for a placeholder: it is not also linted for wording. */
  vague: VagueMatch[];
}

/**
 * Every text element of a guide, read once per check: seven rules read them, and running every pattern once
 * per text (not once per rule) is most of what the guide lint costs.
 */
const guideTexts = (content: ItemContent): ReadGuideText[] =>
  memo('guide.texts', () => {
    const read: ReadGuideText[] = [];
    for (const t of collectGuideTexts(content)) {
      const value = t.text?.trim();
      // No guide rule reads a blank element (completeness reports the required ones).
      if (!value) continue;
      const placeholder = t.required === true && isPlaceholder(value);
      const vague = placeholder ? [] : findVagueWording(value, ALL_VAGUE_KINDS);
      read.push(Object.assign(t, { value, placeholder, vague }));
    }
    return read;
  });

/** Every text element of a guide the lint reads. Legal citations are quoted statute text and are not linted. */
function collectGuideTexts(content: ItemContent): GuideText[] {
  const channels = (key: 'consult' | 'supervise', label: string) =>
    Object.entries(content[key] ?? {}).map(([channel, text]) => ({
      path: `content.${key}.${channel}`,
      what: label,
      text,
      required: true,
    }));
  return [
    { path: 'content.acceptCondition', what: '受理条件', text: content.acceptCondition, list: true, required: true },
    { path: 'content.serviceObjectsNote', what: '服务对象说明', text: content.serviceObjectsNote, list: true },
    { path: 'content.handleFormsNote', what: '办理形式说明', text: content.handleFormsNote },
    { path: 'content.specialProcedure', what: '特别程序', text: content.specialProcedure },
    { path: 'content.sceneVisitReason', what: '必须现场办理原因说明', text: content.sceneVisitReason, required: true },
    { path: 'content.feeBasis', what: '收费依据', text: content.feeBasis, required: true },
    { path: 'content.transactAddr', what: '办理地点', text: content.transactAddr, required: true },
    { path: 'content.transactTime', what: '办理时间', text: content.transactTime, required: true },
    ...channels('consult', '咨询方式'),
    ...channels('supervise', '监督投诉方式'),
    ...(content.scenarios ?? []).flatMap((s, i) => [
      { path: contentPath('scenarios', i, 'name'), what: '办理情形名称', text: s.name, required: true },
      { path: contentPath('scenarios', i, 'description'), what: `办理情形「${s.name}」的说明`, text: s.description },
    ]),
    ...(content.materials ?? []).flatMap((m, i) => [
      {
        path: contentPath('materials', i, 'name'),
        what: `材料「${m.name}」`,
        text: m.name,
        list: true,
        required: true,
      },
      {
        path: contentPath('materials', i, 'acceptStandard'),
        what: `材料「${m.name}」的受理标准`,
        text: m.acceptStandard,
      },
      { path: contentPath('materials', i, 'fillNotes'), what: `材料「${m.name}」的填报须知`, text: m.fillNotes },
      { path: contentPath('materials', i, 'sourceNote'), what: `材料「${m.name}」的来源渠道说明`, text: m.sourceNote },
      { path: contentPath('materials', i, 'basis'), what: `材料「${m.name}」的依据`, text: m.basis },
    ]),
    ...(content.fees ?? []).flatMap((f, i) => [
      { path: contentPath('fees', i, 'name'), what: '收费项目名称', text: f.name, list: true, required: true },
      {
        path: contentPath('fees', i, 'standard'),
        what: `收费项目「${f.name}」的收费标准`,
        text: f.standard,
        required: true,
      },
      { path: contentPath('fees', i, 'basis'), what: `收费项目「${f.name}」的收费依据`, text: f.basis },
    ]),
    ...(content.flow ?? []).map((f, i) => ({
      path: contentPath('flow', i, 'description'),
      what: `办理环节「${f.name}」的说明`,
      text: f.description,
      narrative: true,
    })),
    { path: 'content.benefit.recipients', what: '给付对象', text: content.benefit?.recipients, list: true },
    { path: 'content.inspection.objects', what: '检查对象', text: content.inspection?.objects, list: true },
    { path: 'content.levy.kinds', what: '征收种类', text: content.levy?.kinds, list: true },
  ];
}

/** A whole element that only says it is empty or elsewhere (无, -, 详见附件, 见网站). */
function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || /^(?:详见|见|参见)[^。；;\n]{0,30}[。.]?$/.test(value);
}

interface PatternRule {
  kind: VagueKind;
  title: string;
  description: string;
  /** The finding's text before the advice, from the element and the words found (「…」「…」). */
  message: (what: string, words: string) => string;
  /** Only list-like elements (conditions, materials, scope). */
  listsOnly?: boolean;
  /** Not in the procedure's narrative, which refers to what other elements list. */
  notNarrative?: boolean;
}

const ALL_VAGUE_KINDS = new Set<VagueKind>([
  'catch-all-material',
  'catch-all-text',
  'vague-provision',
  'reference',
  'vague-relation',
  'list-etc',
]);

/** One rule per kind of vague wording, each over every guide text it applies to. */
function patternRule({ kind, title, description, message, listsOnly, notNarrative }: PatternRule): Rule {
  return {
    id: `guide.${kind}`,
    severity: 'warning',
    category: 'guide',
    title,
    description: `${description}第七条 办事指南精准化；domain.md §3.6。`,
    check: ({ content }) => {
      // A loop, not flatMap: six rules each visit every text of every item, and most texts yield nothing.
      const drafts: FindingDraft[] = [];
      for (const { path, what, list, narrative, vague } of guideTexts(content)) {
        // A whole-element placeholder is guide.placeholder's finding, not also a reference (its vague is empty).
        if (!vague.length || (listsOnly && !list) || (notNarrative && narrative)) continue;
        const found = vague.filter((f) => f.kind === kind);
        if (!found.length) continue;
        const words = [...new Set(found.map((f) => f.words))].map((w) => `「${w}」`).join('');
        const advice = [...new Set(found.map((f) => f.advice))].join('；');
        drafts.push({ path, message: `${message(what, words)}：${advice}` });
      }
      return drafts;
    },
  };
}

const PATTERN_RULES: Rule[] = [
  patternRule({
    kind: 'catch-all-material',
    title: '兜底的材料表述',
    notNarrative: true,
    message: (what, words) => `${what}含兜底表述${words}`,
    description:
      '指南文字（尤其申请材料名称）不得用「其他材料」「其他相关证明材料」「相关资料」「依法应当提交的材料」等兜底表述代替逐项列明的材料（办理流程的环节说明提及「相关材料」指已列明的材料，不在此列）。',
  }),
  patternRule({
    kind: 'catch-all-text',
    title: '指南文字含兜底表述',
    message: (what, words) => `${what}含兜底表述${words}`,
    description: '指南文字不得使用「有关部门」「相关单位」「视情况」「等相关」等兜底表述，应写明具体部门和具体情形。',
  }),
  patternRule({
    kind: 'vague-provision',
    title: '未写明出处的「按规定」',
    message: (what, words) => `${what}中的${words}没有写明是哪一项规定`,
    description:
      '「按规定」「按照国家有关规定」「符合规定」「按相关要求」等表述，后面（或前面）没有写明具体文件和条款的，应写明依据或直接写出规定的内容。',
  }),
  patternRule({
    kind: 'reference',
    title: '以引用代替内容',
    message: (what, words) => `${what}中的${words}以引用代替了内容`,
    description: '任何要素都不得以「详见附件」「见附件」「详见…」「另行通知」代替应写明的内容。',
  }),
  patternRule({
    kind: 'vague-relation',
    title: '以模糊关系描述的证明',
    message: (what, words) => `${what}中的${words}没有写明是哪一份证明`,
    description: '材料和条件不得用「相关情况证明」「有关证明」「相应的证明」描述，应写明证明的名称和出具单位。',
  }),
  patternRule({
    kind: 'list-etc',
    title: '列举以「等」结尾',
    message: (what, words) => `${what}中的列举${words}以「等」结尾`,
    listsOnly: true,
    description: '受理条件、申请材料、服务对象、给付对象、检查对象等列举类要素不得以「等」收尾，应完整列举。',
  }),
];

const acceptStandard: Rule = {
  id: 'guide.accept-standard',
  severity: 'warning',
  category: 'guide',
  title: '受理标准不得只重复「材料齐全」',
  description:
    '材料的受理标准和事项的受理条件不得只写「材料齐全、符合法定形式」「符合受理条件」，应写明该材料或条件要满足的具体要求（签字盖章、有效期、与原件一致等）。第七条；domain.md §3.6。',
  check: ({ content }) =>
    [
      ...(content.materials ?? []).map((m, i) => ({
        path: contentPath('materials', i, 'acceptStandard'),
        what: `材料「${m.name}」的受理标准`,
        text: m.acceptStandard,
        advice: '请写明该材料要满足的具体要求，如「须加盖单位公章，法定代表人签字」「在有效期内」「复印件与原件一致」',
      })),
      {
        path: 'content.acceptCondition',
        what: '受理条件',
        text: content.acceptCondition,
        advice: '请逐条写明申请人应当具备的具体条件',
      },
    ].flatMap(({ path, what, text, advice }) =>
      text && onlyRestatesCompleteness(text)
        ? [{ path, message: `${what}「${text.trim()}」只重复了材料齐全或符合条件：${advice}` }]
        : [],
    ),
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
      m.form && PAPER_FORMS.includes(m.form) && !(m.paperCopies && m.paperCopies >= 1)
        ? [
            {
              path: contentPath('materials', i, 'paperCopies'),
              message: `材料「${m.name}」需提交纸质件，请填写纸质材料份数（如「1份」），电子化提交的请将材料形式改为电子化`,
            },
          ]
        : [],
    ),
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
        ? [
            {
              path: contentPath('materials', i, 'sourceNote'),
              message: `材料「${m.name}」由政府部门核发：请在来源渠道说明中写明核发部门全称和办理方式，能够共享获取的写明免于提交`,
            },
          ]
        : [],
    ),
};

const placeholder: Rule = {
  id: 'guide.placeholder',
  severity: 'warning',
  category: 'guide',
  title: '必填内容不得使用占位内容',
  description:
    '受理条件、申请材料名称、收费标准、办理地点、办理时间、咨询方式和监督投诉方式等申请人要照着办的要素，不得填写「无」「暂无」「-」「/」「详见…」「见附件」等占位内容，应写明实际信息。domain.md §3.6。',
  check: ({ content }) =>
    guideTexts(content)
      .filter(({ placeholder }) => placeholder)
      .map(({ path, what, value }) => ({
        path,
        message: `${what}填写为「${value}」：请写明实际信息（地址写到门牌和窗口，时间写到时段，电话写完整号码，条件和材料逐项写明）；没有该项内容的请留空`,
      })),
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
        ? [
            {
              path: contentPath('materials', i, 'basis'),
              message: `材料「${m.name}」未写明依据：请填写要求提供该材料的文件名称和条款；没有依据的材料应取消`,
            },
          ]
        : [],
    ),
};

/** 办事指南精准化 lint rules (all warnings). */
export const GUIDE_RULES: Rule[] = [
  ...PATTERN_RULES,
  acceptStandard,
  citationArticle,
  paperCopies,
  sourceNote,
  placeholder,
  materialBasis,
];
