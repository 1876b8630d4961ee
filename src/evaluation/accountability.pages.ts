import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { select } from '../console/legal/parts.js';
import { sendPage } from '../console/render.js';
import { listUnits } from '../units/unit.service.js';
import { chinaDate } from '../shared/clock.js';
import { html, type HtmlValue } from '../web/html.js';
import {
  ACCOUNTABLE_KINDS,
  OUTCOMES,
  type AccountabilityRow,
  type AccountabilityTotals,
  type AccountableKind,
} from './accountability.js';
import { accountabilityReport, type AccountabilityFilter, type AccountabilityReport } from './accountability.report.js';
import { evaluationTabs, pdfLink, periodField, periodOf, query } from './evaluation.parts.js';
import { attachment, workbookBuffer, type Sheet } from './xlsx.js';

const Query = Type.Record(Type.String(), Type.String());

export const RECORD_LINKS: Record<AccountableKind, string> = {
  change_request: '/console/changes/',
  obligation: '/console/obligations/',
  explanation: '/console/explanations/',
  spot_check: '/console/spot-checks/',
};

const isKey = <T extends string>(v: string, allowed: Record<T, unknown>): v is T => Object.hasOwn(allowed, v);
const pick = <T extends string>(v: string | undefined, allowed: Record<T, unknown>): T | undefined =>
  v && isKey(v, allowed) ? v : undefined;

function filterOf(q: Record<string, string>, today: string): { filter: AccountabilityFilter; error: string | null } {
  const { period, error } = periodOf(q.period, today);
  return {
    filter: {
      period,
      unitId: q.unitId || undefined,
      kind: pick(q.kind, ACCOUNTABLE_KINDS),
      outcome: pick(q.outcome, OUTCOMES),
      accountId: q.accountId || undefined,
    },
    error,
  };
}

const lateText = (r: AccountabilityRow) =>
  r.workingDaysLate === null ? '（节假日安排未覆盖）' : String(r.workingDaysLate);

function totalsTable(
  caption: string,
  first: string,
  rows: AccountabilityTotals[],
  link: (t: AccountabilityTotals) => string,
): HtmlValue {
  if (!rows.length) return '';
  return html`<table class="list"><caption>${caption}</caption><thead><tr><th scope="col">${first}</th><th scope="col">逾期完成</th><th scope="col">超期未办</th><th scope="col">合计逾期工作日</th></tr></thead>
    <tbody>${rows.map((t) => html`<tr><td><a href="${link(t)}">${t.name}</a></td><td>${t.late}</td><td>${t.neverDone}</td><td>${t.workingDaysLate}</td></tr>`)}</tbody></table>`;
}

