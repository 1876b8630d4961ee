import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { can } from '../auth/policy.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { csrfField, seeOther, sendPage } from '../console/render.js';
import { chinaTime } from '../console/common.js';
import { chinaDate } from '../shared/clock.js';
import { isAppError } from '../shared/errors.js';
import { html, type HtmlValue } from '../web/html.js';
import { evaluationTabs, pdfLink, periodField, periodOf, query } from './evaluation.parts.js';
import { feedbackReport, flagReasonsOf, reviewFeedback, type FeedbackReport } from './feedback.service.js';
import { attachment, workbookBuffer, type Sheet } from './xlsx.js';

const Query = Type.Record(Type.String(), Type.String());
const Form = Type.Record(Type.String(), Type.Unknown());

/** The same figures as the page: flagged items, votes of the period, searches that found nothing. */
export const feedbackSheets = (r: FeedbackReport): Sheet[] => [
  {
    name: '待复核事项',
    header: ['事项', '实施单位', '没帮助', '有帮助', '说明解释申请', '标记原因', '上次核查'],
    rows: r.flags.map((f) => [
      f.name,
      f.unitName,
      f.counts.unhelpful,
      f.counts.helpful,
      f.counts.explanations,
      f.reasons.join('；'),
      f.lastReviewAt ? chinaDate(new Date(f.lastReviewAt)) : '',
    ]),
  },
  {
    name: '指南评价',
    header: ['事项', '实施单位', '有帮助', '没帮助'],
    rows: r.votes.map((v) => [v.name, v.unitName, v.helpful, v.unhelpful]),
  },
  {
    name: '无结果的搜索',
    header: ['搜索词（规范化）', '次数', '最近一天'],
    rows: r.misses.map((m) => [m.query, m.count, m.lastDay]),
  },
];

function body(
  r: FeedbackReport,
  manage: boolean,
  csrf: string,
  reasons: Map<string, Array<{ day: string; helpful: number; reason: string }>>,
): HtmlValue {
  const t = r.thresholds;
  return html`<h1>公众反映</h1>
    <p class="muted">公众在办事指南页面对“这个指南对您有帮助吗？”的评价、说明解释申请和无结果的搜索（第二十二条：公众反映强烈的事项应予评估）。
      最近 ${t.windowDays} 天内、自上次核查以来“没帮助”达到 ${t.unhelpful} 次或说明解释申请达到 ${t.explanations} 件的事项列为待复核（FEEDBACK_FLAG_UNHELPFUL、FEEDBACK_FLAG_EXPLANATIONS、FEEDBACK_WINDOW_DAYS）。
      只保存按日汇总的次数和原因文字，不保存评价人的地址、身份或联系方式。</p>
    <form method="get" action="/console/evaluation/feedback" class="filters" role="search" aria-label="选择期间">${periodField(r.period)}<button type="submit">查看</button></form>
    <p class="actions"><a class="button" href="/console/evaluation/feedback.xlsx?${query({ period: r.period.key })}" download>导出 Excel</a> ${pdfLink('feedback', r.period.key)}</p>
    <section><h2>待复核的事项（${r.flags.length}）</h2>
      ${
        r.flags.length
          ? html`<table class="list"><thead><tr><th scope="col">事项</th><th scope="col">实施单位</th><th scope="col">没帮助 / 有帮助</th><th scope="col">说明解释申请</th><th scope="col">标记原因</th><th scope="col">公众填写的原因</th>${manage ? html`<th scope="col">核查</th>` : ''}</tr></thead>
        <tbody>${r.flags.map(
          (
            f,
          ) => html`<tr id="flag-${f.itemId}"><td><a href="/console/items/${f.itemId}">${f.name}</a></td><td>${f.unitName}</td>
          <td class="num">${f.counts.unhelpful} / ${f.counts.helpful}</td><td class="num">${f.counts.explanations}</td><td>${f.reasons.join('；')}${f.lastReviewAt ? html`<br><small>上次核查 ${chinaTime(f.lastReviewAt)}</small>` : ''}</td>
          <td>${(reasons.get(f.itemId) ?? []).length ? html`<ul>${(reasons.get(f.itemId) ?? []).map((x) => html`<li>${x.day}（${x.helpful ? '有帮助' : '没帮助'}）：${x.reason}</li>`)}</ul>` : '—'}</td>
          ${
            manage
              ? html`<td><form method="post" action="/console/evaluation/feedback/${f.itemId}/review" class="stack"><input type="hidden" name="_csrf" value="${csrf}">
            <label for="note-${f.itemId}">核查情况</label><textarea id="note-${f.itemId}" name="note" rows="2" required minlength="4" maxlength="2000"></textarea>
            <button type="submit">已核查</button></form></td>`
              : ''
          }</tr>`,
        )}</tbody></table>`
          : html`<p>没有达到阈值的事项。</p>`
      }</section>
    <section><h2>${r.period.label}的指南评价（${r.votes.length} 个事项）</h2>
      ${
        r.votes.length
          ? html`<table class="list"><thead><tr><th scope="col">事项</th><th scope="col">实施单位</th><th scope="col">有帮助</th><th scope="col">没帮助</th></tr></thead>
        <tbody>${r.votes.map((v) => html`<tr><td><a href="/console/items/${v.itemId}">${v.name}</a></td><td>${v.unitName}</td><td class="num">${v.helpful}</td><td class="num">${v.unhelpful}</td></tr>`)}</tbody></table>`
          : html`<p>期间内没有评价。</p>`
      }</section>
    <section><h2>${r.period.label}无结果的搜索（${r.misses.length}）</h2>
      <p class="muted">公众在门户网站或公共接口搜索全部事项而没有找到结果的搜索词（全角转半角、小写、合并空格后按日计数，不记录搜索人）。可据此补充事项名称的常用说法或发现缺失的事项。</p>
      ${
        r.misses.length
          ? html`<table class="list"><thead><tr><th scope="col">搜索词</th><th scope="col">次数</th><th scope="col">最近一天</th></tr></thead>
        <tbody>${r.misses.map((m) => html`<tr><td>${m.query}</td><td class="num">${m.count}</td><td>${m.lastDay}</td></tr>`)}</tbody></table>`
          : html`<p>期间内没有无结果的搜索。</p>`
      }</section>`;
}

