import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSearchCatalogue } from '../../test/support/search-catalogue.js';
import {
  indexTokens,
  MAX_QUERY_LENGTH,
  MAX_WORD_LENGTH,
  nameStartMarkers,
  normalize,
  parseQuery,
  typeKey,
  unitKey,
} from './tokenize.js';

describe('normalize', () => {
  const cases: [input: string, expected: string, why: string][] = [
    ['ＩＣＰ备案（变更）', 'icp备案 变更', 'full-width latin and brackets'],
    ['１２３号', '123号', 'full-width digits'],
    ['  社保，卡 ', '社保 卡', 'Chinese comma separates, edges trimmed'],
    ['社保\u3000卡', '社保 卡', 'ideographic space'],
    ['葛\u{E0100}城', '葛城', 'ideographic variation selector dropped'],
    ['A-B_C.d', 'a b c d', 'ASCII punctuation separates, lower case'],
    ['①号', '1号', 'circled digit (NFKC)'],
    ['《行政许可法》第八条', '行政许可法 第八条', 'book-title marks'],
    ['！？。…', '', 'punctuation only'],
    ['', '', 'empty'],
  ];
  for (const [input, expected, why] of cases)
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)} (${why})`, () =>
      assert.equal(normalize(input), expected));
});

describe('indexTokens', () => {
  const cases: [text: string, withUnigrams: boolean, expected: string[], why: string][] = [
    ['社保卡', false, ['社保', '社保卡', '保卡'], 'all 2- and 3-grams'],
    ['社保卡', true, ['社', '社保', '社保卡', '保', '保卡', '卡'], 'names add single characters'],
    [
      '社会保险费',
      false,
      ['社会', '社会保', '社会保险', '会保', '会保险', '会保险费', '保险', '保险费', '险费'],
      'grams stop at 4',
    ],
    ['证', false, [], 'a lone character in guide text adds nothing'],
    ['icp备案 2023号', false, ['icp', '备案', '2023'], 'words whole; a 1-character Han run adds nothing'],
    ['社保 社保', false, ['社保'], 'distinct'],
    ['𠀀𠀁', false, ['𠀀𠀁'], 'astral characters count as one'],
    ['', true, [], 'empty'],
  ];
  for (const [text, withUnigrams, expected, why] of cases) {
    it(`${JSON.stringify(text)}${withUnigrams ? ' (name)' : ''} (${why})`, () =>
      assert.deepEqual(indexTokens(text, { withUnigrams }), expected));
  }

  it('indexes a very long word by its prefix', () => {
    assert.deepEqual(indexTokens('x'.repeat(100), { withUnigrams: false }), ['x'.repeat(MAX_WORD_LENGTH)]);
  });
});

describe('nameStartMarkers', () => {
  const cases: [name: string, expected: string[]][] = [
    ['护照签发补办', ['§护', '§护照', '§护照签', '§护照签发']],
    ['护照', ['§护', '§护照']],
    ['icp备案', ['§icp']],
    ['', []],
  ];
  for (const [name, expected] of cases)
    it(JSON.stringify(name), () => assert.deepEqual(nameStartMarkers(name), expected));
});

describe('filter keys', () => {
  it('cannot collide with text tokens or start markers', () => {
    assert.equal(unitKey('unit-01'), '§§u756e69742d3031');
    assert.equal(typeKey('01'), '§§t3031');
    assert.equal(normalize('§§u756e69742d3031'), 'u756e69742d3031');
  });
});

describe('parseQuery', () => {
  const cases: [
    query: string,
    terms: [text: string, tokens: string[], isExact: boolean][],
    marker: string,
    why: string,
  ][] = [
    ['社保', [['社保', ['社保'], true]], '§社保', 'two characters: one token'],
    ['社会保险', [['社会保险', ['社会保险'], true]], '§社会保险', 'four characters: still one token'],
    ['证', [['证', ['证'], true]], '§证', 'one character: its unigram (names only)'],
    [
      '社会保险费',
      [['社会保险费', ['社会保险', '会保险费'], false]],
      '§社会保险',
      'longer: its 4-grams, then verified',
    ],
    ['ＩＣＰ', [['icp', ['icp'], true]], '§icp', 'a word, normalised'],
    ['ICP备案', [['icp备案', ['icp', '备案'], false]], '§icp', 'mixed term: verified'],
    ['a证', [['a证', ['a'], false]], '§a', 'a lone Han character inside a mixed term adds no token'],
    [
      '护照 补办',
      [
        ['护照', ['护照'], true],
        ['补办', ['补办'], true],
      ],
      '§护照',
      'terms split at spaces',
    ],
    ['护照，护照', [['护照', ['护照'], true]], '§护照', 'duplicate terms once'],
    ['！？ ', [], '', 'nothing searchable'],
  ];
  for (const [query, terms, marker, why] of cases) {
    it(`${JSON.stringify(query)} (${why})`, () => {
      const parsed = parseQuery(query);
      assert.deepEqual(
        parsed.terms.map((t) => [t.text, t.tokens, t.isExact]),
        terms,
      );
      assert.deepEqual(parsed.tokens, [...new Set(terms.flatMap((t) => t[1]))]);
      assert.equal(parsed.prefixMarker, marker);
    });
  }

  it(`cuts queries to ${MAX_QUERY_LENGTH} characters`, () => {
    const parsed = parseQuery('护'.repeat(60));
    assert.equal(parsed.text, '护'.repeat(MAX_QUERY_LENGTH));
  });

  // The invariant behind every name hit: a substring of a name yields only tokens that the name has
  // (unless it cuts a latin/digit word, which by design matches whole words only).
  it('gives every substring of a name only tokens of that name', () => {
    const isWordChar = (c: string | undefined) => c !== undefined && c !== ' ' && !/\p{Script=Han}/u.test(c);
    for (const { name } of generateSearchCatalogue(300)) {
      const norm = normalize(name);
      const tokens = new Set([...indexTokens(norm, { withUnigrams: true }), ...nameStartMarkers(norm)]);
      const chars = Array.from(norm);
      for (let i = 0; i < chars.length; i++) {
        for (let n = 1; n <= 6 && i + n <= chars.length; n++) {
          if (
            (isWordChar(chars[i - 1]) && isWordChar(chars[i])) ||
            (isWordChar(chars[i + n - 1]) && isWordChar(chars[i + n]))
          )
            continue;
          const query = parseQuery(chars.slice(i, i + n).join(''));
          for (const token of query.tokens)
            assert.ok(tokens.has(token), `${token} of ${query.text} missing in ${norm}`);
          if (i === 0 && query.terms.length)
            assert.ok(tokens.has(query.prefixMarker), `${query.prefixMarker} missing in ${norm}`);
        }
      }
    }
  });
});
