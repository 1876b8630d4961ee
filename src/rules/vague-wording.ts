/**
 * Vague wording of 办事指南 text as patterns (Art. 7 办事指南精准化, domain.md §3.6). Real guides vary the words
 * ("其他相关证明材料", "依法需要提交的其他材料", "按照国家有关规定"), so each kind of vagueness is a pattern,
 * not a phrase list. Pure: the guide rules (guide.ts) decide which elements each kind applies to.
 *
 * False alarms are worse than misses: every pattern is tested against clean text taken from real published
 * guides (statute text, precise material names, numbered conditions) in guide.test.ts.
 */

/** Which kind of vague wording; each kind is one lint rule. */
export type VagueKind =
  | 'catch-all-material'
  | 'catch-all-text'
  | 'vague-provision'
  | 'reference'
  | 'vague-relation'
  | 'list-etc';

interface Pattern {
  kind: VagueKind;
  re: RegExp;
  /** What a precise guide says instead. */
  advice: string;
  /** Skip a match when the text right after it says precisely what it refers to (e.g. 按规定 followed by 《…》第X条). */
  preciseAfter?: RegExp;
  /** Skip a match right after a precise provision (…第三十二条有关规定). */
  preciseBefore?: RegExp;
  /**
   * Words every match contains: most texts have none of them, and this quick test spares running `re` over
   * every text (list-etc tries its 30-character lazy scan after every comma).
   */
  hint: RegExp;
}

const NOUN = '(?:材料|资料|文件|证明|证件|手续|要件)';
const ARTICLE = '第[一二三四五六七八九十百千零〇两\\d]+[条款项]';
const CITED = new RegExp(`^[^。；;\\n]{0,12}?(?:《|${ARTICLE})`);
const CITED_BEFORE = new RegExp(`${ARTICLE}[^。；;\\n]{0,4}$`);

const PATTERNS: readonly Pattern[] = [
  // 其他材料 / 其他相关证明材料 / 其它需要提供的资料 / 法律法规规定的其他文件 — words between 其他 and the noun.
  {
    kind: 'catch-all-material',
    re: new RegExp(`其[他它][^，。；;、,\\n（(]{0,10}?${NOUN}`, 'g'),
    advice:
      '请逐项写明材料的具体名称（如「营业执照」「法定代表人身份证」），只在部分情形下需要的材料请设置办理情形分别列出',
    hint: /其[他它]/,
  },
  // 相关材料 / 有关资料 / 相应的文件.
  {
    kind: 'catch-all-material',
    re: /(?:相关|有关|相应)的?(?:申请|证明|佐证)?(?:材料|资料|文件|证件|手续|要件)/g,
    advice: '请逐项写明材料的具体名称和出具单位',
    hint: /相关|有关|相应/,
  },
  // 依法应当提交的材料 / 需要提供的资料 / 法律法规规定需提交的文件: the law, not the guide, would say which.
  {
    kind: 'catch-all-material',
    re: new RegExp(
      `(?:依法|按规定|法律法规规定|法律、法规规定)(?:应当|需要|须|需|应)?(?:提交|提供|出具|报送)的${NOUN}`,
      'g',
    ),
    advice: '请写明材料的具体名称及要求提供该材料的法律文件和条款',
    hint: /依法|规定/,
  },
  {
    kind: 'catch-all-material',
    re: new RegExp(`(?:应当|需要|须|需)(?:提交|提供|出具|报送)的[^，。；;、\\n]{0,4}?${NOUN}$`, 'g'),
    advice: '请写明材料的具体名称',
    hint: /(?:提交|提供|出具|报送)的/,
  },
  // 有关部门 / 相关单位 / 视情况 / 等相关 (not 以及其他: statute text lists 其他污染源, 其他区域 precisely enough).
  {
    kind: 'catch-all-text',
    re: /(?:有关|相关)(?:部门|单位|机构|机关)/g,
    advice: '请写明具体部门的全称',
    hint: /有关|相关/,
  },
  {
    kind: 'catch-all-text',
    re: /视(?:具体)?情况|根据实际情况/g,
    advice: '请写明具体情形及每种情形的要求',
    hint: /情况/,
  },
  { kind: 'catch-all-text', re: /等相关|等有关/g, advice: '请完整列举，不要使用兜底表述', hint: /等/ },
  // 按规定 / 按照（国家）有关规定 / 符合规定 / 按相关要求 — without saying which provision.
  {
    kind: 'vague-provision',
    re: /(?:按|按照|依照|依据|根据|遵照)(?:国家|省|市|县|区|上级)?(?:的)?(?:有关|相关)?(?:规定|要求|标准|政策)(?!的?(?:条件|情形)[^，。；]*《)|(?<!不)符合(?:国家|省|有关|相关)?(?:的)?(?:规定|要求)(?![^，。；]{0,6}《)|(?:有关|相关)(?:规定|政策|要求)/g,
    advice: '请写明具体依据（文件名称、文号和条款），或直接写出该规定的内容',
    preciseAfter: CITED,
    hint: /规定|要求|标准|政策/,
    preciseBefore: CITED_BEFORE,
  },
  // 详见附件 / 见附件 / 另行通知 — a reference instead of the content.
  {
    kind: 'reference',
    re: /详见[^，。；;\n]{0,20}|(?<!意)见附件[^，。；;\n]{0,10}|参见附件|另行(?:通知|公告|告知)/g,
    advice: '请把所指的内容直接写在本要素中；需要下载的表格请在空白表格、示例样表中上传',
    hint: /详见|见附件|另行/,
  },
  // 相关情况证明 / 有关证明 / 相应的证明 — a relation, not a document.
  {
    kind: 'vague-relation',
    re: /(?:相关|有关|相应)(?:的)?(?:情况)?(?:证明|说明)(?!材料|文件|资料)|情况证明(?!材料|文件|资料)/g,
    advice: '请写明证明的具体名称（如「居住证明」）和出具单位（如「户籍所在地村（居）民委员会」）',
    hint: /证明|说明/,
  },
  // A list ending in 等: 身份证、户口簿等 / 有固定场所、设备等。/ 营业执照、许可证等材料.
  {
    kind: 'list-etc',
    re: /(?:^|[、，,])[^、，,。；;：:\n]{1,30}?(?<![平对相均上中高初优特头一二三四五六七八九十次])(?<!(?<!合)同)等(?=[)）]|(?:$|[，,。；;.\n]|(?:材料|资料|文件|证明|证件|条件|情形|内容|相关|有关|其他|手续|要件)))/g,
    advice: '请完整列举，不要以「等」结尾',
    hint: /等/,
  },
];

