import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { sendPage } from '../console/render.js';
import { chinaDate } from '../shared/clock.js';
import { html } from '../web/html.js';
import { dashboard } from './dashboard.report.js';
import { evaluationTabs, pdfLink, periodField, periodOf, query } from './evaluation.parts.js';
import { barChart, type ChartSpec } from './svg-chart.js';
import { attachment, workbookBuffer, type Sheet } from './xlsx.js';

const Query = Type.Record(Type.String(), Type.String());

/** One sheet per chart, the same labels and shown values as the page. */
export const dashboardSheets = (charts: ChartSpec[]): Sheet[] =>
  charts.map((c) => ({
    name: c.title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31),
    header: ['项目', c.valueLabel],
    rows: c.bars.map((b) => [b.label, b.text]),
  }));

export function registerDashboardPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/evaluation',
    { config: { access: 'evaluation.read' }, schema: { hide: true, querystring: Query } },
    async (request, reply) => {
      const { period, error } = periodOf(request.query.period, chinaDate(ctx.clock.now()));
      const charts = await dashboard(ucOf(ctx, request), period);
      return sendPage(ctx, request, reply, {
        title: '评估看板',
        active: 'evaluation',
        status: error ? 400 : 200,
        body: html`${evaluationTabs(request.actor, '/console/evaluation')}<h1>评估看板</h1>
        ${error ? html`<div class="flash flash-error" role="alert">${error}</div>` : ''}
        <form method="get" action="/console/evaluation" class="filters" role="search" aria-label="选择期间">${periodField(period)}<button type="submit">查看</button></form>
        <p class="actions"><a class="button" href="/console/evaluation/dashboard.xlsx?${query({ period: period.key })}" download>导出 Excel</a> ${pdfLink('dashboard', period.key)} <span class="muted">图表可直接打印；每个图表下附数据表。</span></p>
        <div class="charts">${charts.map((c) => (c.bars.length ? barChart(c) : html`<section><h2>${c.title}</h2><p>暂无数据。</p></section>`))}</div>`,
      });
    },
  );
  app.get(
    '/console/evaluation/dashboard.xlsx',
    { config: { access: 'evaluation.read' }, schema: { hide: true, querystring: Query } },
    async (request, reply) => {
      const { period } = periodOf(request.query.period, chinaDate(ctx.clock.now()));
      const charts = await dashboard(ucOf(ctx, request), period);
      return reply
        .header('content-disposition', attachment('dashboard', '评估看板', period.key.replace(/\./g, '')))
        .header('cache-control', 'no-store')
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await workbookBuffer(dashboardSheets(charts)));
    },
  );
}
