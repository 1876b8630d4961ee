import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../app/context.js';
import { askSection } from '../explanations/explanation.view.js';
import { PUBLIC_DIR } from '../http/public-dir.js';
import { exportedPageCsp } from '../http/security-headers.js';
import { adjustmentsBody } from '../portal/adjustments.view.js';
import { browseBody, browseTitle, homeBody, typesInUse, unitBody, unitsBody } from '../portal/catalogue.view.js';
import { portalPage } from '../portal/layout.js';
import { staticLinks, type BrowseFilter, type PortalLinks } from '../portal/links.js';
import { guideFor } from '../portal/portal.routes.js';
import type { HtmlValue } from '../web/html.js';
import { AUDIENCES, filterItems, publicCatalogue, themeCounts, type Catalogue } from './catalogue.js';
import { presentChange, presentItem, presentItemSummary, presentUnit } from './public.presenter.js';
import { listPublicChanges, type PublicItem } from './public.queries.js';
import { allPublicItems, listItemOf } from './public-documents.queries.js';
import { jsonBody } from './public-response.js';
import { codesOf } from '../domain/enums.js';

export interface ExportOptions {
  /** Only this unit's items (a unit website that can only host files). */
  unitId?: string;
  /** Publications listed on adjustments.html / api/changes.json. */
  changes?: number;
}

export interface ExportResult {
  seq: number;
  hash: string;
  items: number;
  files: number;
}

/**
 * 静态导出: the published catalogue as files, for sites that can only host files. The HTML comes from the
 * portal's own templates (relative links; search, explanation requests and tracking go to the live
 * portal); the JSON has the public API's shapes. `index.json` names the publication sequence and the
 * catalogue hash, so the centre can poll the hosted copy for its sync status.
 */
export async function exportSite(ctx: AppContext, dir: string, o: ExportOptions = {}): Promise<ExportResult> {
  const cat = await publicCatalogue(ctx);
  const base = ctx.config.http.publicBaseUrl;
  const jurisdiction = ctx.config.jurisdiction.fullName;
  const stamp = cat.stamp;
  const csp = exportedPageCsp(new URL(base).origin);
  const unit = o.unitId ? (cat.unitById.get(o.unitId) ?? cat.units.find((u) => u.uscc === o.unitId)) : undefined;
  if (o.unitId && !unit) throw new Error(`unit ${o.unitId} not found (give its id or USCC)`);
  // The export writes a file per item, so it holds them (a CLI command, not a request); units as they are now.
  const all: PublicItem[] = [];
  for await (const i of allPublicItems(ctx.db.kysely, unit?.id)) {
    const u = cat.unitById.get(i.unit.id);
    all.push(u ? { ...i, unit: { id: u.id, name: u.name, website: u.website } } : i);
  }
  all.sort((a, b) =>
    a.unit.name < b.unit.name ? -1 : a.unit.name > b.unit.name ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
  );
  const items = all;
  const byCode = new Map(items.map((i) => [i.code, i]));
  const childrenOf = new Map<string, PublicItem[]>();
  for (const i of items) if (i.parentCode) childrenOf.set(i.parentCode, [...(childrenOf.get(i.parentCode) ?? []), i]);
  const listed = (list: readonly PublicItem[]) => list.map(listItemOf);
  const manifest = await cat.manifest(unit?.id ?? null);
  let files = 0;
  const write = (rel: string, text: string) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    files++;
  };
  const page = (
    rel: string,
    title: string,
    body: (l: PortalLinks) => HtmlValue,
    active?: Parameters<typeof portalPage>[0]['active'],
  ) => {
    const links = staticLinks(base, rel.split('/').length - 1, unit?.id);
    write(
      rel,
      portalPage({
        title,
        links,
        jurisdiction,
        seq: stamp.seq,
        body: body(links),
        active,
        hideSearch: active === 'home',
        csp,
      }).value,
    );
  };
  const json = (rel: string, data: Record<string, unknown>) => write(rel, jsonBody(stamp, data).body);

  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(PUBLIC_DIR, 'portal.css'), path.join(dir, 'portal.css'));
  files++;

  if (unit) page('index.html', unit.name, (l) => unitBody(unit, listed(items), l), 'home');
  else {
    page('index.html', '首页', (l) => homeBody(cat, l, jurisdiction), 'home');
    page('units/index.html', '按部门查找', (l) => unitsBody(cat, l), 'units');
    for (const u of cat.units.filter((x) => x.itemCount))
      page(
        `units/${u.id}.html`,
        u.name,
        (l) => unitBody(u, listed(items.filter((i) => i.unit.id === u.id)), l),
        'units',
      );
    for (const f of browseFilters(cat)) {
      const links = staticLinks(base, 1);
      const rel = links.browse(f).replace(/^\.\.\//, '');
      const matching = listed(filterItems(cat, items, f));
      page(
        rel,
        browseTitle(f),
        (l) =>
          browseBody(
            { filter: f, items: matching, total: matching.length, page: 1, pageSize: Number.MAX_SAFE_INTEGER },
            cat,
            l,
          ),
        'items',
      );
    }
  }
  for (const item of items) {
    const unitOf = cat.unitById.get(item.unit.id);
    const related = {
      parent: item.parentCode ? byCode.get(item.parentCode) : undefined,
      children: childrenOf.get(item.code) ?? [],
    };
    page(`items/${item.code}.html`, item.name, (l) =>
      guideFor(
        ctx,
        unitOf,
        item,
        related,
        l,
        askSection({ item, links: l, workingDays: ctx.config.deadlines.explanationWorkingDays, token: '' }),
      ),
    );
    json(`api/items/${item.code}.json`, presentItem(item, unitOf, ctx.config));
  }
  const changes = await listPublicChanges(ctx.db.kysely, { unitId: unit?.id, limit: o.changes ?? 200 });
  const visible = changes.rows.filter((r) => r.seq <= stamp.seq);
  page(
    'adjustments.html',
    '最近调整',
    (l) =>
      adjustmentsBody(
        { rows: visible, total: visible.length, page: 1, pageSize: visible.length || 1, units: cat.units },
        l,
      ),
    'adjustments',
  );
  json('api/items.json', {
    items: listed(items).map((i) => presentItemSummary(i, base)),
    total: items.length,
    offset: 0,
    limit: items.length,
  });
  json('api/units.json', { units: (unit ? [unit] : cat.units).map(presentUnit) });
  json('api/changes.json', {
    since: 0,
    changes: visible.map(presentChange),
    next: visible[0]?.seq ?? 0,
    hasMore: changes.total > visible.length,
  });
  const { entries, ...summary } = manifest;
  json('api/catalogue.json', { catalogue: summary, items: entries });
  // The status document a polled channel exposes (see channel-poll.job.ts): sequence and catalogue hash.
  json('index.json', { catalogue: summary, generatedAt: ctx.clock.now().toISOString(), source: base });
  return { seq: stamp.seq, hash: manifest.hash, items: items.length, files };
}

/** Every browse page the export writes: all items, by type, by audience, by audience and theme. */
function browseFilters(cat: Catalogue): BrowseFilter[] {
  const audiences = codesOf(AUDIENCES);
  return [
    {},
    ...typesInUse(cat).map((t) => ({ type: t.code })),
    ...audiences.map((audience) => ({ audience })),
    ...audiences.flatMap((audience) => themeCounts(cat, audience).map((t) => ({ audience, theme: t.theme }))),
  ];
}
