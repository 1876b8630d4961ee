import type { ItemContent } from '../domain/item-content.js';
import { abbreviatedForm } from './synonyms.js';
import { indexTokens, nameStartMarkers, normalize, typeKey, unitKey } from './tokenize.js';

/** What the index needs to know about one item. Callers pass only items the public portal may show. */
export interface SearchDocInput {
  itemId: string;
  unitId: string;
  /** Item type code (ITEM_TYPES), for the type filter. */
  type: string;
  /** 事项名称: matches here rank first. */
  name: string;
  /** Guide texts searched after the name, e.g. from `guideTextsOf`. Order does not matter. */
  texts: readonly string[];
}

/** A document ready to store. */
export interface PreparedDoc {
  itemId: string;
  /** Length of the normalised name in code points: selects the doc_id range (docIdRange). */
  nameLength: number;
  nameNorm: string;
  /** Name tokens with single characters, the name's start markers, and the unit and type keys. */
  nameTokens: string[];
  /** Tokens of the guide texts. The body index holds these together with `nameTokens`. */
  textTokens: string[];
}

/**
 * Normalises and tokenizes a document. A name or text spelling out a term citizens abbreviate (synonyms.ts)
 * is tokenized a second time in its abbreviated form, so 社保 finds 社会保险… as a name hit, ranked as if the
 * name said 社保. Only the name's own single characters are indexed (an abbreviation's characters are not
 * in the name), and the stored name and its length stay the real ones.
 */
export function prepareDoc(doc: SearchDocInput): PreparedDoc {
  const nameNorm = normalize(doc.name);
  const nameShort = abbreviatedForm(nameNorm);
  const textTokens = new Set<string>();
  for (const text of doc.texts) {
    const norm = normalize(text);
    for (const form of [norm, abbreviatedForm(norm)])
      if (form) for (const token of indexTokens(form, { withUnigrams: false })) textTokens.add(token);
  }
  const nameTokens = new Set([...indexTokens(nameNorm, { withUnigrams: true }), ...nameStartMarkers(nameNorm)]);
  if (nameShort) {
    for (const token of indexTokens(nameShort, { withUnigrams: false })) nameTokens.add(token);
    // One-character markers would rank a name first for a character it does not have (低 for 最低生活保障 → 低保).
    for (const marker of nameStartMarkers(nameShort)) if (Array.from(marker).length > 2) nameTokens.add(marker);
  }
  return {
    itemId: doc.itemId,
    nameLength: Array.from(nameNorm).length,
    nameNorm,
    nameTokens: [...nameTokens, unitKey(doc.unitId), typeKey(doc.type)],
    textTokens: [...textTokens],
  };
}

/** Name lengths above this rank together (the schema allows 1000 characters). */
const MAX_RANKED_LENGTH = 1023;
/** doc_ids of one name length: 2^24 consecutive integers (search-store.ts hands them out in order). */
const DOC_IDS_PER_LENGTH = 2 ** 24;

/**
 * The doc_ids for names of this length. Every result list is in doc_id order, so shorter names come first,
 * and an engine can return one page without looking at the rest; within a length, ids are dense, which
 * keeps FTS5's delta-encoded doclists to about a byte per entry.
 */
export function docIdRange(nameLength: number): { first: number; end: number } {
  const first = Math.min(nameLength, MAX_RANKED_LENGTH) * DOC_IDS_PER_LENGTH;
  return { first, end: first + DOC_IDS_PER_LENGTH };
}

/** Facts about an item that live outside its content but that citizens search for. */
export interface GuideTextExtras {
  /** 实施主体 name. */
  unitName: string;
  /** 实施编码. */
  taskCode: string;
}

/**
 * The guide texts of an item worth searching: what citizens type besides the name (conditions, materials,
 * scenarios, FAQs, the result, themes, the unit and the codes). Legal citations and contact details are left
 * out: they would make almost every query match almost every item.
 */
export function guideTextsOf(content: ItemContent, extras: GuideTextExtras): string[] {
  const ext = content.ext;
  return [
    extras.unitName,
    extras.taskCode,
    content.catalogCode,
    content.localTaskCode,
    content.acceptCondition,
    ...(content.materials ?? []).map((m) => m.name),
    ...(content.scenarios ?? []).flatMap((s) => [s.name, s.description]),
    ...(content.faqs ?? []).flatMap((f) => [f.question, f.answer]),
    ext?.resultName,
    ...(ext?.personThemes ?? []),
    ...(ext?.corporateThemes ?? []),
    ...(ext?.localThemes ?? []),
  ].filter((t): t is string => typeof t === 'string' && t !== '');
}
