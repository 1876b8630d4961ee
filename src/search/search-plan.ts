import type { DocSet } from './search.repository.js';
import { typeKey, unitKey, type ParsedQuery } from './tokenize.js';

/** Optional restrictions of a search. */
export interface SearchFilter {
  unitId?: string;
  type?: string;
}

/** What a query means, as document sets. */
export interface SearchPlan {
  /** The three ranks of hits, best first (scores 3, 2, 1): disjoint, together every hit. */
  tiers: [prefix: DocSet, name: DocSet, text: DocSet];
  /** Sets whose sizes give the tiers' sizes: |prefix|, |prefix ∪ name|, |all hits|. Nested in that order. */
  nested: [prefix: DocSet, names: DocSet, all: DocSet];
}

/**
 * Plans a parsed query (pure; docs/search.md "Matching"):
 * - name hits: the name has every query token, and contains every term the tokens do not prove;
 *   those beginning with the first term rank first;
 * - text hits: the other documents whose name and guide texts together have every query token.
 * Filters are index tokens of the name, so they narrow the index lookup itself.
 */
export function planSearch(query: ParsedQuery, filter: SearchFilter): SearchPlan {
  const first = query.terms[0];
  if (!first) throw new TypeError('planSearch needs at least one term');
  const keys = [
    ...(filter.unitId === undefined ? [] : [unitKey(filter.unitId)]),
    ...(filter.type === undefined ? [] : [typeKey(filter.type)]),
  ];
  const names: DocSet = {
    nameHas: [...query.tokens, ...keys],
    nameContains: query.terms.filter((t) => !t.isExact).map((t) => t.text),
  };
  const all: DocSet = { bodyHas: [...query.tokens, ...keys] };
  const withMarker = [...names.nameHas!, query.prefixMarker];
  // Starting with an inexact first term implies having its start marker, so the split needs only the text check.
  const [prefix, name]: [DocSet, DocSet] = first.isExact
    ? [
        { ...names, nameHas: withMarker },
        { ...names, nameLacks: query.prefixMarker },
      ]
    : [
        { ...names, nameHas: withMarker, nameStartsWith: { text: first.text, isNegated: false } },
        { ...names, nameStartsWith: { text: first.text, isNegated: true } },
      ];
  return { tiers: [prefix, name, { ...all, except: names }], nested: [prefix, names, all] };
}