export function registerFeedbackPages(app: App, ctx: AppContext): void {
  const page = async (
    request: Parameters<typeof ucOf>[1],
    reply: Parameters<typeof sendPage>[2],
    raw: string | undefined,
    flash?: { error: string },
  ) => {
    const uc = ucOf(ctx, request);
    const { period, error } = periodOf(raw, chinaDate(ctx.clock.now()));
    const r = await feedbackReport(uc, period);
    const reasons = new Map(
      await Promise.all(r.flags.map(async (f) => [f.itemId, await flagReasonsOf(uc, f.itemId)] as const)),
    );
    const problem = flash?.error ?? error;
    return sendPage(ctx, request, reply, {
      title: '公众反映',
      active: 'evaluation',
      status: problem ? 400 : 200,
      body: html`${evaluationTabs(request.actor, '/console/evaluation/feedback')}${problem ? html`<div class="flash flash-error" role="alert">${problem}</div>` : ''}
        ${body(r, can(request.actor, 'evaluation.manage'), csrfField(request), reasons)}`,
    });
  };
  app.get(
    '/console/evaluation/feedback',
    { config: { access: 'evaluation.read' }, schema: { hide: true, querystring: Query } },
    async (request, reply) => page(request, reply, request.query.period),
  );
  app.get(
    '/console/evaluation/feedback.xlsx',
    { config: { access: 'evaluation.read' }, schema: { hide: true, querystring: Query } },
    async (request, reply) => {
      const { period } = periodOf(request.query.period, chinaDate(ctx.clock.now()));
      const r = await feedbackReport(ucOf(ctx, request), period);
      return reply
        .header('content-disposition', attachment('feedback', '公众反映', period.key.replace(/\./g, '')))
        .header('cache-control', 'no-store')
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await workbookBuffer(feedbackSheets(r)));
    },
  );
  app.post(
    '/console/evaluation/feedback/:itemId/review',
    {
      config: { access: 'evaluation.manage' },
      schema: { hide: true, params: Type.Object({ itemId: Type.String({ maxLength: 64 }) }), body: Form },
    },
    async (request, reply) => {
      const note = typeof request.body.note === 'string' ? request.body.note : '';
      try {
        await reviewFeedback(ucOf(ctx, request), request.params.itemId, note);
      } catch (e) {
        if (isAppError(e) && e.code === 'VALIDATION_FAILED')
          return page(request, reply, undefined, { error: e.issues[0]?.message ?? e.message });
        throw e;
      }
      return seeOther(reply, '/console/evaluation/feedback?msg=reviewed');
    },
  );
}
