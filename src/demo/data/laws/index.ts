import type { Citation } from '../../../domain/item-content.js';
import type { DemoLaw } from '../types.js';
import { NATIONAL_LAWS } from './national-laws.js';
import { REGULATIONS } from './regulations.js';
import { RULES_AND_LOCAL } from './rules-and-local.js';

/** The legal-basis register: every document the demo catalogue cites. */
export const LAWS: readonly DemoLaw[] = [...NATIONAL_LAWS, ...REGULATIONS, ...RULES_AND_LOCAL];

const BY_KEY = new Map(LAWS.map((law) => [law.key, law]));

/** A reference to one article of a register entry: [law key, 第…条, 第…款?, 第（…）项?]. */
export type ArticleRef = readonly [lawKey: string, article: string, paragraph?: string, item?: string];

/**
 * A structured citation built from the register, so that titles, 文号 and article texts can never drift from
 * the register. Throws on a reference the register does not hold: a typo must fail the demo tests, not
 * produce a dangling citation.
 */
export function cite(ref: ArticleRef): Citation {
  const [lawKey, number, paragraph, item] = ref;
  const law = BY_KEY.get(lawKey);
  if (!law) throw new Error(`demo data: unknown law ${lawKey}`);
  const article = law.articles.find((a) => a.number === number);
  if (!article) throw new Error(`demo data: ${lawKey} has no ${number}`);
  const citation: Citation = { docId: law.key, title: law.title, article: number, text: article.text };
  if (law.docNo) citation.docNo = law.docNo;
  if (paragraph) citation.paragraph = paragraph;
  if (item) citation.item = item;
  return citation;
}

/** 《title》第…条第…款第（…）项, as clerks write a basis in free text (material basis, fee basis). */
export function citeText(ref: ArticleRef): string {
  const c = cite(ref);
  return `《${c.title}》${c.article ?? ''}${c.paragraph ?? ''}${c.item ?? ''}`;
}

export function lawByKey(key: string): DemoLaw {
  const law = BY_KEY.get(key);
  if (!law) throw new Error(`demo data: unknown law ${key}`);
  return law;
}
