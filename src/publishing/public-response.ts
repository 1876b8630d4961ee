import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { AppContext } from '../app/context.js';
import { sm3Hex } from '../crypto/sm.js';
import { isNotModified } from '../http/conditional.js';
import { offerReadyResponse } from '../http/fast-path.js';
import { canonicalJson } from '../shared/json.js';
import { currentStamp, freshStamp } from './publication-clock.js';
import type { PublicationStamp } from './public.queries.js';

/**
 * Responses of the public surfaces (portal pages, public API, feeds): keyed by the publication stamp, so a
 * publication is visible at once on every instance. Each carries the publication sequence
 * (`X-Publication-Seq`) and a hash of what it shows (`X-Content-Hash`, and in JSON bodies), is
 * revalidated by ETag / Last-Modified (304). Responses that depend on the whole catalogue (lists, search,
 * home) are kept in a small per-instance cache until the stamp moves; responses of one item are built
 * from its ready document per request (`noCache`), so a publication invalidates only what it changed.
 */
export interface PublicBody {
  body: string;
  contentType: string;
  /** SM3 of what the response shows (the data, without the envelope). */
  contentHash: string;
}

interface CachedResponse extends PublicBody {
  etag: string;
}

interface ResponseCache {
  key: string;
  entries: LRUCache<string, CachedResponse>;
}

/**
 * Bounded in entries and in bytes: list pages are ~40 KB each in V8's heap (Chinese text is stored at two bytes a
 * character), so 500 of them alone are 20 MB, and one `/catalogue` response grows with the catalogue (13 MB at
 * 100,000 items). A response larger than the whole bound is sent without being kept.
 */
const MAX_ENTRIES = 500;
const MAX_BYTES = 24 * 1024 * 1024;
const newEntries = () =>
  new LRUCache<string, CachedResponse>({
    max: MAX_ENTRIES,
    maxSize: MAX_BYTES,
    sizeCalculation: (r) => r.body.length * 2 + 256,
  });
const caches = new WeakMap<AppContext['db'], ResponseCache>();

export interface SendPublicOptions {
  /** Open to every origin (public API, feeds): read-only and never credentialed. */
  cors?: boolean;
  /** Do not cache (the response depends on more than the URL and the stamp). */
  noCache?: boolean;
  /** Status of a fresh response (404 pages are cached by stamp too). */
  status?: number;
  /**
   * Per-request text put into the cached body before sending (e.g. a form token); the ETag stays that of
   * the cached part.
   */
  finalize?: (body: string) => string;
  /**
   * The response may be sent again as is by the fast path (http/fast-path.ts) for the same URL while the
   * stamp holds and, when given, until `until` (ms, on the context's clock: when a form token in it turns).
   */
  replay?: { until?: number };
}

/** The publication stamp of this request, read once (handlers pass it on to `sendPublic`). */
export async function requestStamp(ctx: AppContext, request: FastifyRequest): Promise<PublicationStamp> {
  const holder = request as FastifyRequest & { publicationStamp?: PublicationStamp };
  return (holder.publicationStamp ??= await currentStamp(ctx.db));
}

/**
 * Sends a public response built by `build` (or the cached one for this URL and stamp), with the
 * publication headers, CORS when asked, and 304 when the client already has it.
 */
export async function sendPublic(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  stamp: PublicationStamp,
  build: () => Promise<PublicBody> | PublicBody,
  o: SendPublicOptions = {},
): Promise<FastifyReply> {
  const status = o.status ?? 200;
  const cacheKey = `${status} ${request.url}`;
  let cache = caches.get(ctx.db);
  if (!cache || cache.key !== stamp.key) {
    cache = { key: stamp.key, entries: newEntries() };
    caches.set(ctx.db, cache);
  }
  let response = o.noCache ? undefined : cache.entries.get(cacheKey);
  if (!response) {
    const built = await build();
    // The hash of what the response shows, with the sequence that the envelope and the page carry.
    response = { ...built, etag: `"${stamp.seq}-${built.contentHash.slice(0, 32)}"` };
    if (!o.noCache) cache.entries.set(cacheKey, response);
  }
  publicationHeaders(reply, stamp, response.contentHash, o.cors ?? false);
  reply.header('etag', response.etag);
  if (o.replay) {
    const { until } = o.replay;
    offerReadyResponse(
      reply,
      () => freshStamp(ctx.db)?.key === stamp.key && (until === undefined || ctx.clock.now().getTime() < until),
    );
  }
  if (status === 200 && isNotModified(request.headers, response.etag, lastModified(stamp)))
    return reply.status(304).send();
  return reply
    .status(status)
    .type(response.contentType)
    .send(o.finalize ? o.finalize(response.body) : response.body);
}

/** Headers every public response carries. */
export function publicationHeaders(
  reply: FastifyReply,
  stamp: PublicationStamp,
  contentHash: string,
  cors: boolean,
): void {
  reply.header('x-publication-seq', String(stamp.seq));
  reply.header('x-content-hash', contentHash);
  const modified = lastModified(stamp);
  if (modified) reply.header('last-modified', modified);
  // Stored by browsers and proxies, but revalidated on every use: a publication shows at once.
  reply.header('cache-control', 'no-cache');
  if (cors) {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'ETag, Last-Modified, X-Publication-Seq, X-Content-Hash');
    reply.header('cross-origin-resource-policy', 'cross-origin');
  }
}

const modifiedOf = new WeakMap<PublicationStamp, string | undefined>();

/** The stamp's latest change as an HTTP date, once per stamp (every public response carries it). */
function lastModified(stamp: PublicationStamp): string | undefined {
  if (modifiedOf.has(stamp)) return modifiedOf.get(stamp);
  const latest = [stamp.lastPublishedAt, stamp.unitsUpdatedAt]
    .filter((x): x is string => !!x)
    .sort()
    .pop();
  const parsed = latest ? new Date(latest) : null;
  const d = parsed && !Number.isNaN(parsed.getTime()) ? parsed.toUTCString() : undefined;
  modifiedOf.set(stamp, d);
  return d;
}

/**
 * JSON text with `<`, `>` and `&` as \u escapes: the same data after JSON.parse, but no markup in the
 * bytes, so a consumer that pastes a body into a page or a script block cannot be tricked by item text.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A JSON body around ready data bytes (`safeJson` of the data and the SM3 of its canonical form, as the
 * read model stores them): the same bytes `jsonBody` gives, without parsing or hashing per request.
 */
export function jsonBodyOf(stamp: PublicationStamp, dataJson: string, contentHash: string): PublicBody {
  const envelope = safeJson({ publication: { seq: stamp.seq, publishedAt: stamp.lastPublishedAt, contentHash } });
  return {
    body: dataJson === '{}' ? envelope : `${envelope.slice(0, -1)},${dataJson.slice(1)}`,
    contentType: 'application/json; charset=utf-8',
    contentHash,
  };
}

/**
 * A JSON body: `publication` first (sequence, time of the latest publication and the SM3 of the rest of
 * the body over its canonical form), then the data.
 */
export function jsonBody(stamp: PublicationStamp, data: Record<string, unknown>): PublicBody {
  const contentHash = sm3Hex(canonicalJson(data));
  return {
    body: safeJson({ publication: { seq: stamp.seq, publishedAt: stamp.lastPublishedAt, contentHash }, ...data }),
    contentType: 'application/json; charset=utf-8',
    contentHash,
  };
}
