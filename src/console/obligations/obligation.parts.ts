import type { ObligationView } from '../../obligations/obligation.queries.js';
import { html, type HtmlValue } from '../../web/html.js';

const statusKind: Record<string, string> = {
  open: 'submitted',
  in_change: 'verified',
  no_change_pending: 'warning',
  resolved: 'ok',
  dismissed: 'draft',
};

/** The obligation's state with its deadline: overdue ones are flagged like overdue change requests. */
export const obligationState = (o: ObligationView): HtmlValue =>
  html`<span class="badge badge-${statusKind[o.status] ?? 'draft'}">${o.statusLabel}</span>${o.overdue ? html` <span class="badge badge-overdue">超期</span>` : ''}`;

export const deadlineCell = (o: ObligationView): HtmlValue =>
  html`${o.dueOn}${o.dueProvisional ? '（暂定）' : ''}<br><small class="${o.overdue ? 'overdue' : 'muted'}">${o.deadlineText}</small>`;

/** The item's code at its own level: a 业务办理项 is known by its 业务办理项编码, not only its parent's 实施编码. */
const itemCodes = (r: ObligationView): HtmlValue =>
  r.taskCode
    ? html`<br><small><code>${r.taskCode}</code>${r.handlingCode ? html` / 业务办理项 <code>${r.handlingCode}</code>` : ''}</small>`
    : '';

/** Obligations as a worklist table (unit, item, what to do, why, when). */
export function obligationTable(rows: ObligationView[], o: { showUnit?: boolean } = {}): HtmlValue {
  if (!rows.length) return html`<p class="muted">没有调整义务。</p>`;
  const showUnit = o.showUnit ?? true;
  return html`<table class="list obligations"><caption class="visually-hidden">调整义务</caption>
    <thead><tr>${showUnit ? html`<th scope="col">实施单位</th>` : ''}<th scope="col">事项</th><th scope="col">调整</th><th scope="col">事由</th><th scope="col">来源</th><th scope="col">期限</th><th scope="col">状态</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr${r.overdue ? html` class="row-overdue"` : ''}>
      ${showUnit ? html`<td>${r.unitName}</td>` : ''}
      <td><a href="/console/obligations/${r.id}">${r.itemName ?? `新增事项${r.catalogCode ? `（${r.catalogCode}）` : ''}`}</a>${itemCodes(r)}</td>
      <td>${r.kindLabel}</td><td>${r.groundLabel}</td><td>${r.sourceLabel}</td><td>${deadlineCell(r)}</td><td>${obligationState(r)}</td></tr>`,
    )}
    </tbody></table>`;
}
