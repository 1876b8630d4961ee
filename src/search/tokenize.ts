/**
 * Chinese-aware tokenization for the search index (pure; docs/search.md explains the choices).
 *
 * Text is normalised, split into terms at whitespace and punctuation, and each term into runs of Han
 * characters and runs of other letters/digits ("words": latin, digits, codes). A Han run is indexed by all
 * its 2- to 4-character substrings, so a Han term of up to four characters is exactly one token; a word run
 * is indexed whole. Names also get single characters (so that one-character queries find names), markers
 * of how they begin (for ranking), and filter keys (unit, type).
 */

/** Han terms up to this length are one token; longer ones are looked up by their 4-grams and then verified. */
const MAX_GRAM = 4;
/** Queries are cut to this many characters (after normalisation). */
export const MAX_QUERY_LENGTH = 50;
/** Word runs longer than this are indexed by their prefix. Larger than MAX_QUERY_LENGTH, so no query word is cut. */
export const MAX_WORD_LENGTH = 64;

/**
 * Marks tokens that text can never produce ('§' is punctuation, which normalisation removes): '§' + the
 * start of a name, '§§u'/'§§t' + hex for the unit and type filters.
 */
const MARK = '§';

const VARIATION_SELECTORS = /\p{Variation_Selector}/gu;
const NOT_WORD_CHARS = /[^\p{L}\p{M}\p{N}]+/gu;
const HAN_OR_WORD_RUNS = /\p{Script=Han}+|[^\p{Script=Han}]+/gu;
const HAN = /^\p{Script=Han}/u;

/**
 * The canonical form that matching and substring checks use: NFKC (full-width letters, digits and
 * punctuation become half-width), variation selectors dropped (a glyph variant of a rare character is the
 * same character), lower case, and every run of characters that is not a letter, mark or digit becomes one space.
 *
 * @example normalize('ＩＣＰ备案（变更）') // 'icp备案 变更'
 */
export function normalize(text: string): string {
  return text.normalize('NFKC').replace(VARIATION_SELECTORS, '').toLowerCase().replace(NOT_WORD_CHARS, ' ').trim();
}

interface Run {
  chars: string[];
  isHan: boolean;
}

function runsOf(term: string): Run[] {
  return (term.match(HAN_OR_WORD_RUNS) ?? []).map((run) => ({ chars: Array.from(run), isHan: HAN.test(run) }));
}

/** Every substring of `chars` with a length from `min` to `max`. */
function grams(chars: string[], min: number, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    let gram = '';
    for (let n = 1; n <= max && i + n <= chars.length; n++) {
      gram += chars[i + n - 1]!;
      if (n >= min) out.push(gram);
    }
  }
  return out;
}

const wordToken = (chars: string[]) => chars.slice(0, MAX_WORD_LENGTH).join('');

function termsOf(normalized: string): string[] {
  return normalized ? normalized.split(' ') : [];
}

export interface IndexTokenOptions {
  /** Also index every Han character on its own (names only). */
  withUnigrams: boolean;
}

/**
 * The distinct index tokens of an already normalised text: Han 2- to 4-grams (and single characters when
 * asked) and whole words. Positions are not kept: matching never needs them.
 *
 * @example indexTokens('社保卡 icp', { withUnigrams: false }) // ['社保', '保卡', '社保卡', 'icp']
 */
export function indexTokens(normalized: string, options: IndexTokenOptions): string[] {
  const tokens = new Set<string>();
  for (const term of termsOf(normalized)) {
    for (const run of runsOf(term)) {
      const runTokens = run.isHan ? grams(run.chars, options.withUnigrams ? 1 : 2, MAX_GRAM) : [wordToken(run.chars)];
      for (const t of runTokens) tokens.add(t);
    }
  }
  return [...tokens];
}

/** The marker of a run's start: its first one to four Han characters, or the whole word. */
function startMarker(run: Run, length: number): string {
  return MARK + (run.isHan ? run.chars.slice(0, length).join('') : wordToken(run.chars));
}

/**
 * Markers of how a normalised name begins: one per prefix of its first run up to MAX_GRAM characters
 * (a word run: the word). A query's first term is a prefix of the name iff its `prefixMarker` is among them
 * (and, for inexact terms, the name starts with the term).
 *
 * @example nameStartMarkers('护照签发') // ['§护', '§护照', '§护照签', '§护照签发']
 */
export function nameStartMarkers(nameNorm: string): string[] {
  const first = runsOf(termsOf(nameNorm)[0] ?? '')[0];
  if (!first) return [];
  if (!first.isHan) return [startMarker(first, 0)];
  const lengths = Array.from({ length: Math.min(first.chars.length, MAX_GRAM) }, (_, i) => i + 1);
  return lengths.map((n) => startMarker(first, n));
}

/** Filter keys, indexed with the name so that filtered searches stay inside the index. */
export const unitKey = (unitId: string) => `${MARK}${MARK}u${Buffer.from(unitId).toString('hex')}`;
export const typeKey = (type: string) => `${MARK}${MARK}t${Buffer.from(type).toString('hex')}`;

/** One whitespace- or punctuation-separated part of a query. */
export interface QueryTerm {
  /** The normalised term: a field matches only if it contains this exact string. */
  text: string;
  /** Tokens every matching field has. Necessary, and sufficient when `isExact`. */
  tokens: string[];
  /**
   * True when having the tokens already proves the field contains `text` (a Han term of at most four
   * characters, or a single word), so the stored text need not be checked.
   */
  isExact: boolean;
}

export interface ParsedQuery {
  /** Normalised, cut to MAX_QUERY_LENGTH; '' when nothing searchable is left. */
  text: string;
  terms: QueryTerm[];
  /** Distinct tokens of all terms: what the engine index is asked for. */
  tokens: string[];
  /** Marker a name beginning with the first term has (see nameStartMarkers); '' without terms. */
  prefixMarker: string;
}

/**
 * Splits a query into terms. A field matches when it contains every term; latin/digit words must match
 * whole words. A single Han character is looked up by its unigram, which only names have; inside a mixed
 * term it adds no token and is left to the substring check, so that guide text can still match.
 *
 * @example parseQuery('社会保险 ICP').terms // [{ text: '社会保险', tokens: ['社会保险'], isExact: true }, { text: 'icp', tokens: ['icp'], isExact: true }]
 */
export function parseQuery(query: string): ParsedQuery {
  const text = Array.from(normalize(query)).slice(0, MAX_QUERY_LENGTH).join('').trim();
  const terms = [...new Set(termsOf(text))].map(parseTerm);
  const first = runsOf(terms[0]?.text ?? '')[0];
  return {
    text,
    terms,
    tokens: [...new Set(terms.flatMap((t) => t.tokens))],
    prefixMarker: first ? startMarker(first, MAX_GRAM) : '',
  };
}

function parseTerm(text: string): QueryTerm {
  const runs = runsOf(text);
  const only = runs.length === 1 ? runs[0]! : undefined;
  if (only?.isHan && only.chars.length === 1) return { text, tokens: [text], isExact: true };
  const tokens = runs.flatMap((run) => {
    if (!run.isHan) return [wordToken(run.chars)];
    if (run.chars.length > MAX_GRAM) return grams(run.chars, MAX_GRAM, MAX_GRAM);
    return run.chars.length > 1 ? [run.chars.join('')] : [];
  });
  return { text, tokens: [...new Set(tokens)], isExact: only !== undefined && tokens.length === 1 };
}
