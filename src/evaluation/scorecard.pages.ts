import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { sendPage } from '../console/render.js';
import { chinaDate } from '../shared/clock.js';
import { errors } from '../shared/errors.js';
import { html, type HtmlValue } from '../web/html.js';
import { RECORD_LINKS } from './accountability.pages.js';
import { evaluationTabs, pdfLink, periodField, periodOf, query } from './evaluation.parts.js';
import { METRIC_KEYS, METRICS, type Evidence, type Scorecard, type Weights } from './scorecard.js';
import { scorecardReport, type ScorecardReport } from './scorecard.report.js';
import { attachment, workbookBuffer, type Sheet } from './xlsx.js';

const Query = Type.Record(Type.String(), Type.String());
const EVIDENCE_LINKS: Record<Evidence['kind'], string> = { ...RECORD_LINKS, item: '/console/items/' };

/** The formula as shown on the page (and in the export): weights and what each sub-score is. */
function formula(w: Weights, staleMonths: number): HtmlValue {
  const sum = METRIC_KEYS.reduce((s, m) => s + w[m], 0);
  return html`<details class="rules" open><summary>评分公式</summary>
    <p>总分 = 100 × Σ（权重 × 分项得分）÷ ${sum}（权重合计）。权重由配置项 EVALUATION_WEIGHTS 设定，复核周期 ${staleMonths} 个月（EVALUATION_STALE_MONTHS）。</p>
    <table class="list"><thead><tr><th scope="col">分项</th><th scope="col">权重</th><th scope="col">分项得分（0–1）</th></tr></thead>
    <tbody>${METRIC_KEYS.map((m) => html`<tr><td>${METRICS[m].label}</td><td>${w[m]}</td><td>${METRICS[m].formula}</td></tr>`)}</tbody></table></details>`;
}

const unitHref = (c: Scorecard, period: string, metric?: string) =>
  `/console/evaluation/scorecards/${c.unitId}?${query({ period })}${metric ? `#${metric}` : ''}`;

function listBody(r: ScorecardReport, w: Weights, staleMonths: number, error: string | null): HtmlValue {
  return html`<h1>单位评分</h1>
    <p class="muted">${r.period.label}（${r.period.from} 至 ${r.period.to}）。调整及时、按期答复按期限在该期间内的记录计算；要素完备、指南精准、网办率、链接、义务和复核为截至 ${r.today} 的现状。点击数字查看其所依据的事项或记录。</p>
    ${error ? html`<div class="flash flash-error" role="alert">${error}</div>` : ''}
    <form method="get" action="/console/evaluation/scorecards" class="filters" role="search" aria-label="选择期间">${periodField(r.period)}<button type="submit">查看</button></form>
    <p class="actions"><a class="button" href="/console/evaluation/scorecards.xlsx?${query({ period: r.period.key })}" download>导出 Excel</a> ${pdfLink('scorecards', r.period.key)}</p>
    ${formula(w, staleMonths)}
    <table class="list"><caption>各单位得分（${r.cards.length} 个单位）</caption><thead><tr><th scope="col">实施单位</th><th scope="col">总分</th><th scope="col">在用事项</th>
      ${METRIC_KEYS.map((m) => html`<th scope="col">${METRICS[m].label}</th>`)}<th scope="col">合计逾期工作日</th></tr></thead>
    <tbody>${r.cards.map(
      (
        c,
      ) => html`<tr><td><a href="${unitHref(c, r.period.key)}">${c.unitName}</a></td><td class="num"><strong>${c.total.toFixed(1)}</strong></td><td class="num">${c.itemCount}</td>
      ${METRIC_KEYS.map((m) => html`<td class="num"><a href="${unitHref(c, r.period.key, m)}">${c.figures[m].text}</a></td>`)}<td class="num">${c.workingDaysLate}</td></tr>`,
    )}</tbody></table>`;
}

