import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { hitRateLimit } from '../security/rate-limit.js';
import { errors } from '../shared/errors.js';
import { findUnit, type Catalogue } from './catalogue.js';
import { searchItems } from '../search/search.service.js';
import type { PublicItem } from './public.queries.js';

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
  hits: Array<{ match: 'name' | 'text'; item: PublicItem }>;
}

/**
 * Search over the public catalogue for the portal and `/api/public/v1/search`, through the search index
 * (src/search: word segmentation plus n-grams, FTS5 / tsvector). Name hits come before guide-text hits;
 * every hit is resolved against the catalogue snapshot the response shows.
 */
export async function searchPublic(app: AppContext, cat: Catalogue, o: PublicSearchOptions): Promise<PublicSearchResult> {
  const unitId = o.unit ? findUnit(cat, o.unit)?.id : undefined;
  if (o.unit && !unitId) return { total: 0, hits: [] };
  const found = await searchItems(app.db, { q: o.q, unitId, type: o.type, offset: o.offset, limit: o.limit });
  const hits = found.hits.flatMap((h) => {
    const item = cat.byItemId.get(h.itemId);
    return item ? [{ match: h.match, item }] : [];
  });
  return { total: found.total, hits };
}

/** IN-07: public search is limited per client address (cluster-wide counters). */
export const SEARCH_LIMIT = { perMinute: 60 };

export async function limitSearch(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const decision = await hitRateLimit(ctx.db.kysely, `public-search:${request.ip}`, SEARCH_LIMIT.perMinute, 60, ctx.clock.now());
  if (!decision.allowed) throw errors.rateLimited(decision.retryAfterSeconds);
}
