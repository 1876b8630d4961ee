import type { AppContext } from '../app/context.js';
import { sm3Hex } from '../crypto/sm.js';
import type { App } from '../http/app-type.js';
import { canonicalJson } from '../shared/json.js';
import { errors } from '../shared/errors.js';
import { groundLabel } from '../domain/grounds.js';
import Type from 'typebox';
import { catalogueFor, findUnit } from './catalogue.js';
import { PUBLICATION_KINDS } from './public.presenter.js';
import { listPublicChanges, type PublicChange, type PublicationStamp } from './public.queries.js';
import { requestStamp, safeJson, sendPublic, type PublicBody } from './public-response.js';

/** Entries per feed: the latest publications (the API's `changes?since=` pages through all of them). */
export const FEED_SIZE = 50;

/** XML text: escaped, and without the control characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

interface FeedSource {
  title: string;
  /** Absolute URL of the feed itself. */
  self: string;
  home: string;
  id: string;
  stamp: PublicationStamp;
  rows: PublicChange[];
  base: string;
}

const entryLink = (s: FeedSource, r: PublicChange) =>
  r.isPublic ? `${s.base}/items/${r.code}` : `${s.base}/adjustments#seq-${r.seq}`;
const entryTitle = (r: PublicChange) => `【${PUBLICATION_KINDS[r.kind] ?? r.kind}】${r.name}`;
const entryText = (r: PublicChange) =>
  [
    `实施单位：${r.unit.name}`,
    `实施编码：${r.code}`,
    r.ground ? `事由：${groundLabel(r.ground)}` : '',
    r.summary && !r.ground ? r.summary : '',
    `发布序号：${r.seq}`,
  ]
    .filter(Boolean)
    .join('\n');
const dataHash = (s: FeedSource) => sm3Hex(canonicalJson(s.rows.map((r) => [r.seq, r.kind, r.code, r.contentHash])));

/** Atom (RFC 4287). Every text passes through `xmlText`; nothing is emitted as markup. */
export function atomFeed(s: FeedSource): PublicBody {
  const updated = s.rows[0]?.publishedAt ?? s.stamp.lastPublishedAt ?? new Date(0).toISOString();
  const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <title>${xmlText(s.title)}</title>
  <id>${xmlText(s.id)}</id>
  <updated>${xmlText(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${xmlText(s.self)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(s.home)}"/>
  <generator>事项通 shixiang（发布序号 ${s.stamp.seq}）</generator>
${s.rows
  .map(
    (r) => `  <entry>
    <id>${xmlText(`${s.id}:publication:${r.seq}`)}</id>
    <title type="text">${xmlText(entryTitle(r))}</title>
    <updated>${xmlText(r.publishedAt)}</updated>
    <published>${xmlText(r.publishedAt)}</published>
    <link rel="alternate" type="text/html" href="${xmlText(entryLink(s, r))}"/>
    <author><name>${xmlText(r.unit.name)}</name></author>
    <category term="${xmlText(r.kind)}" label="${xmlText(PUBLICATION_KINDS[r.kind] ?? r.kind)}"/>
    <summary type="text">${xmlText(entryText(r))}</summary>
  </entry>`,
  )
  .join('\n')}
</feed>
`;
  return { body, contentType: 'application/atom+xml; charset=utf-8', contentHash: dataHash(s) };
}

/** JSON Feed 1.1; our publication facts ride in `_shixiang` extensions. */
export function jsonFeed(s: FeedSource): PublicBody {
  const contentHash = dataHash(s);
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: s.title,
    home_page_url: s.home,
    feed_url: s.self,
    language: 'zh-CN',
    _shixiang: { seq: s.stamp.seq, publishedAt: s.stamp.lastPublishedAt, contentHash },
    items: s.rows.map((r) => ({
      id: `${s.id}:publication:${r.seq}`,
      url: entryLink(s, r),
      title: entryTitle(r),
      content_text: entryText(r),
      date_published: r.publishedAt,
      tags: [PUBLICATION_KINDS[r.kind] ?? r.kind],
      authors: [{ name: r.unit.name }],
      _shixiang: {
        seq: r.seq,
        kind: r.kind,
        code: r.code,
        ground: r.ground,
        contentHash: r.contentHash,
        isPublic: r.isPublic,
      },
    })),
  };
  return { body: safeJson(feed), contentType: 'application/feed+json; charset=utf-8', contentHash };
}

/** `/feeds/changes.atom|json` for the whole catalogue and `/feeds/units/:unit/changes.atom|json` per unit. */
export function registerFeedRoutes(app: App, ctx: AppContext): void {
  const base = ctx.config.http.publicBaseUrl;
  const region = ctx.config.jurisdiction.regionCode;
  const route = (summary: string, withUnit: boolean) => ({
    config: { access: 'public' as const },
    schema: {
      tags: ['订阅'],
      summary,
      ...(withUnit ? { params: Type.Object({ unit: Type.String({ maxLength: 64 }) }) } : {}),
    },
  });

  const source = async (
    request: Parameters<typeof requestStamp>[1],
    format: 'atom' | 'json',
    unitRef?: string,
  ): Promise<{ stamp: PublicationStamp; build: () => Promise<FeedSource> }> => {
    const stamp = await requestStamp(ctx, request);
    const cat = await catalogueFor(ctx, stamp);
    const unit = unitRef ? findUnit(cat, unitRef) : undefined;
    if (unitRef && !unit) throw errors.notFound('实施单位');
    const path = unit ? `/feeds/units/${unit.id}/changes.${format}` : `/feeds/changes.${format}`;
    return {
      stamp,
      build: async () => {
        const { rows } = await listPublicChanges(ctx.db.kysely, { unitId: unit?.id, limit: FEED_SIZE, noTotal: true });
        return {
          title: `${ctx.config.jurisdiction.fullName}政务服务事项调整${unit ? `（${unit.name}）` : ''}`,
          self: `${base}${path}`,
          home: `${base}/adjustments${unit ? `?unit=${unit.id}` : ''}`,
          id: `urn:shixiang:${region}:changes${unit ? `:unit:${unit.id}` : ''}`,
          stamp,
          rows: rows.filter((r) => r.seq <= stamp.seq),
          base,
        };
      },
    };
  };

  for (const format of ['atom', 'json'] as const) {
    const render = format === 'atom' ? atomFeed : jsonFeed;
    app.get(
      `/feeds/changes.${format}`,
      route(`事项调整订阅（${format === 'atom' ? 'Atom' : 'JSON Feed'}，最近 ${FEED_SIZE} 条）`, false),
      async (request, reply) => {
        const s = await source(request, format);
        return sendPublic(ctx, request, reply, s.stamp, async () => render(await s.build()), { cors: true });
      },
    );
    app.get(
      `/feeds/units/:unit/changes.${format}`,
      route(`某实施单位的事项调整订阅（${format === 'atom' ? 'Atom' : 'JSON Feed'}）`, true),
      async (request, reply) => {
        const s = await source(request, format, (request.params as { unit: string }).unit);
        return sendPublic(ctx, request, reply, s.stamp, async () => render(await s.build()), { cors: true });
      },
    );
  }
}
