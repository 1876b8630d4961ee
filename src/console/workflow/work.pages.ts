import Type from 'typebox';
import type { AppContext } from '../../app/context.js';
import { hasRole } from '../../auth/actor.js';
import { can } from '../../auth/policy.js';
import { listObligations, type ObligationView } from '../../obligations/obligation.queries.js';
import type { App } from '../../http/app-type.js';
import { ucOf } from '../../http/use-case.js';
import { isCodeOf } from '../../domain/enums.js';
import { VERSION_STATES } from '../../items/states.js';
import { html, safeHref, type HtmlValue } from '../../web/html.js';
import {
  listNotifications,
  markNotificationsRead,
  overdueCounts,
  worklist,
  type QueueRow,
  type Worklist,
} from '../../workflow/worklist.queries.js';
import { deadlineCell, waitingSince } from '../format.js';
import { csrfField, seeOther, sendPage } from '../render.js';
import { chinaTime } from '../common.js';
import { listExplanationRequests } from '../../explanations/explanation.service.js';
import { unitEvaluationTasks } from '../../evaluation/work-tasks.js';

function queueTable(rows: QueueRow[], caption: string, sinceLabel: string, now: Date, showWaiting = false): HtmlValue {
  if (!rows.length) return html`<p class="muted">暂无。</p>`;
  return html`<table class="list"><caption class="visually-hidden">${caption}</caption>
    <thead><tr><th scope="col">事项</th><th scope="col">实施单位</th><th scope="col">状态</th><th scope="col">${sinceLabel}</th>${showWaiting ? html`<th scope="col">已等待</th>` : ''}</tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr><td><a href="/console/items/${r.id}">${r.name}</a></td><td>${r.unitName}</td>
      <td><span class="badge badge-${r.state}">${isCodeOf(VERSION_STATES, r.state) ? VERSION_STATES[r.state] : r.state}</span></td>
      <td>${chinaTime(r.publishAt ?? r.since)}</td>${showWaiting ? html`<td>${waitingSince(r.since, now)}</td>` : ''}</tr>`,
    )}</tbody></table>`;
}

/** Obligations shown on the home page before "see all". */
const SHOWN = 20;

function obligationTable(rows: ObligationView[], caption: string): HtmlValue {
  if (!rows.length) return html`<p class="muted">暂无。</p>`;
  return html`<table class="list"><caption class="visually-hidden">${caption}</caption>
    <thead><tr><th scope="col">事项</th><th scope="col">实施单位</th><th scope="col">应申请</th><th scope="col">来源</th><th scope="col">期限</th></tr></thead>
    <tbody>${rows.map(
      (
        o,
      ) => html`<tr><td><a href="/console/obligations/${o.id}">${o.itemName ?? '（新增事项）'}</a><br><small class="muted">${o.summary}</small></td><td>${o.unitName}</td>
      <td>${o.kindLabel}<br><small>${o.groundLabel}</small></td><td>${o.sourceLabel}</td><td>${deadlineCell(o.dueOn, o.deadlineText, o.overdue, o.dueProvisional)}</td></tr>`,
    )}</tbody></table>`;
}

/**
 * Overdue work per unit, each kind counted apart and linked to the list that shows exactly those: one link
 * for the total used to open the change requests only, so a unit with overdue obligations showed none.
 */
function overdueTable(rows: Worklist['overdueByUnit']): HtmlValue {
  const count = (n: number, href: string) => (n ? html`<a class="overdue" href="${href}">${n}</a>` : '0');
  return html`<table class="list"><thead><tr><th scope="col">实施单位</th><th scope="col">超期合计</th><th scope="col">超期的调整申请</th><th scope="col">超期的调整义务</th><th scope="col">超期未答复的说明解释申请</th></tr></thead>
    <tbody>${rows.map(
      (u) => html`<tr><td>${u.unitName}</td><td class="overdue">${u.overdue}</td>
      <td>${count(u.changes, `/console/changes?unitId=${u.unitId}&overdue=true`)}</td>
      <td>${count(u.obligations, `/console/obligations?unitId=${u.unitId}&overdue=true`)}</td>
      <td>${count(u.explanations, `/console/explanations?status=overdue&unitId=${u.unitId}`)}</td></tr>`,
    )}</tbody></table>`;
}

/** Each role's home: what waits for this person, oldest first, with deadlines. */
export function registerWorkPages(app: App, ctx: AppContext): void {
  app.get('/console/work', { config: { access: 'inbox.read' }, schema: { hide: true } }, async (request, reply) => {
    const uc = ucOf(ctx, request);
    const w = await worklist(uc);
    const a = request.actor;
    const now = ctx.clock.now();
    const sections: HtmlValue[] = [];
    // Only unread notifications are listed here; the link keeps the read ones reachable (nothing else links the inbox).
    const inboxLink = html`<a href="/console/inbox">查看全部通知</a>`;
    if (w.notifications.length) {
      sections.push(html`<section><h2>未读通知（${w.notifications.length}）</h2><ul class="inbox">${w.notifications.map((n) => html`<li><a href="${safeHref(n.link)}">${n.title}</a> <small class="muted">${chinaTime(n.created_at)}</small></li>`)}</ul>
        <form method="post" action="/console/inbox/read" class="inline"><input type="hidden" name="_csrf" value="${csrfField(request)}"><button type="submit">全部标为已读</button></form> ${inboxLink}</section>`);
    } else {
      sections.push(html`<section><h2>通知</h2><p class="muted">没有未读通知。${inboxLink}</p></section>`);
    }
    if (can(a, 'explanation.answer')) {
      // Art. 21: the unit must answer within the deadline; the list is ordered by due day, open first.
      const { views, total } = await listExplanationRequests(uc, { status: 'open', page: 1 });
      const shown = views.slice(0, SHOWN);
      sections.push(
        html`<section><h2>待答复的说明解释申请（${total}）</h2>${
          shown.length
            ? html`<table class="list"><caption class="visually-hidden">待答复的说明解释申请</caption>
        <thead><tr><th scope="col">受理编号</th><th scope="col">事项</th><th scope="col">提交时间</th><th scope="col">答复期限</th></tr></thead>
        <tbody>${shown.map(
          (
            v,
          ) => html`<tr><td><a href="/console/explanations/${v.row.id}">${v.row.tracking_no}</a></td><td>${v.row.item_name}</td><td>${chinaTime(v.row.created_at)}</td>
          <td><span class="${v.overdue ? 'overdue' : ''}">${v.row.due_on}</span><br><small class="${v.overdue ? 'overdue' : 'muted'}">${v.deadlineText}</small></td></tr>`,
        )}</tbody></table>
        ${total > shown.length ? html`<p><a href="/console/explanations?status=open">查看全部 ${total} 项</a></p>` : ''}`
            : html`<p class="muted">暂无。</p>`
        }</section>`,
      );
    }
    // issue 15: spot checks to fix and broken links, for the unit
    sections.push(...(await unitEvaluationTasks(uc)));
    if (hasRole(a, 'unit_clerk')) {
      sections.push(
        html`<section><h2>被退回，待修改（${w.returned.length}）</h2>${queueTable(w.returned, '被退回的事项', '退回时间', now)}</section>`,
      );
      sections.push(html`<section><h2>进行中的调整申请（${w.changes.length}）</h2>${
        w.changes.length
          ? html`<table class="list"><thead><tr><th scope="col">事项</th><th scope="col">种类</th><th scope="col">事由</th><th scope="col">期限</th></tr></thead>
        <tbody>${w.changes.map((c) => html`<tr><td><a href="/console/changes/${c.id}">${c.itemName ?? '（新事项）'}</a></td><td>${c.kindLabel}</td><td>${c.groundLabel}</td><td>${deadlineCell(c.dueOn, c.deadlineText, c.overdue, c.dueProvisional)}</td></tr>`)}</tbody></table>`
          : html`<p class="muted">暂无。</p>`
      }
