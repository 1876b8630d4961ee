import { ITEM_TYPES, LIFE_STATES } from '../../domain/enums.js';
import type { ItemListRow } from '../../items/item.repository.js';
import { VERSION_STATES } from '../../items/states.js';
import { html, type SafeHtml } from '../../web/html.js';
import { findingsBadge, granularityLabel, stateBadge, typeLabel } from './labels.js';
import { chinaTime } from '../common.js';

export interface ListView {
  rows: ItemListRow[];
  total: number;
  page: number;
  pageSize: number;
  filter: Record<string, string | undefined>;
  units: Array<{ id: string; name: string }> | null;
  canCreate: boolean;
}

const option = (value: string, text: string, current?: string) =>
  html`<option value="${value}"${value === current ? html` selected` : ''}>${text}</option>`;

export function itemListBody(v: ListView): SafeHtml {
  const f = v.filter;
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const link = (page: number) =>
    `/console/items?${new URLSearchParams({ ...Object.fromEntries(Object.entries(f).filter(([, x]) => x)), page: String(page) })}`;
  return html`<div class="page-head"><h1>事项</h1>${v.canCreate ? html`<a class="button primary" href="/console/items/new">录入事项</a>` : ''}</div>
  <form method="get" action="/console/items" class="filters" role="search" aria-label="筛选事项">
    <div class="field"><label for="q">名称或编码</label><input id="q" name="q" value="${f.q ?? ''}"></div>
    ${v.units ? html`<div class="field"><label for="unitId">实施单位</label><select id="unitId" name="unitId">${option('', '全部')}${v.units.map((u) => option(u.id, u.name, f.unitId))}</select></div>` : ''}
    <div class="field"><label for="type">事项类型</label><select id="type" name="type">${option('', '全部')}${Object.entries(ITEM_TYPES).map(([k, t]) => option(k, t, f.type))}</select></div>
    <div class="field"><label for="workflowState">流程状态</label><select id="workflowState" name="workflowState">${option('', '全部')}${Object.entries(VERSION_STATES).map(([k, t]) => option(k, t, f.workflowState))}</select></div>
    <div class="field"><label for="lifeState">事项状态</label><select id="lifeState" name="lifeState">${option('', '全部')}${Object.entries(LIFE_STATES).map(([k, t]) => option(k, t, f.lifeState))}</select></div>
    <div class="field check"><label><input type="checkbox" name="hasErrors" value="true"${f.hasErrors ? html` checked` : ''}> 仅看有错误的</label></div>
    <button type="submit">筛选</button>
  </form>
  <p class="muted" role="status">共 ${v.total} 项</p>
  <table class="list">
    <caption class="visually-hidden">事项列表</caption>
    <thead><tr><th scope="col">事项名称</th><th scope="col">实施编码</th><th scope="col">实施单位</th><th scope="col">类型</th><th scope="col">颗粒度</th><th scope="col">状态</th><th scope="col">检查</th><th scope="col">更新时间</th></tr></thead>
    <tbody>${v.rows.map(
      (r) => html`<tr>
      <td><a href="/console/items/${r.id}">${r.name}</a></td>
      <td><code>${r.task_code}${r.handling_code ? `-${r.handling_code}` : ''}</code></td>
      <td>${r.unit_name}</td><td>${typeLabel(r.type)}</td><td>${granularityLabel(r.granularity)}</td>
      <td>${stateBadge(r)}</td><td>${findingsBadge(r.error_count, r.warning_count)}</td><td>${chinaTime(r.updated_at).slice(0, 10)}</td></tr>`,
    )}
    </tbody>
  </table>
  ${v.rows.length === 0 ? html`<p>没有符合条件的事项。</p>` : ''}
  <nav class="pager" aria-label="分页">${v.page > 1 ? html`<a href="${link(v.page - 1)}" rel="prev">上一页</a>` : ''}<span>第 ${v.page} / ${pages} 页</span>${v.page < pages ? html`<a href="${link(v.page + 1)}" rel="next">下一页</a>` : ''}</nav>`;
}
