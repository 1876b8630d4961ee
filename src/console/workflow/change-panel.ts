import type { ChangeRequestView } from '../../workflow/change-request.queries.js';
import { html, type SafeHtml } from '../../web/html.js';
import { deadlineCell } from '../format.js';
import { isCodeOf } from '../../domain/enums.js';
import { VERSION_STATES } from '../../items/states.js';

/**
 * A 依据文件 as one reads it cited: 《名称》（文号），条款，日期 起施行. The stored object's key order is
 * whatever the form or API sent, so the parts are put in order here and the date is labelled.
 */
export function groundDocumentText(
  d:
    | { title?: string; docNo?: string; article?: string; effectiveDate?: string }
    | Record<string, string>
    | null
    | undefined,
): string {
  if (!d) return '';
  const title = d.title?.trim();
  const head = [
    title ? (/^《.*》$/.test(title) ? title : `《${title}》`) : '',
    d.docNo?.trim() ? `（${d.docNo.trim()}）` : '',
  ].join('');
  return [head, d.article?.trim() ?? '', d.effectiveDate?.trim() ? `${d.effectiveDate.trim()} 起施行` : '']
    .filter(Boolean)
    .join('，');
}

const LINEAGE_ROLE: Record<string, string> = {
  source: '原事项（将取消）',
  target: '调整后事项',
  parent: '上级事项（保留，拆分出其下的业务办理项）',
};

/**
 * A merge/split takes effect only when every item in it is published: the sources are cancelled by their
 * own versions and the new items are added by theirs. The request says 审核中 from the first submission,
 * so each item's state is listed to show which are still to be submitted.
 */
export function lineageList(c: ChangeRequestView): SafeHtml {
  const stateText = (s: string | undefined) => (isCodeOf(VERSION_STATES, s) ? VERSION_STATES[s] : (s ?? ''));
  return html`${c.kind === 'merge' || c.kind === 'split' || c.kind === 'transfer' ? html`<p class="note">${c.kindLabel}须将以下每个事项都提交核验：原事项发布后即取消，新事项发布后即公开。</p>` : ''}
    <ul>${c.lineage.map((l) => html`<li>${LINEAGE_ROLE[l.role] ?? l.role}：<a href="/console/items/${l.itemId}">${l.name}</a>${l.state ? html` <span class="badge badge-${l.state}">${stateText(l.state)}</span>` : ''}</li>`)}</ul>`;
}

/**
 * What a version is for, wherever someone acts on it (edit page, confirmation pages): the change request's
 * kind, ground and document, and its deadline (red when overdue).
 */
export function changePanel(c: ChangeRequestView): SafeHtml {
  const doc = groundDocumentText(c.groundDocument);
  return html`<section class="change-panel" aria-label="调整申请">
    <h2>调整申请：${c.kindLabel}</h2>
    <dl class="kv"><dt>事由</dt><dd>${c.groundLabel}${c.groundExplanation ? html`<div>${c.groundExplanation}</div>` : ''}</dd>
      ${doc ? html`<dt>依据文件</dt><dd>${doc}</dd>` : ''}
      <dt>事由发生日</dt><dd>${c.groundArisenOn}</dd>
      <dt>调整期限</dt><dd>${deadlineCell(c.dueOn, c.deadlineText, c.overdue || c.late, c.dueProvisional)}</dd>
      ${c.summary ? html`<dt>调整内容</dt><dd>${c.summary}</dd>` : ''}
      ${c.lineage.length ? html`<dt>涉及事项</dt><dd>${lineageList(c)}</dd>` : ''}</dl>
    <p><a href="/console/changes/${c.id}">查看调整申请</a></p>
  </section>`;
}
