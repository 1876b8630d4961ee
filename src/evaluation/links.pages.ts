import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { authorize, can, unitScope } from '../auth/policy.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { csrfField, seeOther, sendPage } from '../console/render.js';
import { chinaTime } from '../console/common.js';
import { html, safeHref, type HtmlValue } from '../web/html.js';
import { label } from '../domain/enums.js';
import { LINK_KINDS } from './content-facts.js';
import { evaluationTabs } from './evaluation.parts.js';
import { LINK_STATUSES } from './link-check.js';
import { runLinkCheck, type LinkCheckSummary } from './link-check.job.js';
import { listLinkChecks, type LinkCheckView } from './link-check.queries.js';

export function linkTable(rows: LinkCheckView[], caption: string): HtmlValue {
  return html`<table class="list"><caption>${caption}</caption><thead><tr><th scope="col">事项</th><th scope="col">实施单位</th><th scope="col">链接</th><th scope="col">状态</th><th scope="col">连续失败</th><th scope="col">最近检查</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr><td><a href="/console/items/${r.item_id}">${r.item_name}</a></td><td>${r.unit_name}</td>
      <td>${label(LINK_KINDS, r.kind)}：${r.label}<br><small><a href="${safeHref(r.url)}" rel="noopener noreferrer">${r.url}</a></small></td>
      <td><span class="badge badge-${r.last_status === 'ok' ? 'published' : 'overdue'}">${r.last_status ? label(LINK_STATUSES, r.last_status) : '未检查'}</span>${r.last_http_status ? ` HTTP ${r.last_http_status}` : ''}${r.last_error ? html`<br><small>${r.last_error}</small>` : ''}${r.task_opened_at ? html`<br><small class="overdue">已列为单位待办（${chinaTime(r.task_opened_at)}）</small>` : ''}</td>
      <td class="num">${r.consecutive_failures}</td><td>${chinaTime(r.last_checked_at)}</td></tr>`,
    )}</tbody></table>`;
}

/** The result of "立即检查", carried as numbers only (no text from a link can be made to look like ours). */
function summaryFlash(q: Record<string, string>): HtmlValue {
  const n = (k: keyof LinkCheckSummary) => (/^\d{1,7}$/.test(q[k] ?? '') ? q[k] : null);
  if (n('checked') === null) return '';
  return html`<p class="flash flash-ok" role="status">已检查 ${n('checked')} 个链接：正常 ${n('ok') ?? 0}，失效 ${n('failed') ?? 0}，未检查 ${n('refused') ?? 0}；新增待办 ${n('opened') ?? 0}，关闭 ${n('closed') ?? 0}。</p>`;
}

export function registerLinkPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/evaluation/links',
    {
      config: { access: 'evaluation.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      authorize(uc.actor, 'evaluation.read');
      const scope = unitScope(uc.actor);
      const [failed, refused] = await Promise.all([
        listLinkChecks(ctx.db.kysely, scope, { status: 'failed', limit: 500 }),
        listLinkChecks(ctx.db.kysely, scope, { status: 'refused', limit: 500 }),
      ]);
      const { failures, hosts } = ctx.config.evaluation.linkCheck;
      return sendPage(ctx, request, reply, {
        title: '链接检查',
        active: 'evaluation',
        body: html`${evaluationTabs(request.actor, '/console/evaluation/links')}<h1>链接检查</h1>
        <p class="muted">每日检查已发布办事指南中的在线办理地址、空白表格、示例样表和审批结果样本的下载地址。连续 ${failures} 次失败的链接列为单位工作台的待办，恢复后自动关闭。仅检查允许名单内的主机：${hosts.join('、')}。</p>
        ${can(request.actor, 'evaluation.manage') ? html`<form method="post" action="/console/evaluation/links/run" class="inline"><input type="hidden" name="_csrf" value="${csrfField(request)}"><button type="submit">立即检查</button></form>` : ''}
        ${summaryFlash(request.query)}
        ${failed.length ? linkTable(failed, `失效的链接（${failed.length}）`) : html`<p>没有失效的链接。</p>`}
        ${refused.length ? linkTable(refused, `未检查的链接（${refused.length}）`) : ''}`,
      });
    },
  );
  app.post(
    '/console/evaluation/links/run',
    {
      config: { access: 'evaluation.manage' },
      schema: { hide: true, body: Type.Record(Type.String(), Type.Unknown()) },
    },
    async (request, reply) => {
      authorize(request.actor, 'evaluation.manage');
      const s = await runLinkCheck(ctx);
      return seeOther(
        reply,
        `/console/evaluation/links?${new URLSearchParams(Object.entries(s).map(([k, v]): [string, string] => [k, String(v)]))}`,
      );
    },
  );
}