function reportBody(
  r: AccountabilityReport,
  f: AccountabilityFilter,
  units: Array<readonly [string, string]>,
  error: string | null,
): HtmlValue {
  const params = { period: f.period.key, unitId: f.unitId, kind: f.kind, outcome: f.outcome, accountId: f.accountId };
  const self = (extra: Record<string, string | undefined>) =>
    `/console/evaluation/accountability?${query({ ...params, ...extra })}`;
  return html`<h1>问责报告（第二十三条）</h1>
    <p class="muted">${f.period.label}（${f.period.from} 至 ${f.period.to}）期限届满的调整申请、调整义务、说明解释申请和监督检查整改中，逾期完成或超期未办的全部记录，按事由发生日、期限、完成日和逾期工作日列出；完成后仍保留在报告中。统计截至 ${r.today}。</p>
    ${error ? html`<div class="flash flash-error" role="alert">${error}</div>` : ''}
    <form method="get" action="/console/evaluation/accountability" class="filters" role="search" aria-label="筛选问责报告">
      ${periodField(f.period)}
      ${select('unitId', '实施单位', units, f.unitId, { blank: '全部' })}
      ${select('kind', '类别', Object.entries(ACCOUNTABLE_KINDS), f.kind, { blank: '全部' })}
      ${select('outcome', '情形', Object.entries(OUTCOMES), f.outcome, { blank: '全部' })}
      ${f.accountId ? html`<input type="hidden" name="accountId" value="${f.accountId}">` : ''}
      <button type="submit">筛选</button>
    </form>
    <p class="actions"><a class="button" href="/console/evaluation/accountability.xlsx?${query(params)}" download>导出 Excel</a> ${pdfLink('accountability', params.period)} <span class="muted">打印：使用浏览器的打印功能，筛选栏和导航不会打印。</span></p>
    ${f.accountId ? html`<p>仅看经办账号：${r.byAccount[0]?.name ?? f.accountId} · <a href="${self({ accountId: undefined })}">显示全部账号</a></p>` : ''}
    <p role="status">共 ${r.rows.length} 条：逾期完成 ${r.rows.filter((x) => x.outcome === 'late').length} 条，超期未办 ${r.rows.filter((x) => x.outcome === 'never_done').length} 条，合计逾期 ${r.rows.reduce((s, x) => s + (x.workingDaysLate ?? 0), 0)} 个工作日。</p>
    ${totalsTable('按实施单位', '实施单位', r.byUnit, (t) => self({ unitId: t.key }))}
    ${totalsTable('按经办账号（依审计记录）', '经办账号', r.byAccount, (t) => self({ accountId: t.key }))}
    ${
      r.rows.length
        ? html`<table class="list"><caption>明细</caption><thead><tr><th scope="col">实施单位</th><th scope="col">类别</th><th scope="col">事项</th><th scope="col">事由发生日</th><th scope="col">期限</th><th scope="col">完成日</th><th scope="col">逾期工作日</th><th scope="col">经办账号</th></tr></thead>
      <tbody>${r.rows.map(
        (
          x,
        ) => html`<tr><td>${x.unitName}</td><td>${ACCOUNTABLE_KINDS[x.kind]}</td><td><a href="${RECORD_LINKS[x.kind]}${x.id}">${x.title}</a></td>
        <td>${x.arisenOn}</td><td>${x.dueOn}</td><td>${x.doneOn ?? html`<span class="overdue">${OUTCOMES.never_done}</span>`}</td><td class="num">${lateText(x)}</td><td>${x.responsibleName ?? '—'}</td></tr>`,
      )}</tbody></table>`
        : html`<p>该期间没有逾期或超期未办的记录。</p>`
    }`;
}

/** The rows of the export, the same figures as the page. */
export function accountabilitySheets(r: AccountabilityReport): Sheet[] {
  const totals = (name: string, first: string, rows: AccountabilityTotals[]): Sheet => ({
    name,
    header: [first, '逾期完成', '超期未办', '合计逾期工作日'],
    rows: rows.map((t) => [t.name, t.late, t.neverDone, t.workingDaysLate]),
  });
  return [
    {
      name: '明细',
      header: ['实施单位', '类别', '事项', '事由发生日', '期限', '完成日', '情形', '逾期工作日', '经办账号'],
      rows: r.rows.map((x) => [
        x.unitName,
        ACCOUNTABLE_KINDS[x.kind],
        x.title,
        x.arisenOn,
        x.dueOn,
        x.doneOn,
        OUTCOMES[x.outcome],
        x.workingDaysLate,
        x.responsibleName,
      ]),
    },
    totals('按实施单位', '实施单位', r.byUnit),
    totals('按经办账号', '经办账号', r.byAccount),
  ];
}

export function registerAccountabilityPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/evaluation/accountability',
    { config: { access: 'evaluation.read' }, schema: { hide: true, querystring: Query } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const { filter, error } = filterOf(request.query, chinaDate(ctx.clock.now()));
      const report = await accountabilityReport(uc, filter);
      const units = (await listUnits(uc)).map((u) => [u.id, u.name] as const);
      return sendPage(ctx, request, reply, {
        title: '问责报告',
        active: 'evaluation',
        status: error ? 400 : 200,
        body: html`${evaluationTabs(request.actor, '/console/evaluation/accountability')}${reportBody(report, filter, units, error)}`,
      });
    },
  );

  app.get(
    '/console/evaluation/accountability.xlsx',
    { config: { access: 'evaluation.read' }, schema: { hide: true, querystring: Query } },
    async (request, reply) => {
      const { filter } = filterOf(request.query, chinaDate(ctx.clock.now()));
      const report = await accountabilityReport(ucOf(ctx, request), filter);
      return reply
        .header('content-disposition', attachment('accountability', '问责报告', filter.period.key.replace(/\./g, '')))
        .header('cache-control', 'no-store')
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await workbookBuffer(accountabilitySheets(report)));
    },
  );
}
