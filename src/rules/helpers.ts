import type { Citation, ItemContent } from '../domain/item-content.js';
import type { CheckSubject, Finding } from './types.js';

/** What a rule reports; the engine adds the rule id and severity. */
export type FindingDraft = Omit<Finding, 'rule' | 'severity' | 'overridden'>;

/** True for undefined, null, '' and whitespace-only text: a blank element counts as missing. */
export function isBlank(text: string | undefined | null): boolean {
  return text === undefined || text === null || text.trim() === '';
}

/**
 * A 主项/子项 with children keeps only its basic elements; handling details live on the children
 * (domain.md §3.1), so rules about handling details look at leaves only.
 */
export function isLeaf(subject: CheckSubject): boolean {
  return !subject.childCount;
}

/** Path of a content element relative to the item, e.g. `contentPath('materials', 2, 'name')`. */
export function contentPath(...segments: Array<string | number>): string {
  // Not ['content', ...segments].join('.'): a path is built for every text of every item checked.
  let path = 'content';
  for (const segment of segments) path += `.${segment}`;
  return path;
}

/** Every legal citation of the item with its path: 设定依据 first, then 实施依据. */
export function citations(content: ItemContent): Array<{ path: string; citation: Citation; label: string }> {
  const set = (content.setBasis ?? []).map((citation, i) => ({
    path: contentPath('setBasis', i),
    citation,
    label: '设定依据',
  }));
  const impl = (content.implBasis ?? []).map((citation, i) => ({
    path: contentPath('implBasis', i),
    citation,
    label: '实施依据',
  }));
  return [...set, ...impl];
}

/** 《title》 plus the 条, for messages. */
export function citationLabel(citation: Citation): string {
  const title = citation.title.replace(/^《|》$/g, '');
  return `《${title}》${citation.article ?? ''}`;
}
