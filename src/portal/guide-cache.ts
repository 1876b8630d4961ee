import { LRUCache } from 'lru-cache';
import { sm3Hex } from '../crypto/sm.js';
import type { Db } from '../db/database.js';

/**
 * Rendered 办事指南 bodies, per instance and per item code, bounded in bytes. An entry is used only while
 * its key still matches what the request read from the read model (the item's publication sequence, its
 * unit's state, its parent's and children's sequences), so a publication invalidates exactly the pages
 * it changes and nothing is ever rebuilt wholesale.
 */
const MAX_BYTES = 32 * 1024 * 1024;
const caches = new WeakMap<Db, LRUCache<string, CachedGuide>>();

/** A rendered guide body and the SM3 of its text (computed once per render, not per request). */
export interface CachedGuide {
  key: string;
  body: string;
  hash: string;
  /** The whole page around the body as of one publication sequence (the page shows the sequence). */
  page?: { seq: number; html: string };
}

/**
 * What an entry holds in V8's heap: its texts at two bytes a character (a guide is Chinese text, which V8 keeps
 * as two-byte strings), the page included once it is rendered. Counting only the body let the cache hold about a
 * third more than its bound (a page is the body plus its frame).
 */
const bytesOf = (v: CachedGuide) => (v.body.length + (v.page?.html.length ?? 0)) * 2 + 256;

function cacheOf(db: Db): LRUCache<string, CachedGuide> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new LRUCache({ maxSize: MAX_BYTES, sizeCalculation: bytesOf })));
  return cache;
}

/** The page of a cached guide for a sequence: rendered once per guide and publication sequence. */
export function guidePage(db: Db, code: string, entry: CachedGuide, seq: number, render: () => string): string {
  if (entry.page?.seq === seq) return entry.page.html;
  const page = { seq, html: render() };
  entry.page = page;
  // Set again so that the cache counts the page against its bound (it sized the entry without it); as a new
  // object, because lru-cache keeps the size of a key set again to the same object.
  const cache = cacheOf(db);
  if (cache.peek(code) === entry) cache.set(code, { ...entry });
  return page.html;
}

export function cachedGuide(db: Db, code: string, key: string, render: () => string): CachedGuide {
  const cache = cacheOf(db);
  const hit = cache.get(code);
  if (hit?.key === key) return hit;
  const body = render();
  const entry = { key, body, hash: sm3Hex(body) };
  cache.set(code, entry);
  return entry;
}
