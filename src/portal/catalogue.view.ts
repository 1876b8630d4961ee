import { ITEM_TYPES, label } from '../domain/enums.js';
import { AUDIENCES, themeCounts, type Audience, type Catalogue } from '../publishing/catalogue.js';
import type { PublicUnit } from '../publishing/public.queries.js';
import type { PublicListItem } from '../publishing/public-documents.queries.js';
import { html, type HtmlValue, type SafeHtml } from '../web/html.js';
import { extLink, time } from './format.js';
import { breadcrumbs, pageHead, pager } from './layout.js';
import type { BrowseFilter, PortalLinks } from './links.js';

/** Item types with at least one public item, in code order. */
export function typesInUse(cat: Catalogue): Array<{ code: string; label: string; count: number }> {
  const counts = cat.typeCounts;
  return Object.keys(ITEM_TYPES)
    .sort()
    .filter((code) => counts.has(code))
    .map((code) => ({ code, label: label(ITEM_TYPES, code), count: counts.get(code)! }));
}

/** Home: search, then the ways in (by audience and theme, by type, by unit) and the latest adjustments link. */
export function homeBody(cat: Catalogue, links: PortalLinks, jurisdiction: string): SafeHtml {
  const audience = (a: Audience) => html`<section class="entry" aria-labelledby="aud-${a}">
    <h2 id="aud-${a}"><a href="${links.browse({ audience: a })}">${AUDIENCES[a]}</a></h2>
    <ul class="chips">${themeCounts(cat, a).map((t) => html`<li><a href="${links.browse({ audience: a, theme: t.theme })}">${t.theme}<span class="count">（${t.count}）</span></a></li>`)}</ul>
  </section>`;
  return html`<section class="hero" aria-labelledby="hero-h">
    <h1 id="hero-h">${jurisdiction}政务服务事项目录</h1>
    <p class="lead">共 ${cat.total} 个已发布事项，来自 ${cat.units.filter((u) => u.itemCount).length} 个实施单位。查找事项，查看办事指南，在线办理。</p>
    <form class="big-search" method="get" action="${links.search}" role="search" aria-label="搜索事项">
      <label for="home-q">搜索事项名称或关键词</label>
      <div class="search-row"><input id="home-q" name="q" type="search" maxlength="100" placeholder="如：社保、护照、户口、食品经营"><button type="submit" class="primary">搜索</button></div>
    </form>
  </section>
  <div class="entries">${audience('person')}${audience('corporate')}</div>
  <section aria-labelledby="by-type"><h2 id="by-type">按事项类型</h2>
    <ul class="chips">${typesInUse(cat).map((t) => html`<li><a href="${links.browse({ type: t.code })}">${t.label}<span class="count">（${t.count}）</span></a></li>`)}</ul>
  </section>
  <section aria-labelledby="by-unit"><h2 id="by-unit">按实施单位</h2>
    ${unitList(
      cat.units.filter((u) => u.itemCount),
      links,
    )}
  </section>
  <p><a href="${links.adjustments()}">查看最近调整（新增、变更、取消、暂停、恢复）</a></p>`;
}

export function unitList(units: readonly PublicUnit[], links: PortalLinks): SafeHtml {
  return html`<ul class="unit-list">${units.map((u) => html`<li><a href="${links.unit(u.id)}">${u.name}</a> <span class="count">${u.itemCount} 项</span></li>`)}</ul>`;
}

export function unitsBody(cat: Catalogue, links: PortalLinks): SafeHtml {
  return html`${breadcrumbs([
    ['首页', links.home],
    ['按部门查找', null],
  ])}${pageHead('按部门查找', '各实施单位已发布的政务服务事项。')}${unitList(
    cat.units.filter((u) => u.itemCount),
    links,
  )}`;
}

export function unitBody(unit: PublicUnit, items: readonly PublicListItem[], links: PortalLinks): SafeHtml {
  return html`${breadcrumbs([
    ['首页', links.home],
    ['按部门查找', links.units],
    [unit.name, null],
  ])}
  ${pageHead(unit.name, `已发布事项 ${items.length} 项。`)}
  <dl class="facts">
    ${unit.address ? html`<div><dt>地址</dt><dd>${unit.address}</dd></div>` : ''}
    ${unit.phone ? html`<div><dt>电话</dt><dd>${unit.phone}</dd></div>` : ''}
    ${unit.website ? html`<div><dt>单位网站</dt><dd>${extLink(unit.website)}</dd></div>` : ''}
    ${unit.onlineSystemUrl ? html`<div><dt>网上办事系统</dt><dd>${extLink(unit.onlineSystemUrl)}</dd></div>` : ''}
  </dl>
  ${itemList(items, links, '本单位事项')}`;
}

