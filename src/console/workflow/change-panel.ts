import type { ChangeRequestView } from '../../workflow/change-request.queries.js';
import { html, type SafeHtml } from '../../web/html.js';
import { deadlineCell } from '../format.js';

/**
 * What a version is for, wherever someone acts on it (edit page, confirmation pages): the change request's
 * kind, ground and document, and its deadline (red when overdue).
 */
export function changePanel(c: ChangeRequestView): SafeHtml {
  const doc = c.groundDocument ? Object.values(c.groundDocument).filter(Boolean).join(' · ') : '';
  return html`<section class="change-panel" aria-label="调整申请">
    <h2>调整申请：${c.kindLabel}</h2>
    <dl class="kv"><dt>事由</dt><dd>${c.groundLabel}${c.groundExplanation ? html`<div>${c.groundExplanation}</div>` : ''}</dd>
      ${doc ? html`<dt>依据文件</dt><dd>${doc}</dd>` : ''}
      <dt>事由发生日</dt><dd>${c.groundArisenOn}</dd>
      <dt>调整期限</dt><dd>${deadlineCell(c.dueOn, c.deadlineText, c.overdue || c.late, c.dueProvisional)}</dd>
      ${c.summary ? html`<dt>调整内容</dt><dd>${c.summary}</dd>` : ''}</dl>
    <p><a href="/console/changes/${c.id}">查看调整申请</a></p>
  </section>`;
}
