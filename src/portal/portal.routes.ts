import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { sm3Hex } from '../crypto/sm.js';
import { ITEM_TYPES } from '../domain/enums.js';
import { askSection } from '../explanations/explanation.view.js';
import { pageFormToken, pageTokenTurn } from '../explanations/form-token.js';
import { voteForm } from '../evaluation/feedback.routes.js';
import type { App } from '../http/app-type.js';
import { AUDIENCES, catalogueFor, findUnit, NO_UNIT, type Audience, type Catalogue } from '../publishing/catalogue.js';
import { onlineHandling, PUBLICATION_KINDS } from '../publishing/public.presenter.js';
import {
  findCeasedUnit,
  findTombstone,
  listPublicChanges,
  unitsWithChanges,
  type PublicationStamp,
  type PublicItem,
  type PublicUnit,
} from '../publishing/public.queries.js';
import { childrenOf, listPublicItems, namesByCode } from '../publishing/public-documents.queries.js';
import { readPublicItem } from '../publishing/public-item.js';
import { requestStamp, sendPublic } from '../publishing/public-response.js';
import { limitSearch, searchPublic } from '../publishing/public-search.js';
import { errors, isAppError } from '../shared/errors.js';
import { html, raw, type HtmlValue, type SafeHtml } from '../web/html.js';
import { adjustmentsBody } from './adjustments.view.js';
import { lawPage } from './law.queries.js';
import { lawBody } from './law.view.js';
import { browseBody, browseTitle, homeBody, searchBody, unitBody, unitsBody } from './catalogue.view.js';
import { cachedGuide, guidePage } from './guide-cache.js';
import { guideBody, type ItemRef } from './guide.view.js';
import { tombstoneBody } from './tombstone.view.js';
import { lastPage, portalPage, type PortalPageOptions } from './layout.js';
import { liveLinks, type BrowseFilter, type PortalLinks } from './links.js';

const Loose = Type.Record(Type.String(), Type.Unknown());
const PAGE_SIZE = 50;
/** Marks where the per-request explanation form goes into a cached guide page. */
export const ASK_SLOT = '<!--ask-form-->';
/** Marks where the per-request vote form (its own token) goes. */
const VOTE_SLOT = '<!--vote-form-->';

const str = (v: unknown, max = 100) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const pageOf = (v: unknown) => Math.min(10_000, Math.max(1, Number.parseInt(str(v), 10) || 1));

/** The browse filter from a query string; unknown values are ignored, never reflected. */
export function browseFilter(q: Record<string, unknown>): BrowseFilter {
  const type = str(q.type);
  const audience = str(q.audience);
  return {
    ...(type in ITEM_TYPES ? { type } : {}),
    ...(audience in AUDIENCES ? { audience: audience as Audience } : {}),
    ...(str(q.theme) ? { theme: str(q.theme) } : {}),
    ...(str(q.unit, 64) ? { unit: str(q.unit, 64) } : {}),
  };
}

/** The item, its unit, public parent and children, rendered as a guide page body (shared with the static export). */
export function guideFor(
  ctx: AppContext,
  unit: PublicUnit | undefined,
  item: PublicItem,
  related: { parent?: ItemRef; children: readonly ItemRef[] },
  links: PortalLinks,
  ask: HtmlValue,
  feedback?: HtmlValue,
): SafeHtml {
  return guideBody({
    item,
    unit,
    online: onlineHandling(item, unit, ctx.config),
    links,
    parent: related.parent,
    children: related.children,
    ask,
    feedback,
  });
}

type Related = { code: string; name: string; seq: number };

/** The public parent and children of an item, from the read model's parent column. */
async function relatedOf(
  ctx: AppContext,
  parentCode: string | null,
  code: string,
): Promise<{ parent?: Related; children: Related[] }> {
  const [parents, children] = await Promise.all([
    parentCode ? namesByCode(ctx.db.kysely, [parentCode]) : [],
    childrenOf(ctx.db.kysely, code),
  ]);
  return { parent: parents[0], children };
}

/**
 * The public portal (`/`): server-rendered pages from the read model (public documents by key), no account, no script.
 * Every page carries the publication sequence and is revalidated by ETag, so a publication shows at once.
 */
