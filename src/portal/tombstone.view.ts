import type { Tombstone } from '../publishing/public.queries.js';
import { html, type SafeHtml } from '../web/html.js';
import { groundLabel } from '../domain/grounds.js';
import { chinaDay } from './format.js';
import { breadcrumbs, pageHead } from './layout.js';
import type { PortalLinks } from './links.js';

/**
 * The page at a cancelled item's address (410): a citizen following an old link or bookmark learns that the
 * item was cancelled, when, on what ground, and where to go now, instead of a bare "not found".
 */
export function tombstoneBody(t: Tombstone, links: PortalLinks): SafeHtml {
  return html`${breadcrumbs([
    ['首页', links.home],
    ['最近调整', links.adjustments()],
    [t.name, null],
  ])}
  ${pageHead(t.name, `实施编码 ${t.code}`)}
  <div class="state-suspended">
    <p><strong>该事项已于 ${chinaDay(t.cancelledAt)} 取消</strong>，不再受理。</p>
    <p>实施单位：<a href="${links.unit(t.unit.id)}">${t.unit.name}</a>${t.ground ? html`；取消事由：${groundLabel(t.ground)}` : ''}。</p>
    ${t.summary ? html`<p>说明：${t.summary}</p>` : ''}
  </div>
  ${t.successors.length ? html`<h2>请改为办理</h2><ul>${t.successors.map((s) => html`<li><a href="${links.item(s.code)}">${s.name}</a> <small><code>${s.code}</code></small></li>`)}</ul>` : ''}
  <p><a href="${links.adjustments()}">查看最近调整</a> · <a href="${links.home}">返回首页</a></p>`;
}
