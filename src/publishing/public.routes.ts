import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { errors } from '../shared/errors.js';
import { chinaDate } from '../shared/clock.js';
import { groundLabel } from '../domain/grounds.js';
import { catalogueFor, findUnit, NO_UNIT } from './catalogue.js';
import { presentChange, presentItemSummary, presentUnit } from './public.presenter.js';
import { listPublicItems } from './public-documents.queries.js';
import { readPublicItem } from './public-item.js';
import { findCeasedUnit, findTombstone, listPublicChanges } from './public.queries.js';
import { jsonBody, jsonBodyOf, requestStamp, sendPublic } from './public-response.js';
import {
  CatalogueQuery,
  CatalogueResponse,
  ChangesQuery,
  ChangesResponse,
  ItemCode,
  ItemListQuery,
  ItemListResponse,
  ItemResponse,
  SearchQuery,
  SearchResponse,
  UnitListResponse,
  UnitRef,
  UnitResponse,
} from './public.schema.js';
import { limitSearch, searchPublic } from './public-search.js';

const tags = ['公开接口'];
const PREFIX = '/api/public/v1';

/**
 * Public read API: no account, CORS open (never credentialed), only published content, every response
 * keyed by the publication stamp (X-Publication-Seq, ETag, Last-Modified, 304). The routes live in a scope
 * under the prefix with @fastify/cors, so CORS headers and preflight answers cover this API alone.
 */
export function registerPublicRoutes(app: App, ctx: AppContext): void {
  void app.register(
    async (scope) => {
      await scope.register(fastifyCors, PUBLIC_CORS);
      publicRoutes(scope, ctx);
    },
    { prefix: PREFIX },
  );
}

/** Any origin, never credentials; errors (404, 429) are readable cross-origin too (the headers are set on request). */
const PUBLIC_CORS: FastifyCorsOptions = {
  origin: '*',
  credentials: false,
  methods: ['GET', 'HEAD', 'POST'],
  // Conditional and report requests carry non-simple headers.
  allowedHeaders: ['If-None-Match', 'If-Modified-Since', 'Content-Type', 'Authorization'],
  exposedHeaders: ['ETag', 'Last-Modified', 'X-Publication-Seq', 'X-Content-Hash'],
  maxAge: 600,
};

function publicRoutes(app: App, ctx: AppContext): void {
  // PUBLIC_BASE_URL when set; relative otherwise (the API must not hand out localhost to a site reached by another name).
  const base = ctx.config.http.publicLinkBase;

  app.get(
    `/items`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '已发布事项列表（按单位、类型、服务对象、主题筛选，分页）',
        querystring: ItemListQuery,
        response: { 200: ItemListResponse },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const stamp = await requestStamp(ctx, request);
      return sendPublic(
        ctx,
        request,
        reply,
        stamp,
        async () => {
          const cat = await catalogueFor(ctx, stamp);
          const offset = q.offset ?? 0;
          const limit = q.limit ?? 20;
          // An unknown unit matches nothing.
          const unitId = q.unit ? (findUnit(cat, q.unit)?.id ?? NO_UNIT) : undefined;
          const page = await listPublicItems(
            ctx.db.kysely,
            { unitId, type: q.type, audience: q.audience, theme: q.theme },
            offset,
            limit,
          );
          return jsonBody(stamp, {
            items: page.rows.map((i) => presentItemSummary(i, base)),
            total: page.total,
            offset,
            limit,
          });
        },
        { cors: true },
      );
    },
  );

  app.get(
    `/items/:code`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '按实施编码查询已发布事项（业务办理项：实施编码-业务办理项编码）',
        params: Type.Object({ code: ItemCode }),
        response: { 200: ItemResponse, 410: GoneResponse },
      },
    },
    async (request, reply) => {
      const stamp = await requestStamp(ctx, request);
      const found = await readPublicItem(ctx, await catalogueFor(ctx, stamp), { code: request.params.code });
      if (!found) throw (await goneItem(ctx, request.params.code)) ?? errors.notFound('事项');
      const api = found.api();
      // Rare (a repealed 设定依据 while the adjustment is pending): the stored document gains the notice.
      const notice = found.doc.basisNotice;
      return sendPublic(
        ctx,
        request,
        reply,
        stamp,
        () =>
          notice
            ? jsonBody(stamp, { ...JSON.parse(api.json), basisNotice: notice })
            : jsonBodyOf(stamp, api.json, api.hash),
        // The same bytes until the next publication: answered from memory by the fast path meanwhile.
        { cors: true, noCache: true, replay: {} },
      );
    },
  );

  app.get(
    `/units`,
    {
      config: { access: 'public' },
      schema: { tags, summary: '实施单位列表（含已发布事项数）', response: { 200: UnitListResponse } },
    },
    async (request, reply) => {
      const stamp = await requestStamp(ctx, request);
      return sendPublic(
        ctx,
        request,
        reply,
        stamp,
        async () => jsonBody(stamp, { units: (await catalogueFor(ctx, stamp)).units.map(presentUnit) }),
        { cors: true },
      );
    },
  );

  app.get(
    `/units/:unit`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '实施单位及其目录摘要（渠道同步核对用）；已撤并的单位返回 410 并指向承接单位',
        params: Type.Object({ unit: UnitRef }),
        response: { 200: UnitResponse, 410: UnitGoneResponse },
      },
    },
    async (request, reply) => {
      const stamp = await requestStamp(ctx, request);
      const cat = await catalogueFor(ctx, stamp);
      const unit = findUnit(cat, request.params.unit);
      if (!unit) throw (await goneUnit(ctx, request.params.unit)) ?? errors.notFound('实施单位');
      const { entries: _entries, ...manifest } = await cat.manifest(unit.id);
      return sendPublic(
        ctx,
        request,
        reply,
        stamp,
        () => jsonBody(stamp, { unit: presentUnit(unit), catalogue: manifest }),
        { cors: true },
      );
    },
  );

  app.get(
    `/catalogue`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '目录清单与目录摘要（全部或某单位；渠道上报同步状态时回报 catalogue.hash）',
        querystring: CatalogueQuery,
        response: { 200: CatalogueResponse },
      },
    },
    async (request, reply) => {
      const stamp = await requestStamp(ctx, request);
      const cat = await catalogueFor(ctx, stamp);
      const unit = request.query.unit ? findUnit(cat, request.query.unit) : undefined;
      if (request.query.unit && !unit) throw errors.notFound('实施单位');
      const { entries, ...manifest } = await cat.manifest(unit?.id ?? null);
      return sendPublic(ctx, request, reply, stamp, () => jsonBody(stamp, { catalogue: manifest, items: entries }), {
        cors: true,
      });
    },
  );

  app.get(
    `/changes`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '发布记录（新增/变更/取消/暂停/恢复），取发布序号大于 since 的记录，升序分页',
        querystring: ChangesQuery,
        response: { 200: ChangesResponse },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const stamp = await requestStamp(ctx, request);
      return sendPublic(
        ctx,
        request,
        reply,
        stamp,
        async () => {
          const since = q.since ?? 0;
          const limit = q.limit ?? 100;
          const unitId = q.unit ? (findUnit(await catalogueFor(ctx, stamp), q.unit)?.id ?? q.unit) : undefined;
          const { rows } = await listPublicChanges(ctx.db.kysely, { since, unitId, limit: limit + 1 });
          const page = rows.slice(0, limit);
          // Rows committed after the stamp was read belong to the next response.
          const visible = page.filter((r) => r.seq <= stamp.seq);
          return jsonBody(stamp, {
            since,
            changes: visible.map(presentChange),
            next: visible.at(-1)?.seq ?? since,
            hasMore: rows.length > limit || visible.length < page.length,
          });
        },
        { cors: true },
      );
    },
  );

  app.get(
    `/search`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '搜索已发布事项（中文分词+二字组；名称命中在前；按单位、类型筛选）',
        querystring: SearchQuery,
        response: { 200: SearchResponse },
      },
    },
    async (request, reply) => {
      await limitSearch(ctx, request);
      const q = request.query;
      const stamp = await requestStamp(ctx, request);
      return sendPublic(
        ctx,
        request,
        reply,
        stamp,
        async () => {
          const cat = await catalogueFor(ctx, stamp);
          const offset = q.offset ?? 0;
          const limit = q.limit ?? 20;
          const found = await searchPublic(ctx, cat, { q: q.q, unit: q.unit, type: q.type, offset, limit });
          return jsonBody(stamp, {
            q: q.q,
            total: found.total,
            offset,
            limit,
            hits: found.hits.map((h) => ({ match: h.match, item: presentItemSummary(h.item, base) })),
          });
        },
        { cors: true },
      );
    },
  );
}

const GoneResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.Literal('GONE'),
      message: Type.String(),
      requestId: Type.String(),
      details: Type.Object({
        cancelledAt: Type.String(),
        seq: Type.Integer(),
        ground: Type.Union([Type.String(), Type.Null()]),
        groundLabel: Type.Union([Type.String(), Type.Null()]),
        summary: Type.Union([Type.String(), Type.Null()]),
        successors: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
      }),
    }),
  },
  { description: '事项已取消：取消时间、事由，合并或拆分后承接的事项' },
);

const UnitGoneResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.Literal('GONE'),
      message: Type.String(),
      requestId: Type.String(),
      details: Type.Object({
        unit: Type.Object({ id: Type.String(), name: Type.String() }),
        successor: Type.Union([
          Type.Object({ id: Type.String(), name: Type.String(), uscc: Type.String(), href: Type.String() }),
          Type.Null(),
        ]),
      }),
    }),
  },
  { description: '实施单位已在机构调整中撤并：承接其事项的单位（successor.href 为其地址）' },
);

/** 410 for a unit merged away in a reorganisation (Art. 18(三)), naming the unit that took over its items. */
async function goneUnit(ctx: AppContext, ref: string) {
  const ceased = await findCeasedUnit(ctx.db.kysely, ref);
  if (!ceased) return undefined;
  const { successor } = ceased;
  return errors.gone(
    successor
      ? `实施单位「${ceased.name}」已撤并，事项由「${successor.name}」承接`
      : `实施单位「${ceased.name}」已撤销`,
    {
      unit: { id: ceased.id, name: ceased.name },
      successor: successor ? { ...successor, href: `${PREFIX}/units/${encodeURIComponent(successor.id)}` } : null,
    },
  );
}

/** 410 for a cancelled item, saying when, why and what replaced it, so a client can follow the successor. */
async function goneItem(ctx: AppContext, code: string) {
  const t = await findTombstone(ctx.db.kysely, code);
  if (!t) return undefined;
  return errors.gone(`事项「${t.name}」已于 ${chinaDate(new Date(t.cancelledAt))} 取消`, {
    cancelledAt: t.cancelledAt,
    seq: t.seq,
    ground: t.ground,
    groundLabel: t.ground ? groundLabel(t.ground) : null,
    summary: t.summary,
    successors: t.successors,
  });
}