</section>`);
      const due = await listObligations(uc, { status: 'open', limit: SHOWN, offset: 0 });
      sections.push(html`<section><h2>待处理的调整义务（${due.total}）</h2><p class="muted">法律法规变化、上级决定和基本目录调整引起，须在期限内发起调整申请或说明无需调整。</p>
        ${obligationTable(due.rows, '待处理的调整义务')}${due.total > SHOWN ? html`<p><a href="/console/obligations">查看全部 ${due.total} 项</a></p>` : ''}</section>`);
      sections.push(
        html`<section><h2>草稿（${w.drafts.length}）</h2>${queueTable(w.drafts, '草稿', '最近修改', now)}</section>`,
      );
    }
    if (hasRole(a, 'unit_reviewer'))
      sections.push(
        html`<section><h2>待单位审核（${w.unitReview.length}）</h2>${queueTable(w.unitReview, '待单位审核', '提交时间', now, true)}</section>`,
      );
    if (can(a, 'obligation.confirm')) {
      const pending = await listObligations(uc, { status: 'no_change_pending', limit: SHOWN, offset: 0 });
      if (pending.total) {
        sections.push(html`<section><h2>待确认的“无需调整”说明（${pending.total}）</h2>${obligationTable(pending.rows, '待确认的无需调整说明')}
          ${pending.total > SHOWN ? html`<p><a href="/console/obligations?status=no_change_pending">查看全部 ${pending.total} 项</a></p>` : ''}</section>`);
      }
    }
    if (hasRole(a, 'verifier'))
      sections.push(
        html`<section><h2>核验队列（${w.verification.length}，最早提交的在前）</h2>${queueTable(w.verification, '核验队列', '提交时间', now, true)}</section>`,
      );
    if (hasRole(a, 'publisher')) {
      if (w.alerts.length)
        sections.push(
          html`<section><h2 class="overdue">告警</h2><ul>${w.alerts.map((al) => html`<li class="overdue">${al.message}${al.targetId ? html` <a href="/console/items/${al.targetId}">查看</a>` : ''}</li>`)}</ul></section>`,
        );
      sections.push(
        html`<section><h2>待发布（${w.publishing.length}）</h2>${queueTable(w.publishing, '待发布', '核验时间', now, true)}</section>`,
      );
      sections.push(
        html`<section><h2>定时发布（${w.scheduled.length}）</h2>${queueTable(w.scheduled, '定时发布', '生效时间', now)}</section>`,
      );
    }
    if (w.overdueByUnit.length || hasRole(a, 'supervisor')) {
      sections.push(
        html`<section><h2>超期未调整（按单位）</h2>${w.overdueByUnit.length ? overdueTable(w.overdueByUnit) : html`<p class="muted">没有超期的调整。</p>`}</section>`,
      );
    }
    return sendPage(ctx, request, reply, { title: '工作台', active: 'work', body: html`<h1>工作台</h1>${sections}` });
  });

  app.get('/console/inbox', { config: { access: 'inbox.read' }, schema: { hide: true } }, async (request, reply) => {
    const rows = await listNotifications(ucOf(ctx, request));
    return sendPage(ctx, request, reply, {
      title: '通知',
      active: 'work',
      body: html`<h1>通知</h1><ul class="inbox">${rows.map((n) => html`<li class="${n.read_at ? 'read' : 'unread'}"><a href="${safeHref(n.link)}">${n.title}</a>${n.body ? html`<div class="muted">${n.body}</div>` : ''} <small class="muted">${chinaTime(n.created_at)}</small></li>`)}</ul>
        ${rows.length ? '' : html`<p class="muted">暂无通知。</p>`}`,
    });
  });

  app.post(
    '/console/inbox/read',
    { config: { access: 'inbox.read' }, schema: { hide: true, body: Type.Record(Type.String(), Type.Unknown()) } },
    async (request, reply) => {
      await markNotificationsRead(ucOf(ctx, request));
      return seeOther(reply, '/console/work?msg=done');
    },
  );

  app.get(
    '/console/supervision',
    { config: { access: 'supervision.read' }, schema: { hide: true } },
    async (request, reply) => {
      const rows = await overdueCounts(ucOf(ctx, request));
      return sendPage(ctx, request, reply, {
        title: '监督检查',
        active: 'supervision',
        body: html`<h1>监督检查</h1><h2>超期未办（第十九条、第二十一条、第二十三条）</h2>
        ${rows.length ? overdueTable(rows) : html`<p>没有超期未办的事项。</p>`}`,
      });
    },
  );
}
