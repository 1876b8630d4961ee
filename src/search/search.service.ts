import type { Trx } from '../db/database.js';
import { errors } from '../shared/errors.js';
import { prepareDoc, type SearchDocInput } from './search-doc.js';
import { planSearch } from './search-plan.js';
import { storeDocs } from './search-store.js';
import * as repo from './search.repository.js';
import type { DocSet, SearchDb, SnapshotReader } from './search.repository.js';
import { parseQuery } from './tokenize.js';

/** Default page size of `searchItems`. */
export const DEFAULT_LIMIT = 20;
/** Largest page `searchItems` returns. */
export const MAX_LIMIT = 100;
/** Documents written per transaction by `rebuildIndex`. */
const REBUILD_BATCH = 500;

/**
 * Adds or replaces the item's document. Call it in the transaction that publishes (or republishes) the
 * item, so the portal never finds an item the database does not show, nor misses one it does.
 */
export async function indexDocument(trx: Trx, doc: SearchDocInput): Promise<void> {
  await indexDocuments(trx, [doc]);
}

/** `indexDocument` of each (distinct items), in one write per table; new documents numbered in this order. */
export async function indexDocuments(trx: Trx, docs: readonly SearchDocInput[]): Promise<void> {
  if (docs.length) await storeDocs(trx, docs.map(prepareDoc));
}

/** Removes the item from the index (withdrawn, cancelled); true if it was there. */
export async function removeDocument(trx: Trx, itemId: string): Promise<boolean> {
  return (await removeDocuments(trx, [itemId])) > 0;
}

/** Removes the items from the index; returns how many were there. */
export function removeDocuments(trx: Trx, itemIds: readonly string[]): Promise<number> {
  return repo.deleteDocs(trx, [...itemIds]);
}

export interface SearchItemsOptions {
  /** What the citizen typed. Cut to 50 characters after normalisation. */
  q: string;
  /** Only items of this implementing unit. */
  unitId?: string;
  /** Only items of this type code (ITEM_TYPES). */
  type?: string;
  /** Hits to skip; default 0. */
  offset?: number;
  /** Hits to return, 1–100; default 20. */
  limit?: number;
}

export interface SearchHit {
  itemId: string;
  /** 'name' when the name contains every term, else 'text' (found in the guide texts). */
  match: 'name' | 'text';
  /** 3 name starts with the first term, 2 name contains the terms, 1 guide text only. Hits come in descending score. */
  score: number;
}

export interface SearchResult {
  /** Number of hits over all pages. */
  total: number;
  hits: SearchHit[];
}

/**
 * Finds items whose name and guide texts contain every term of `q` (docs/search.md). All name hits come
 * before all text hits; within each, shorter names first. Results are identical on SQLite and PostgreSQL.
 */
export async function searchItems(db: SearchDb, options: SearchItemsOptions): Promise<SearchResult> {
  const offset = options.offset ?? 0;
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(offset) || offset < 0) throw errors.field('offset', '必须是不小于 0 的整数');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw errors.field('limit', `必须是 1 到 ${MAX_LIMIT} 之间的整数`);
  const query = parseQuery(options.q);
  if (!query.terms.length) throw errors.field('q', '请输入要查找的事项名称或关键词（汉字、字母或数字）');
  const plan = planSearch(query, { unitId: options.unitId, type: options.type });
  return repo.readSnapshot(db.kysely, async (reader) => {
    const [prefixCount, nameCount, total] = await Promise.all(plan.nested.map((set) => countOf(db, reader, set)));
    const sizes = [prefixCount!, nameCount! - prefixCount!, total! - nameCount!];
    const hits: SearchHit[] = [];
    let skip = offset;
    for (const [rank, set] of plan.tiers.entries()) {
      if (hits.length === limit) break;
      if (skip >= sizes[rank]!) {
        skip -= sizes[rank]!;
        continue;
      }
      const itemIds = await reader.list(set, sizes[rank]!, { offset: skip, limit: limit - hits.length });
      const score = plan.tiers.length - rank;
      hits.push(...itemIds.map((itemId): SearchHit => ({ itemId, match: score > 1 ? 'name' : 'text', score })));
      skip = 0;
    }
    return { total: total!, hits };
  });
}

/** Set sizes kept per database handle and index version (most recently used last). */
const COUNTED_SETS = 2000;
const countCaches = new WeakMap<SearchDb['kysely'], { version: bigint; sizes: Map<string, number> }>();

/**
 * The size of a set as the reader's snapshot sees it. A total counts every hit (40,000 for a common
 * two-character term at 100,000 items): it is counted once per index version and then read from memory, exact
 * because every write of the index raises the version in its transaction. A snapshot older than the kept
 * version counts without keeping its answer.
 */
async function countOf(db: SearchDb, reader: SnapshotReader, set: DocSet): Promise<number> {
  const version = BigInt(reader.version);
  let cache = countCaches.get(db.kysely);
  if (!cache || cache.version < version) {
    cache = { version, sizes: new Map() };
    countCaches.set(db.kysely, cache);
  }
  if (cache.version !== version) return reader.count(set);
  const key = JSON.stringify(set);
  const kept = cache.sizes.get(key);
  cache.sizes.delete(key);
  const size = kept ?? (await reader.count(set));
  if (cache.sizes.size >= COUNTED_SETS) cache.sizes.delete(cache.sizes.keys().next().value!);
  cache.sizes.set(key, size);
  return size;
}

export interface RebuildResult {
  /** Documents written. */
  indexed: number;
  /** Documents removed because `docs` no longer contained their item. */
  removed: number;
}

/**
 * Makes the index hold exactly `docs` (after an import, demo seeding or a tokenizer change). Writes in
 * batches of 500, one transaction each, and removes stale documents last, so searches keep working meanwhile.
 * A later document with the same item id replaces an earlier one.
 */
export async function rebuildIndex(
  db: SearchDb,
  docs: AsyncIterable<SearchDocInput> | Iterable<SearchDocInput>,
): Promise<RebuildResult> {
  const seen = new Set<string>();
  let batch = new Map<string, SearchDocInput>();
  const flush = async () => {
    const prepared = [...batch.values()].map(prepareDoc);
    batch = new Map();
    await repo.inOwnTransaction(db, (trx) => storeDocs(trx, prepared));
  };
  for await (const doc of docs) {
    seen.add(doc.itemId);
    batch.set(doc.itemId, doc);
    if (batch.size >= REBUILD_BATCH) await flush();
  }
  await flush();
  const stale = (await repo.listItemIds(db.kysely)).filter((id) => !seen.has(id));
  for (let i = 0; i < stale.length; i += REBUILD_BATCH) {
    const ids = stale.slice(i, i + REBUILD_BATCH);
    await repo.inOwnTransaction(db, (trx) => repo.deleteDocs(trx, ids));
  }
  await repo.optimizeIndex(db.kysely);
  return { indexed: seen.size, removed: stale.length };
}
