import { LEGAL_DOC_KINDS, label } from '../domain/enums.js';
import { LEGAL_DOC_STATUSES } from '../legal/legal.enums.js';
import type { LegalArticleRow, LegalDocumentRow } from '../legal/legal.table.js';
import { html, type SafeHtml } from '../web/html.js';
import type { PortalLinks } from './links.js';

/** A document of the legal-basis register as the public sees it: its status, dates and articles. */
export function lawBody(doc: LegalDocumentRow, articles: LegalArticleRow[], links: PortalLinks): SafeHtml {
  const facts: Array<[string, string | null]> = [
    ['类别', label(LEGAL_DOC_KINDS, doc.kind)],
    ['制定机关', doc.issuer],
    ['文号', doc.doc_no],
    ['公布日期', doc.published_on],
    ['施行日期', doc.effective_on],
    ['修订日期', doc.amended_on],
    ['废止日期', doc.repealed_on],
    ['状态', label(LEGAL_DOC_STATUSES, doc.status)],
  ];
  const gone = doc.status === 'repealed' || doc.status === 'expired';
  return html`<nav class="breadcrumbs" aria-label="位置"><a href="${links.home}">首页</a> › 法律依据</nav>
  <h1>${doc.title}</h1>
  ${gone ? html`<p class="exempt" role="note">本文件${label(LEGAL_DOC_STATUSES, doc.status)}。依据本文件设定的事项正在或已经按《政务服务事项动态管理办法》第十六条调整。</p>` : ''}
  <dl class="facts">${facts.filter(([, v]) => v).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}${doc.url ? html`<dt>全文</dt><dd><a href="${doc.url}" rel="noopener noreferrer">查看官方发布的全文</a></dd>` : ''}</dl>
  ${articles.length ? html`<h2>条文（节选）</h2><dl class="articles">${articles.map((a) => html`<dt>${a.number}</dt><dd>${a.text}</dd>`)}</dl>` : ''}`;
}
