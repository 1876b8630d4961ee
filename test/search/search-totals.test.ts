import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../src/db/database.js';
import type { SearchDocInput } from '../../src/search/search-doc.js';
import {
  indexDocument,
  MAX_LIMIT,
  rebuildIndex,
  removeDocument,
  searchItems,
} from '../../src/search/search.service.js';
import { ABBREVIATIONS } from '../../src/search/synonyms.js';
import { normalize } from '../../src/search/tokenize.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { generateSearchCatalogue } from '../support/search-catalogue.js';

/**
 * Totals are kept per index version (search.service.ts): after every kind of index write — publication of a
 * new item, a change that gains or loses the term, a cancellation, a rebuild — each total equals a brute-force
 * count over the documents, and the pages hold exactly the counted hits.
 */

/** A text and its abbreviated form, if it spells out an abbreviated term (docs/search.md §2). */
const forms = (text: string) => {
  const short = ABBREVIATIONS.reduce((s, a) => s.split(a.full).join(a.short), text);
  return short === text ? [text] : [text, short];
};

/** Items whose name or guide texts contain the term (2–4 Han characters: the tokens prove it). */
function bruteForce(docs: Iterable<SearchDocInput>, term: string): { all: Set<string>; names: Set<string> } {
  const all = new Set<string>();
  const names = new Set<string>();
  for (const d of docs) {
    const inName = forms(normalize(d.name)).some((n) => n.includes(term));
    if (inName) names.add(d.itemId);
    if (inName || d.texts.flatMap((t) => forms(normalize(t))).some((t) => t.includes(term))) all.add(d.itemId);
  }
  return { all, names };
}

async function searchAll(db: Db, q: string): Promise<{ total: number; ids: Set<string>; names: Set<string> }> {
  const ids = new Set<string>();
  const names = new Set<string>();
  let total = 0;
  for (let offset = 0; ; offset += MAX_LIMIT) {
    const page = await searchItems(db, { q, offset, limit: MAX_LIMIT });
    total = page.total;
    for (const h of page.hits) {
      ids.add(h.itemId);
      if (h.score >= 2) names.add(h.itemId);
    }
    if (page.hits.length < MAX_LIMIT) return { total, ids, names };
  }
}

const catalogue = generateSearchCatalogue(400);
/** Two- and four-character substrings of the first names: terms with many and with few hits. */
const TERMS = [
  ...new Set(
    catalogue.slice(0, 6).flatMap((d) => {
      const name = Array.from(normalize(d.name)).filter((c) => /\p{Script=Han}/u.test(c));
      return [name.slice(0, 2).join(''), name.slice(1, 5).join('')];
    }),
  ),
].filter((t) => t.length >= 2);

for (const dialect of testDialects()) {
  describe(`[${dialect}] search totals kept per index version`, () => {
    let t: TestContext;
    let db: Db;
    /** What the index should hold, by item id. */
    const current = new Map<string, SearchDocInput>();

    const assertExact = async (step: string) => {
      for (const term of TERMS) {
        const want = bruteForce(current.values(), term);
        // Twice: the second total is the kept one.
        for (const round of [1, 2]) {
          const got = await searchAll(db, term);
          assert.equal(got.total, want.all.size, `${step}, ${term} (round ${round}): total`);
          assert.deepEqual(got.ids, want.all, `${step}, ${term}: hits`);
          assert.deepEqual(got.names, want.names, `${step}, ${term}: name hits`);
        }
      }
    };

    before(async () => {
      t = await createTestContext(dialect);
      db = t.ctx.db;
    });
    after(() => t.cleanup());

    it('totals equal a brute-force count after publish, change, cancel and rebuild', async () => {
      assert.ok(TERMS.length >= 6, `terms: ${TERMS.join(' ')}`);
      for (const d of catalogue.slice(0, 300)) current.set(d.itemId, d);
      await rebuildIndex(db, current.values());
      await assertExact('rebuild');

      // Publication of new items: some have the terms in their names, some in their texts.
      for (const d of catalogue.slice(300, 320)) {
        current.set(d.itemId, d);
        await db.kysely.transaction().execute((trx) => indexDocument(trx, d));
      }
      await assertExact('publish');

      // Changes: items gain a term in the name (same and other name length) or in the texts, or lose all of theirs.
      const changed = catalogue.slice(0, 12).map((d, k): SearchDocInput => {
        const term = TERMS[k % TERMS.length]!;
        if (k % 3 === 0) return { ...d, name: `${d.name}${term}` };
        if (k % 3 === 1) return { ...d, texts: [...d.texts, `须携带${term}材料`] };
        return { ...d, name: '其他事项', texts: [] };
      });
      for (const d of changed) {
        current.set(d.itemId, d);
        await db.kysely.transaction().execute((trx) => indexDocument(trx, d));
      }
      await assertExact('change');

      // Cancellations leave the index.
      for (const d of catalogue.slice(12, 40)) {
        current.delete(d.itemId);
        await db.kysely.transaction().execute((trx) => removeDocument(trx, d.itemId));
      }
      await assertExact('cancel');

      // A rebuild that drops and replaces documents (a reindex).
      current.clear();
      for (const d of catalogue.slice(100, 400)) current.set(d.itemId, d);
      await rebuildIndex(db, current.values());
      await assertExact('reindex');
    });
  });
}
