import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { sendPage } from '../console/render.js';
import { chinaTime } from '../console/common.js';
import { html, safeHref, type HtmlValue } from '../web/html.js';
import type { CoverageCount, CoverageItem, CoverageReport } from './coverage.js';
import { channelCoverage, onlineCoverage, type ChannelCoverage } from './coverage.report.js';
import { evaluationTabs, pdfLink } from './evaluation.parts.js';
import { attachment, workbookBuffer, type Sheet } from './xlsx.js';
import { chinaDate } from '../shared/clock.js';

export const rateText = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function countTable(caption: string, first: string, rows: CoverageCount[]): HtmlValue {
  return html`<table class="list"><caption>${caption}</caption><thead><tr><th scope="col">${first}</th><th scope="col">在用事项</th><th scope="col">可网上办理</th><th scope="col">依法不予网办</th><th scope="col">既未网办也未豁免</th><th scope="col">网办率</th></tr></thead>
    <tbody>${rows.map((c) => html`<tr><td>${c.name}</td><td class="num">${c.items}</td><td class="num">${c.online}</td><td class="num">${c.exempt}</td><td class="num${c.none ? ' overdue' : ''}">${c.none}</td><td class="num">${rateText(c.rate)}</td></tr>`)}</tbody></table>`;
}

const itemList = (rows: CoverageItem[], extra: (r: CoverageItem) => HtmlValue) =>
  html`<ul>${rows.map((r) => html`<li><a href="/console/items/${r.id}">${r.name}</a>（${r.unitName}）${extra(r)}</li>`)}</ul>`;

function body(c: CoverageReport, ch: ChannelCoverage): HtmlValue {
  return html`<h1>网办率与渠道覆盖</h1>
    <p class="muted">第十一条：除法律、法规另有规定或涉及国家秘密外，所有事项均须实现网上办理。网办率 = 可网上办理的事项 ÷（在用事项 − 依法不予网办的事项）。</p>
    <p class="actions"><a class="button" href="/console/evaluation/coverage.xlsx" download>导出 Excel</a> ${pdfLink('coverage')}</p>
    <p role="status"><strong>全区网办率 ${rateText(c.district.rate)}</strong>：在用事项 ${c.district.items} 项，可网上办理 ${c.district.online} 项，依法不予网办 ${c.district.exempt} 项，既未网办也未说明豁免 ${c.district.none} 项。</p>
    ${countTable('按实施单位', '实施单位', c.byUnit)}
    ${countTable('按事项类型', '事项类型', c.byType)}
    <section><h2>既未网办也未说明豁免的事项（${c.neither.length}）</h2>${c.neither.length ? itemList(c.neither, () => '') : html`<p>没有。</p>`}</section>
    <section><h2>依法不予网办的事项及理由（${c.exemptions.length}）</h2>${c.exemptions.length ? itemList(c.exemptions, (r) => html`：${r.exemption ?? '（未选择情形）'}。${r.reason ?? '（未写明理由）'}`) : html`<p>没有。</p>`}</section>
    <section><h2>单位自建网办系统（第十条）</h2>${
      c.ownSystems.length
        ? html`<table class="list"><thead><tr><th scope="col">实施单位</th><th scope="col">网办系统</th><th scope="col">链接到该系统的事项</th></tr></thead>
      <tbody>${c.ownSystems.map(
        (
          s,
        ) => html`<tr><td>${s.unitName}</td><td>${s.url ? html`<a href="${safeHref(s.url)}" rel="noopener">${s.url}</a>` : '（单位信息未登记系统地址）'}</td>
        <td>${s.items.length ? html`<ul>${s.items.map((i) => html`<li><a href="/console/items/${i.id}">${i.name}</a></li>`)}</ul>` : '（无）'}</td></tr>`,
      )}</tbody></table>`
        : html`<p>没有单位登记自建网办系统。</p>`
    }</section>
    <section><h2>渠道覆盖（第二十条）</h2>
      <p>已登记渠道的单位 ${ch.units.length} 个；已同步 ${ch.counts.current}、落后 ${ch.counts.behind}、内容不一致 ${ch.counts.drifted}、未上报 ${ch.counts.unknown} 个渠道。</p>
      ${
        ch.units.length
          ? html`<table class="list"><caption>已登记部门网站渠道的单位</caption><thead><tr><th scope="col">实施单位</th><th scope="col">渠道</th><th scope="col">状态</th><th scope="col">自</th></tr></thead>
        <tbody>${ch.units.flatMap((u) => u.channels.map((c) => html`<tr><td>${u.unitName}</td><td>${c.name}</td><td><span class="badge badge-${c.state === 'current' ? 'published' : 'overdue'}">${c.stateLabel}</span>${c.behindBy ? `（落后 ${c.behindBy} 次发布）` : ''}</td><td>${chinaTime(c.since)}</td></tr>`))}</tbody></table>`
          : ''
      }
      <h3>未登记渠道的单位（${ch.without.length}）</h3>${ch.without.length ? html`<ul>${ch.without.map((u) => html`<li>${u.unitName}${u.website ? html`（网站 ${u.website}）` : ''}</li>`)}</ul>` : html`<p>所有单位均已登记渠道。</p>`}
    </section>`;
}

export function coverageSheets(c: CoverageReport, ch: ChannelCoverage): Sheet[] {
  const counts = (name: string, first: string, rows: CoverageCount[]): Sheet => ({
    name,
    header: [first, '在用事项', '可网上办理', '依法不予网办', '既未网办也未豁免', '网办率'],
    rows: rows.map((r) => [
      r.name,
      r.items,
      r.online,
      r.exempt,
      r.none,
      r.rate === null ? null : Math.round(r.rate * 1000) / 10,
    ]),
  });
  return [
    counts('网办率', '范围', [c.district, ...c.byUnit]),
    counts('按事项类型', '事项类型', c.byType),
    { name: '未网办未豁免', header: ['事项', '实施单位'], rows: c.neither.map((r) => [r.name, r.unitName]) },
    {
      name: '不予网办',
      header: ['事项', '实施单位', '情形', '理由及依据'],
      rows: c.exemptions.map((r) => [r.name, r.unitName, r.exemption, r.reason]),
    },
    {
      name: '渠道覆盖',
      header: ['实施单位', '渠道', '状态'],
      rows: [
        ...ch.units.flatMap((u) => u.channels.map((x) => [u.unitName, x.name, x.stateLabel])),
        ...ch.without.map((u) => [u.unitName, null, '未登记渠道']),
      ],
    },
  ];
}

export function registerCoveragePages(app: App, ctx: AppContext): void {
  app.get(
    '/console/evaluation/coverage',
    { config: { access: 'evaluation.read' }, schema: { hide: true } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const [c, ch] = await Promise.all([onlineCoverage(uc), channelCoverage(uc)]);
      return sendPage(ctx, request, reply, {
        title: '网办率与渠道覆盖',
        active: 'evaluation',
        body: html`${evaluationTabs(request.actor, '/console/evaluation/coverage')}${body(c, ch)}`,
      });
    },
  );
  app.get(
    '/console/evaluation/coverage.xlsx',
    { config: { access: 'evaluation.read' }, schema: { hide: true } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const [c, ch] = await Promise.all([onlineCoverage(uc), channelCoverage(uc)]);
      return reply
        .header('content-disposition', attachment('coverage', '网办率与渠道覆盖', chinaDate(ctx.clock.now())))
        .header('cache-control', 'no-store')
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await workbookBuffer(coverageSheets(c, ch)));
    },
  );
}
