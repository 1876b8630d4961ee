import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { hitBufferedRateLimit } from '../security/buffered-rate-limit.js';
import { errors } from '../shared/errors.js';
import { findUnit, type Catalogue } from './catalogue.js';
import { searchItems } from '../search/search.service.js';
import { recordSearchMiss } from '../evaluation/feedback.service.js';
import { listItemsByIds, type PublicListItem } from './public-documents.queries.js';

export interface PublicSearchOptions {
  q: string;
  /** Unit id or USCC. */
  unit?: string;
  type?: string;
  offset: number;
  limit: number;
}

export interface PublicSearchResult {
  total: number;
  hits: Array<{ match: 'name' | 'text'; item: PublicListItem }>;
}

/**
 * Search over the public catalogue for the portal and `/api/public/v1/search`, through the search index
 * (src/search: word segmentation plus n-grams, FTS5 / tsvector). Name hits come before guide-text hits;
 * the hits of the page are resolved to their list rows in the read model (one indexed query).
 */
export async function searchPublic(
  app: AppContext,
  cat: Catalogue,
  o: PublicSearchOptions,
): Promise<PublicSearchResult> {
  const unitId = o.unit ? findUnit(cat, o.unit)?.id : undefined;
  if (o.unit && !unitId) return { total: 0, hits: [] };
  const found = await searchItems(app.db, { q: o.q, unitId, type: o.type, offset: o.offset, limit: o.limit });
  const rows = await listItemsByIds(
    app.db.kysely,
    found.hits.map((h) => h.itemId),
  );
  const hits = found.hits.flatMap((h) => {
    const item = rows.get(h.itemId);
    return item ? [{ match: h.match, item }] : [];
  });
  // A search that found nothing in the whole catalogue shows what the public looks for and cannot find (no IP kept).
  if (found.total === 0 && !o.unit && !o.type && o.offset === 0) await recordSearchMiss(app, o.q);
  return { total: found.total, hits };
}

/** IN-07: public search is limited per client address (counted in memory, shared across instances each second). */
export const SEARCH_LIMIT = { perMinute: 60 };

export async function limitSearch(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const decision = hitBufferedRateLimit(
    ctx.db,
    `public-search:${request.ip}`,
    SEARCH_LIMIT.perMinute,
    60,
    ctx.clock.now(),
  );
  if (!decision.allowed) throw errors.rateLimited(decision.retryAfterSeconds);
}
