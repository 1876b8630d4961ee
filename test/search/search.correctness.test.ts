import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../src/db/database.js';
import type { SearchDocInput } from '../../src/search/search-doc.js';
import { MAX_LIMIT, rebuildIndex, searchItems, type SearchHit } from '../../src/search/search.service.js';
import { ABBREVIATIONS } from '../../src/search/synonyms.js';
import { normalize } from '../../src/search/tokenize.js';
import { AppError } from '../../src/shared/errors.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { generateSearchCatalogue } from '../support/search-catalogue.js';

/**
 * The issue's correctness test: on a generated catalogue, every 2-character and a sample of 4-character
 * substrings of names find exactly the items whose name contains them, ranked before the items whose guide
 * texts contain them, which are exactly found too. The expectations come from plain string operations.
 */

const docs = generateSearchCatalogue(2000);

const HAN = /\p{Script=Han}/u;
const isWordChar = (c: string | undefined) => c !== undefined && c !== ' ' && !HAN.test(c);
const wordRuns = (text: string) => text.match(/[^\p{Script=Han} ]+/gu) ?? [];
const wordsOf = (field: string) => new Set(wordRuns(field));

/** A field contains a term: as a substring, with the term's latin/digit runs as whole words of the field. */
function contains(field: string, term: string): boolean {
  return field.includes(term) && wordRuns(term).every((w) => wordsOf(field).has(w));
}

interface Expected {
  prefix: Set<string>;
  name: Set<string>;
  /** Items found by guide text; undefined when a term needs the substring check, which guide texts do not get. */
  text: Set<string> | undefined;
}

/** A text and, if it spells out an abbreviated term, its abbreviated form (docs/search.md §2). */
const forms = (text: string) => {
  const short = ABBREVIATIONS.reduce((s, a) => s.split(a.full).join(a.short), text);
  return short === text ? [text] : [text, short];
};
const normalized = docs.map((d) => ({
  id: d.itemId,
  name: normalize(d.name),
  names: forms(normalize(d.name)),
  texts: d.texts.map(normalize).flatMap(forms),
}));

function expected(query: string): Expected {
  const terms = [...new Set(normalize(query).split(' '))];
  const first = terms[0]!;
  const isExact = (t: string) => {
    const hanCount = Array.from(t).filter((c) => HAN.test(c)).length;
    return hanCount === 0 || (hanCount === Array.from(t).length && hanCount <= 4);
  };
  const out: Expected = { prefix: new Set(), name: new Set(), text: terms.every(isExact) ? new Set() : undefined };
  for (const doc of normalized) {
    // Exact terms are answered by tokens, which the abbreviated form of the name has too; others by the stored name.
    const inName = (t: string) => (isExact(t) ? doc.names : [doc.name]).some((n) => contains(n, t));
    if (terms.every(inName)) {
      out.name.add(doc.id);
      const firstRun = wordRuns(first)[0];
      const startsWithWholeFirstRun = (name: string) =>
        !first.startsWith(firstRun ?? '\0') || !isWordChar(name[firstRun!.length]);
      const startsWith = (name: string) =>
        name.startsWith(first) && startsWithWholeFirstRun(name) && (name === doc.name || Array.from(first).length > 1);
      if ((isExact(first) ? doc.names : [doc.name]).some(startsWith)) out.prefix.add(doc.id);
    } else if (
      terms.every(
        (t) => inName(t) || (Array.from(t).length > 1 && doc.names.concat(doc.texts).some((x) => contains(x, t))),
      )
    ) {
      out.text?.add(doc.id);
    }
  }
  return out;
}

async function searchAll(db: Db, q: string): Promise<{ total: number; hits: SearchHit[] }> {
  const hits: SearchHit[] = [];
  let total = 0;
  do {
    const page = await searchItems(db, { q, offset: hits.length, limit: MAX_LIMIT });
    if (hits.length) assert.equal(page.total, total, `${q}: total changed between pages`);
    total = page.total;
    if (!page.hits.length) break;
    hits.push(...page.hits);
  } while (hits.length < total);
  return { total, hits };
}

const lengthOf = new Map(normalized.map((d) => [d.id, Array.from(d.name).length]));

async function check(db: Db, q: string): Promise<void> {
  if (!normalize(q)) {
    await assert.rejects(searchItems(db, { q }), (e: unknown) => e instanceof AppError && e.issues[0]?.path === 'q', q);
    return;
  }
  const want = expected(q);
  const { total, hits } = await searchAll(db, q);
  const ids = (score: (s: number) => boolean) => new Set(hits.filter((h) => score(h.score)).map((h) => h.itemId));
  assert.equal(hits.length, total, `${q}: total`);
  assert.equal(new Set(hits.map((h) => h.itemId)).size, total, `${q}: duplicates`);
  assert.deepEqual(
    ids((s) => s === 3),
    want.prefix,
    `${q}: names beginning with it`,
  );
  assert.deepEqual(
    ids((s) => s >= 2),
    want.name,
    `${q}: names containing it`,
  );
  if (want.text)
    assert.deepEqual(
      ids((s) => s === 1),
      want.text,
      `${q}: guide texts containing it`,
    );
  for (let i = 1; i < hits.length; i++) {
    const [a, b] = [hits[i - 1]!, hits[i]!];
    assert.ok(a.score >= b.score, `${q}: score order at ${i}`);
    assert.equal(b.match, b.score > 1 ? 'name' : 'text');
    if (a.score === b.score)
      assert.ok(lengthOf.get(a.itemId)! <= lengthOf.get(b.itemId)!, `${q}: shorter names first at ${i}`);
  }
}

function substrings(length: number): string[] {
  const out = new Set<string>();
  for (const { name } of docs) {
    const chars = Array.from(name);
    for (let i = 0; i + length <= chars.length; i++) out.add(chars.slice(i, i + length).join(''));
  }
  return [...out].sort();
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] search correctness on a generated catalogue`, () => {
    let t: TestContext;

    before(async () => {
      t = await createTestContext(dialect);
      await rebuildIndex(t.ctx.db, docs as Iterable<SearchDocInput>);
    });
    after(() => t.cleanup());

    it('every 2-character substring of a name', async () => {
      for (const q of substrings(2)) await check(t.ctx.db, q);
    });

    it('a sample of 400 4-character substrings', async () => {
      const all = substrings(4);
      const step = Math.max(1, Math.floor(all.length / 400));
      for (let i = 0; i < all.length; i += step) await check(t.ctx.db, all[i]!);
    });
  });
}