export function registerPortalRoutes(app: App, ctx: AppContext): void {
  const links = liveLinks(ctx.config.http.publicBaseUrl);
  // The explanation form of a guide, rendered again only when its token (once a minute) or the item changes. A form
  // is reused only within its token's minute, so the bound is in bytes (about 2,000 forms of ~2 KB): 20,000
  // entries could hold 40 MB of forms that mostly had expired.
  const askForms = new LRUCache<string, { token: string; seq: number; html: string }>({
    maxSize: 4 * 1024 * 1024,
    sizeCalculation: (form) => form.html.length * 2 + 128,
  });
  const jurisdiction = ctx.config.jurisdiction.fullName;

  const page = (stamp: PublicationStamp, o: Omit<PortalPageOptions, 'links' | 'jurisdiction' | 'seq'>) => {
    const body = portalPage({ ...o, links, jurisdiction, seq: stamp.seq }).value;
    return { body, contentType: 'text/html; charset=utf-8', contentHash: sm3Hex(body) };
  };
  const send = async (
    request: FastifyRequest,
    reply: FastifyReply,
    build: (cat: Catalogue, stamp: PublicationStamp) => Promise<ReturnType<typeof page>> | ReturnType<typeof page>,
  ) => {
    const stamp = await requestStamp(ctx, request);
    return sendPublic(ctx, request, reply, stamp, async () => build(await catalogueFor(ctx, stamp), stamp));
  };
  const route = { config: { access: 'public' as const }, schema: { hide: true, querystring: Loose } };

  app.get('/', route, async (request, reply) =>
    send(request, reply, (cat, stamp) =>
      page(stamp, { title: '首页', active: 'home', hideSearch: true, body: homeBody(cat, links, jurisdiction) }),
    ),
  );

  app.get('/units', route, async (request, reply) =>
    send(request, reply, (cat, stamp) =>
      page(stamp, { title: '按部门查找', active: 'units', body: unitsBody(cat, links) }),
    ),
  );

  app.get(
    '/units/:id',
    { ...route, schema: { ...route.schema, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } },
    async (request, reply) => {
      const stamp = await requestStamp(ctx, request);
      const unit = findUnit(await catalogueFor(ctx, stamp), request.params.id);
      if (!unit) {
        // A unit merged away in a reorganisation (Art. 18(三)): old links and bookmarks lead to the unit that took over its items.
        const ceased = await findCeasedUnit(ctx.db.kysely, request.params.id);
        if (!ceased) throw notFound();
        if (ceased.successor)
          return reply.header('cache-control', 'no-store').redirect(links.unit(ceased.successor.id), 301);
        const { body } = page(stamp, {
          title: `${ceased.name}（已撤销）`,
          body: html`<h1>${ceased.name}</h1><p class="exempt" role="note">该单位已在机构调整中撤销，其事项已调整或取消。请<a href="${links.units}">按部门查找</a>现在的实施单位。</p>`,
        });
        return reply.status(410).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
      }
      return send(request, reply, (_cat, s) =>
        listPublicItems(ctx.db.kysely, { unitId: unit.id }, 0, Math.max(unit.itemCount, 1)).then(({ rows }) =>
          page(s, { title: unit.name, active: 'units', body: unitBody(unit, rows, links) }),
        ),
      );
    },
  );

  app.get('/items', route, async (request, reply) =>
    send(request, reply, async (cat, stamp) => {
      const filter = browseFilter(request.query as Record<string, unknown>);
      const unit = filter.unit ? findUnit(cat, filter.unit) : undefined;
      // An unknown unit matches nothing.
      const where = {
        unitId: filter.unit ? (unit?.id ?? NO_UNIT) : undefined,
        type: filter.type,
        audience: filter.audience,
        theme: filter.theme,
      };
      const asked = pageOf((request.query as Record<string, unknown>).page);
      let found = await listPublicItems(ctx.db.kysely, where, (asked - 1) * PAGE_SIZE, PAGE_SIZE);
      // A page past the end (an old link, a typed number) shows the last page rather than "第 999 / 4 页" and nothing.
      const current = Math.min(asked, lastPage(found.total, PAGE_SIZE));
      if (current < asked) found = await listPublicItems(ctx.db.kysely, where, (current - 1) * PAGE_SIZE, PAGE_SIZE);
      return page(stamp, {
        title: browseTitle(filter, unit?.name),
        active: 'items',
        body: browseBody(
          { filter, items: found.rows, total: found.total, page: current, pageSize: PAGE_SIZE, unitName: unit?.name },
          cat,
          links,
        ),
      });
    }),
  );

  app.get(
    '/items/:code',
    { ...route, schema: { ...route.schema, params: Type.Object({ code: Type.String({ maxLength: 100 }) }) } },
    async (request, reply) => {
      const stamp = await requestStamp(ctx, request);
      const cat = await catalogueFor(ctx, stamp);
      const found = await readPublicItem(ctx, cat, { code: request.params.code });
      if (!found) {
        const gone = await findTombstone(ctx.db.kysely, request.params.code);
        if (!gone) throw notFound();
        const { body } = page(stamp, { title: `${gone.name}（已取消）`, body: tombstoneBody(gone, links) });
        return reply.status(410).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
      }
      const { doc } = found;
      const related = await relatedOf(ctx, doc.parentCode, doc.code);
      const unit = cat.unitById.get(doc.unitId);
      // What the rendered body depends on besides the links: the item, its unit, its parent and children, the notice.
      const key = [
        doc.seq,
        cat.unitUpdatedAt.get(doc.unitId),
        related.parent?.seq,
        ...related.children.map((c) => `${c.code}:${c.seq}`),
        doc.basisNotice,
      ].join('|');
      const guide = cachedGuide(
        ctx.db,
        doc.code,
        key,
        () =>
          html`${doc.basisNotice ? html`<p class="flash flash-info" role="note">${doc.basisNotice}</p>` : ''}${guideFor(ctx, unit, found.item(), related, links, raw(ASK_SLOT), raw(VOTE_SLOT))}`
            .value,
      );
      // Before the tokens: a page sent again by the fast path never outlives the tokens it shows.
      const until = pageTokenTurn(ctx);
      const token = pageFormToken(ctx, `explain:${doc.code}`);
      let form = askForms.get(doc.code);
      if (form?.token !== token || form.seq !== doc.seq) {
        form = {
          token,
          seq: doc.seq,
          html: askSection({ item: doc, links, workingDays: ctx.config.deadlines.explanationWorkingDays, token }).value,
        };
        askForms.set(doc.code, form);
      }
      const ask = form.html;
      const vote = voteForm(ctx, doc.code).value;
      // The page around the cached body is rendered once per publication sequence; its hash is that of the body
      // and the sequence the page shows (the rest follows from the body), so no request hashes the whole page.
      return sendPublic(
        ctx,
        request,
        reply,
        stamp,
        () => {
          const body = guidePage(
            ctx.db,
            doc.code,
            guide,
            stamp.seq,
            () =>
              portalPage({
                title: doc.name,
                description: `${unit?.name ?? ''}：${doc.name} 办事指南`,
                body: raw(guide.body),
                links,
                jurisdiction,
                seq: stamp.seq,
              }).value,
          );
          return { body, contentType: 'text/html; charset=utf-8', contentHash: sm3Hex(`${guide.hash}|${stamp.seq}`) };
        },
        {
          finalize: (html) => html.replace(ASK_SLOT, ask).replace(VOTE_SLOT, vote),
          noCache: true,
          replay: { until },
        },
      );
    },
  );

  app.get('/search', route, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const q = str(query.q);
    if (q) await limitSearch(ctx, request);
    const unit = str(query.unit, 64) || undefined;
    const type = str(query.type) in ITEM_TYPES ? str(query.type) : undefined;
    const current = pageOf(query.page);
    return send(request, reply, async (cat, stamp) => {
      let view: Parameters<typeof searchBody>[0] = { q, unit, type, total: 0, page: current, pageSize: 20, hits: [] };
      if (q) {
        try {
          let found = await searchPublic(ctx, cat, { q, unit, type, offset: (current - 1) * 20, limit: 20 });
          const last = lastPage(found.total, 20);
          if (current > last)
            found = await searchPublic(ctx, cat, { q, unit, type, offset: (last - 1) * 20, limit: 20 });
          view = { ...view, ...found, page: Math.min(current, last) };
        } catch (e) {
          if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e;
          view = { ...view, problem: e.issues[0]?.message ?? e.message };
        }
      }
      return page(stamp, {
        title: q ? `搜索：${q}` : '搜索',
        active: 'search',
        query: q,
        body: searchBody(view, cat, links),
      });
    });
  });

  // The legal-basis register is public (the law is); it changes without publications, so it is not cached by sequence.
  app.get(
    '/laws/:id',
    { ...route, schema: { ...route.schema, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } },
    async (request, reply) => {
      const law = await lawPage(ctx.db.kysely, request.params.id);
      if (!law) throw notFound();
      const stamp = await requestStamp(ctx, request);
      const body = portalPage({
        title: law.doc.title,
        links,
        jurisdiction,
        seq: stamp.seq,
        body: lawBody(law.doc, law.articles, links),
      }).value;
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(body);
    },
  );

  app.get('/adjustments', route, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const kind = str(query.kind) in PUBLICATION_KINDS ? str(query.kind) : undefined;
    const current = pageOf(query.page);
    return send(request, reply, async (cat, stamp) => {
      const unit = findUnit(cat, str(query.unit, 64) || undefined);
      const changes = (p: number) =>
        listPublicChanges(ctx.db.kysely, { kind, unitId: unit?.id, offset: (p - 1) * PAGE_SIZE, limit: PAGE_SIZE });
      let { rows, total } = await changes(current);
      const shownPage = Math.min(current, lastPage(total, PAGE_SIZE));
      if (shownPage < current) ({ rows, total } = await changes(shownPage));
      const visible = rows.filter((r) => r.seq <= stamp.seq);
      // Only units with something to show (and the one asked for, so the filter keeps its selection).
      const withChanges = await unitsWithChanges(ctx.db.kysely, stamp.seq);
      const units = cat.units.filter((u) => withChanges.has(u.id) || u.id === unit?.id);
      return page(stamp, {
        title: '最近调整',
        active: 'adjustments',
        body: adjustmentsBody(
          { rows: visible, total, page: shownPage, pageSize: PAGE_SIZE, kind, unit: unit?.id, units },
          links,
        ),
      });
    });
  });
}

const notFound = () => errors.notFound('页面');
