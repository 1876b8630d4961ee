import { createHash } from 'node:crypto';
import type { Citation } from '../domain/item-content.js';

/**
 * One definition of "the same 设定依据" (Art. 8), used by the consistency report, the comparison of
 * catalogue versions and the claim take-over: citations are compared by document title (without 《》),
 * 条, 款 and 项, ignoring whitespace, half/full-width parentheses, order, the register link and quoted text.
 *
 * Stricter than the rules engine's `legal.catalogue-set-basis`, which is lenient on 款/项 while editing.
 * WARNING: migration 0008 carries a frozen copy for its backfill; change both or reindex.
 */
const squash = (s: string | undefined) => (s ?? '').replace(/\s/g, '').replace(/\(/g, '（').replace(/\)/g, '）');

/** The comparable form of one citation, e.g. `中华人民共和国食品安全法|第三十五条|第一款|`. */
export const citationKey = (c: Pick<Citation, 'title' | 'article' | 'paragraph' | 'item'>): string =>
  [squash(c.title).replace(/[《》]/g, ''), squash(c.article), squash(c.paragraph), squash(c.item)].join('|');

/**
 * A short fingerprint of a whole basis (order-insensitive), stored next to items and catalogue entries.
 *
 * @example
 *   basisKey([{ title: '《食品安全法》', article: '第三十五条' }]) === basisKey([{ title: '食品安全法', article: '第三十五条 ' }])
 */
export function basisKey(
  basis: readonly Pick<Citation, 'title' | 'article' | 'paragraph' | 'item'>[] | undefined,
): string {
  return createHash('sha256')
    .update((basis ?? []).map(citationKey).sort().join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/** True when two bases cite the same provisions (see `citationKey`). */
export const sameBasis = (a: readonly Citation[] | undefined, b: readonly Citation[] | undefined) =>
  basisKey(a) === basisKey(b);

/** "《食品安全法》第三十五条第一款" for lists, CSV and comparisons. */
export function citationText(c: Pick<Citation, 'title' | 'article' | 'paragraph' | 'item'>): string {
  const title = /^《.*》$/.test(c.title.trim()) ? c.title.trim() : `《${c.title.trim()}》`;
  return `${title}${c.article ?? ''}${c.paragraph ?? ''}${c.item ?? ''}`;
}
