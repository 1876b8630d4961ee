import { publicationNote, type PublicChange, type PublicUnit } from '../publishing/public.queries.js';
import { PUBLICATION_KINDS } from '../publishing/public.presenter.js';
import { html, type SafeHtml } from '../web/html.js';
import { groundLabel } from '../domain/grounds.js';
import { time } from './format.js';
import { breadcrumbs, pageHead, pager } from './layout.js';
import type { PortalLinks } from './links.js';

export interface AdjustmentsView {
  rows: readonly PublicChange[];
  total: number;
  page: number;
  pageSize: number;
  kind?: string;
  unit?: string;
  units: readonly PublicUnit[];
}

/**
 * 最近调整 (Art. 20, public oversight): every published 新增 / 变更 / 取消 / 暂停 / 恢复 with its ground
 * and date, newest first. A cancelled item stays listed here (by name and code) after it has left the
 * catalogue; its cancellation links to the item's address, which now says when and why it went (410).
 */
export function adjustmentsBody(v: AdjustmentsView, links: PortalLinks): SafeHtml {
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const href = (p: number) =>
    links.isStatic
      ? links.adjustments(p)
      : `/adjustments?${new URLSearchParams({ ...(v.kind ? { kind: v.kind } : {}), ...(v.unit ? { unit: v.unit } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`;
  return html`${breadcrumbs([
    ['首页', links.home],
    ['最近调整', null],
  ])}
  ${pageHead('最近调整', '政务服务事项的新增、变更、取消、暂停和恢复，按发布先后排列，接受社会监督。')}
  ${
    links.isStatic
      ? ''
      : html`<form class="filters" method="get" action="/adjustments" aria-label="筛选调整记录">
    <div class="field"><label for="a-kind">调整类型</label><select id="a-kind" name="kind"><option value="">全部</option>${Object.entries(PUBLICATION_KINDS).map(([k, t]) => html`<option value="${k}"${k === v.kind ? html` selected` : ''}>${t}</option>`)}</select></div>
    <div class="field"><label for="a-unit">实施单位</label><select id="a-unit" name="unit"><option value="">全部单位</option>${v.units.map((u) => html`<option value="${u.id}"${u.id === v.unit ? html` selected` : ''}>${u.name}</option>`)}</select></div>
    <button type="submit">筛选</button></form>`
  }
  <p>共 ${v.total} 条记录。订阅：<a href="${links.feedAtom}">Atom</a> / <a href="${links.feedJson}">JSON Feed</a>。</p>
  ${
    v.rows.length
      ? html`<div class="table-wrap"><table class="adjustments">
    <caption class="visually-hidden">调整记录</caption>
    <thead><tr><th scope="col">日期</th><th scope="col">类型</th><th scope="col">事项</th><th scope="col">实施单位</th><th scope="col">事由</th><th scope="col">发布序号</th></tr></thead>
    <tbody>${v.rows.map(
      (r) => html`<tr id="seq-${r.seq}">
      <td>${time(r.publishedAt)}</td>
      <td><span class="tag kind-${r.kind}">${PUBLICATION_KINDS[r.kind] ?? r.kind}</span></td>
      <th scope="row">${r.isPublic || (r.kind === 'cancel' && !links.isStatic) ? html`<a href="${links.item(r.code)}">${r.name}</a>` : r.name}<br><small><code>${r.code}</code></small></th>
      <td>${r.unit.name}</td>
      <td>${r.ground ? groundLabel(r.ground) : ''}${noteOf(r) ? html`${r.ground ? html`<br>` : ''}<small>${noteOf(r)}</small>` : ''}</td>
      <td>${r.seq}</td>
    </tr>`,
    )}</tbody></table></div>`
      : html`<p>暂无调整记录。</p>`
  }
  ${pager(v.page, pages, href)}`;
}

const noteOf = (r: PublicChange) => publicationNote(r.ground, r.summary);