/** A list of items with type, unit, state and date. */
export function itemList(
  items: readonly PublicListItem[],
  links: PortalLinks,
  caption: string,
  o: { showUnit?: boolean; matches?: ReadonlyMap<PublicListItem, 'name' | 'text'> } = {},
): SafeHtml {
  if (!items.length) return html`<p>没有符合条件的事项。</p>`;
  return html`<ul class="items" aria-label="${caption}">${items.map(
    (i) => html`<li class="item">
    <h2 class="item-name"><a href="${links.item(i.code)}">${i.name}</a></h2>
    <p class="item-meta"><span class="tag">${label(ITEM_TYPES, i.type)}</span>${i.lifeState === 'suspended' ? html`<span class="tag tag-suspended">暂停办理</span>` : ''}${o.matches?.get(i) === 'text' ? html`<span class="tag tag-text">指南内容匹配</span>` : ''}
      ${o.showUnit === false ? '' : html`<span>${i.unit.name}</span>`} <span>第 ${i.version} 版 · ${time(i.publishedAt)}</span></p>
  </li>`,
  )}</ul>`;
}

export interface BrowseView {
  filter: BrowseFilter;
  /** The items of this page. */
  items: readonly PublicListItem[];
  total: number;
  page: number;
  pageSize: number;
  unitName?: string;
}

export function browseTitle(f: BrowseFilter, unitName?: string): string {
  const parts = [
    unitName,
    f.audience ? AUDIENCES[f.audience] : '',
    f.theme ?? '',
    f.type ? label(ITEM_TYPES, f.type) : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : '全部事项';
}

export function browseBody(v: BrowseView, cat: Catalogue, links: PortalLinks): SafeHtml {
  const title = browseTitle(v.filter, v.unitName);
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const filters: HtmlValue = links.isStatic
    ? ''
    : html`<form class="filters" method="get" action="${links.browse({})}" aria-label="筛选事项">
    <div class="field"><label for="f-type">事项类型</label><select id="f-type" name="type"><option value="">全部类型</option>${typesInUse(cat).map((t) => html`<option value="${t.code}"${t.code === v.filter.type ? html` selected` : ''}>${t.label}</option>`)}</select></div>
    <div class="field"><label for="f-audience">服务对象</label><select id="f-audience" name="audience"><option value="">全部</option>${(Object.keys(AUDIENCES) as Audience[]).map((a) => html`<option value="${a}"${a === v.filter.audience ? html` selected` : ''}>${AUDIENCES[a]}</option>`)}</select></div>
    <div class="field"><label for="f-unit">实施单位</label><select id="f-unit" name="unit"><option value="">全部单位</option>${cat.units.filter((u) => u.itemCount).map((u) => html`<option value="${u.id}"${u.id === v.filter.unit ? html` selected` : ''}>${u.name}</option>`)}</select></div>
    ${v.filter.theme ? html`<input type="hidden" name="theme" value="${v.filter.theme}">` : ''}
    <button type="submit">筛选</button></form>`;
  return html`${breadcrumbs([
    ['首页', links.home],
    [title, null],
  ])}${pageHead(title, `共 ${v.total} 项。`)}${filters}
    ${itemList(v.items, links, title)}${pager(v.page, pages, (p) => links.browse(v.filter, p))}`;
}

export interface SearchView {
  q: string;
  unit?: string;
  type?: string;
  total: number;
  page: number;
  pageSize: number;
  hits: Array<{ match: 'name' | 'text'; item: PublicListItem }>;
  problem?: string;
}

export function searchBody(v: SearchView, cat: Catalogue, links: PortalLinks): SafeHtml {
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const matches = new Map(v.hits.map((h) => [h.item, h.match] as const));
  const nameHits = v.hits.filter((h) => h.match === 'name').length;
  return html`${breadcrumbs([
    ['首页', links.home],
    ['搜索', null],
  ])}
  <h1>搜索事项</h1>
  <form class="filters" method="get" action="${links.search}" role="search" aria-label="搜索条件">
    <div class="field grow"><label for="s-q">事项名称或关键词</label><input id="s-q" name="q" type="search" value="${v.q}" maxlength="100"></div>
    <div class="field"><label for="s-unit">实施单位</label><select id="s-unit" name="unit"><option value="">全部单位</option>${cat.units.filter((u) => u.itemCount).map((u) => html`<option value="${u.id}"${u.id === v.unit ? html` selected` : ''}>${u.name}</option>`)}</select></div>
    <div class="field"><label for="s-type">事项类型</label><select id="s-type" name="type"><option value="">全部类型</option>${typesInUse(cat).map((t) => html`<option value="${t.code}"${t.code === v.type ? html` selected` : ''}>${t.label}</option>`)}</select></div>
    <button type="submit" class="primary">搜索</button>
  </form>
  ${v.problem ? html`<p class="flash flash-error" role="alert">${v.problem}</p>` : v.q ? html`<p role="status">“${v.q}”共找到 ${v.total} 个事项${v.total ? html`，其中名称匹配的排在前面` : ''}。</p>` : ''}
  ${
    v.q && !v.problem
      ? itemList(
          v.hits.map((h) => h.item),
          links,
          `搜索结果（本页名称匹配 ${nameHits} 项）`,
          { matches },
        )
      : ''
  }
  ${pager(v.page, pages, (p) => links.searchPage(v.q, p, { unit: v.unit, type: v.type }))}`;
}