function unitBody(c: Scorecard, r: ScorecardReport): HtmlValue {
  return html`<h1>${c.unitName}：单位评分 ${c.total.toFixed(1)}</h1>
    <p class="muted">${r.period.label}。<a href="/console/evaluation/scorecards?${query({ period: r.period.key })}">返回全部单位</a> · <a href="/console/evaluation/accountability?${query({ period: r.period.key, unitId: c.unitId })}">本单位问责报告</a></p>
    ${METRIC_KEYS.map((m) => {
      const f = c.figures[m];
      return html`<section id="${m}"><h2>${METRICS[m].label}：${f.text}（得分 ${f.score.toFixed(2)}）</h2><p class="muted">${METRICS[m].formula}</p>
        ${f.evidence.length ? html`<ul>${f.evidence.map((e) => html`<li><a href="${EVIDENCE_LINKS[e.kind]}${e.id}">${e.title}</a> <small>${e.note}</small></li>`)}</ul>` : html`<p>没有扣分的记录。</p>`}</section>`;
    })}`;
}

export function scorecardSheets(r: ScorecardReport): Sheet[] {
  return [
    {
      name: '单位评分',
      header: ['实施单位', '总分', '在用事项', ...METRIC_KEYS.map((m) => METRICS[m].label), '合计逾期工作日'],
      rows: r.cards.map((c) => [
        c.unitName,
        c.total,
        c.itemCount,
        ...METRIC_KEYS.map((m) => c.figures[m].text),
        c.workingDaysLate,
      ]),
    },
    {
      name: '扣分明细',
      header: ['实施单位', '分项', '事项或记录', '说明'],
      rows: r.cards.flatMap((c) =>
        METRIC_KEYS.flatMap((m) => c.figures[m].evidence.map((e) => [c.unitName, METRICS[m].label, e.title, e.note])),
      ),
    },
  ];
}

export function registerScorecardPages(app: App, ctx: AppContext): void {
  const { weights, staleMonths } = ctx.config.evaluation;
  app.get(
    '/console/evaluation/scorecards',
    { config: { access: 'evaluation.read' }, schema: { hide: true, querystring: Query } },
    async (request, reply) => {
      const { period, error } = periodOf(request.query.period, chinaDate(ctx.clock.now()));
      const r = await scorecardReport(ucOf(ctx, request), { period });
      return sendPage(ctx, request, reply, {
        title: '单位评分',
        active: 'evaluation',
        status: error ? 400 : 200,
        body: html`${evaluationTabs(request.actor, '/console/evaluation/scorecards')}${listBody(r, weights, staleMonths, error)}`,
      });
    },
  );
  app.get(
    '/console/evaluation/scorecards/:unitId',
    {
      config: { access: 'evaluation.read' },
      schema: { hide: true, querystring: Query, params: Type.Object({ unitId: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      const { period } = periodOf(request.query.period, chinaDate(ctx.clock.now()));
      const r = await scorecardReport(ucOf(ctx, request), { period, unitId: request.params.unitId });
      const card = r.cards[0];
      if (!card) throw errors.notFound('实施单位');
      return sendPage(ctx, request, reply, {
        title: `单位评分：${card.unitName}`,
        active: 'evaluation',
        body: html`${evaluationTabs(request.actor, '/console/evaluation/scorecards')}${unitBody(card, r)}`,
      });
    },
  );
  app.get(
    '/console/evaluation/scorecards.xlsx',
    { config: { access: 'evaluation.read' }, schema: { hide: true, querystring: Query } },
    async (request, reply) => {
      const { period } = periodOf(request.query.period, chinaDate(ctx.clock.now()));
      const r = await scorecardReport(ucOf(ctx, request), { period });
      return reply
        .header('content-disposition', attachment('scorecards', '单位评分', period.key.replace(/\./g, '')))
        .header('cache-control', 'no-store')
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await workbookBuffer(scorecardSheets(r)));
    },
  );
}