export interface VagueMatch {
  kind: VagueKind;
  /** The words as written. */
  words: string;
  advice: string;
}

/** Every vague wording of `kinds` in `text`, without one inside a longer match of the same kind. */
export function findVagueWording(text: string, kinds: ReadonlySet<VagueKind>): VagueMatch[] {
  const found: Array<VagueMatch & { start: number; end: number }> = [];
  for (const p of PATTERNS) {
    if (!kinds.has(p.kind) || !p.hint.test(text)) continue;
    // exec on the pattern itself: matchAll would construct a copy of the RegExp for every text.
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start) p.re.lastIndex++;
      if (p.preciseAfter?.test(text.slice(end)) || p.preciseBefore?.test(text.slice(Math.max(0, start - 20), start)))
        continue;
      found.push({ kind: p.kind, words: m[0].replace(/^[、，,]/, ''), advice: p.advice, start, end });
    }
  }
  return found
    .filter(
      (a) =>
        !found.some(
          (b) =>
            b !== a && b.kind === a.kind && b.start <= a.start && b.end >= a.end && b.end - b.start > a.end - a.start,
        ),
    )
    .sort((a, b) => a.start - b.start)
    .map(({ kind, words, advice }) => ({ kind, words, advice }));
}

/** Text that only says the element is empty or elsewhere: 无, 暂无, -, /, 详见, 同上 … */
export const PLACEHOLDER = /^(?:无|暂无|没有|略|同上|待定|不详|详见|见附件|[-－—/／\\.…]+|n\/?a|null|none)[。.]?$/i;

/** Words of a 受理标准 or 受理条件 that only restate that the materials are complete or the conditions met. */
const RESTATEMENT_WORDS =
  /申请人|申请|提交的?|提供的?|所需|全部|各项|相关|的|材料|资料|要件|内容|手续|齐全|完整|完备|真实|有效|合法|准确|清晰|规范|完善|符合|法定形式|法定条件|受理条件|申请条件|条件|要求|规定|标准|格式|并且|且|及|和|与|、|，|,|。|；|;|\s/g;

/** True when `text` says no more than "材料齐全、符合法定形式" or "符合受理条件". */
export function onlyRestatesCompleteness(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.replace(RESTATEMENT_WORDS, '') === '' && /齐全|完整|完备|符合|真实|有效/.test(t);
}
