/**
 * Abbreviations citizens type for terms that item names spell out in full (docs/search.md §2 "Abbreviations").
 * Kept short on purpose: each entry is a common, unambiguous everyday abbreviation of a term used in
 * 政务服务 item names. Pairs where the full form already contains the short one (身份证 → 居民身份证,
 * 公积金 → 住房公积金) are not listed: a search for the short form finds those as a plain substring.
 *
 * The table is applied where documents are indexed, not to queries: a text containing the full form is
 * indexed a second time with the short form in its place, so a query for the short form finds it through the
 * same tokens, on both engines, ranked like any other hit, and the query plans stay as they are. Changing
 * the table therefore needs `shixiang reindex`.
 */
export const ABBREVIATIONS: ReadonlyArray<{ short: string; full: string }> = [
  { short: '社保', full: '社会保险' },
  { short: '医保', full: '医疗保险' },
  { short: '户口', full: '户籍' },
  { short: '驾照', full: '驾驶证' },
  { short: '低保', full: '最低生活保障' },
];

/**
 * The normalised text with every full form replaced by its abbreviation, or null when it has none.
 *
 * @example abbreviatedForm('社会保险费缴纳') // '社保费缴纳'
 */
export function abbreviatedForm(normalized: string): string | null {
  let out = normalized;
  for (const { short, full } of ABBREVIATIONS) out = out.replaceAll(full, short);
  return out === normalized ? null : out;
}
