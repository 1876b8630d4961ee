import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { hitRateLimit } from '../security/rate-limit.js';
import { errors } from '../shared/errors.js';
import { findUnit, type Catalogue } from './catalogue.js';
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
 * Search over the public catalogue for the portal and `/api/public/v1/search`: every hit is an item of
 * the catalogue snapshot the page shows; name hits come before guide-text hits.
 */
export async function searchPublic(_app: AppContext, cat: Catalogue, o: PublicSearchOptions): Promise<PublicSearchResult> {
  const q = o.q.normalize('NFKC').trim().toLowerCase();
  if (!q) throw errors.field('q', '请输入要查找的事项名称或关键词');
  const unitId = o.unit ? (findUnit(cat, o.unit)?.id ?? '\0none') : undefined;
  const scoped = cat.items.filter((i) => (!unitId || i.unit.id === unitId) && (!o.type || i.type === o.type));
  const terms = q.split(/\s+/).filter(Boolean);
  const has = (text: string) => terms.every((t) => text.toLowerCase().includes(t));
  const byName = scoped.filter((i) => has(i.name));
  const names = new Set(byName);
  const byText = scoped.filter((i) => !names.has(i) && has(guideText(i)));
  const all = [...byName.map((item) => ({ match: 'name' as const, item })), ...byText.map((item) => ({ match: 'text' as const, item }))];
  return { total: all.length, hits: all.slice(o.offset, o.offset + o.limit) };
}

function guideText(i: PublicItem): string {
  const c = i.content;
  return [i.unit.name, i.code, c.acceptCondition, ...(c.materials ?? []).map((m) => m.name), ...(c.faqs ?? []).flatMap((f) => [f.question, f.answer]), ...(c.scenarios ?? []).map((s) => s.name)]
    .filter(Boolean).join('\n');
}

/** IN-07: public search is limited per client address (cluster-wide counters). */
export const SEARCH_LIMIT = { perMinute: 60 };

export async function limitSearch(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const decision = await hitRateLimit(ctx.db.kysely, `public-search:${request.ip}`, SEARCH_LIMIT.perMinute, 60, ctx.clock.now());
  if (!decision.allowed) throw errors.rateLimited(decision.retryAfterSeconds);
}
