import Type from 'typebox';
import type { AppContext } from '../../app/context.js';
import { can } from '../../auth/policy.js';
import { consistencyReport, FINDING_KINDS } from '../../consistency/consistency.report.js';
import { codesOf, isCodeOf } from '../../domain/enums.js';
import { findingLink } from '../../consistency/consistency.routes.js';
import type { App } from '../../http/app-type.js';
import { ucOf } from '../../http/use-case.js';
import { listUnits } from '../../units/unit.service.js';
import { html } from '../../web/html.js';
import { sendPage } from '../render.js';
import { select } from '../legal/parts.js';
import { chinaTime } from '../common.js';

const MAX_ROWS = 2000;

/** The Art. 8 consistency report in the console: counts by kind, findings grouped by unit, links to fix, CSV export. */
export function registerConsistencyPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/consistency',
    {
      config: { access: 'consistency.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const q = request.query;
      const kind = isCodeOf(FINDING_KINDS, q.kind) ? q.kind : undefined;
      const uc = ucOf(ctx, request);
      const report = await consistencyReport(uc, { unitId: q.unitId || undefined, kind });
      const units = can(request.actor, 'unit.read') ? (await listUnits(uc)).map((u) => [u.id, u.name] as const) : [];
      const exportQuery = new URLSearchParams(
        Object.entries({ unitId: q.unitId ?? '', kind: kind ?? '' }).filter(([, v]) => v),
      ).toString();
      let shown = 0;
      return sendPage(ctx, request, reply, {
        title: '一致性检查',
        active: 'consistency',
        body: html`<div class="page-head"><h1>一致性检查</h1><a class="button" href="/api/v1/consistency/export${exportQuery ? `?${exportQuery}` : ''}" download>导出 CSV</a></div>
      <p class="muted">第八条：同一政务服务事项在不同层级、不同区域应保持事项名称、事项编码、事项类型、设定依据一致。检查全部实施单位的主项、子项（不含已取消事项），并与基本目录比对。</p>
      <form method="get" action="/console/consistency" class="filters" role="search" aria-label="筛选">
        ${units.length ? select('unitId', '实施单位', units, q.unitId, { blank: '全部' }) : ''}
        ${select('kind', '问题', Object.entries(FINDING_KINDS), kind, { blank: '全部' })}
        <button type="submit">筛选</button>
      </form>
      <p role="status">检查事项 ${report.itemCount} 项，发现问题 <strong>${report.findingCount}</strong> 处，涉及 ${report.units.length} 个单位。生成于 ${chinaTime(report.generatedAt)}。</p>
      ${
        report.findingCount
          ? html`<table class="list"><caption>按问题类型</caption><thead><tr><th scope="col">问题</th><th scope="col">数量</th></tr></thead>
        <tbody>${codesOf(FINDING_KINDS)
          .filter((k) => report.byKind[k])
          .map(
            (k) =>
              html`<tr><td><a href="/console/consistency?kind=${k}${q.unitId ? `&unitId=${q.unitId}` : ''}">${FINDING_KINDS[k]}</a></td><td>${report.byKind[k]}</td></tr>`,
          )}</tbody></table>`
          : html`<p class="flash flash-ok">未发现不一致。</p>`
      }
      ${report.units.map((u) => {
        if (shown >= MAX_ROWS) return '';
        const rows = u.findings.slice(0, MAX_ROWS - shown);
        shown += rows.length;
        return html`<section><h2>${u.unitName} <small class="muted">${u.regionCode}</small>（${u.findings.length}）</h2>
          <table class="list"><thead><tr><th scope="col">事项</th><th scope="col">基本编码</th><th scope="col">问题</th><th scope="col">说明</th><th scope="col">修正</th></tr></thead>
          <tbody>${rows.map((f) => html`<tr><td>${f.itemName}<br><small><code>${f.taskCode}</code></small></td><td><code>${f.catalogCode}</code></td><td>${FINDING_KINDS[f.kind]}</td><td>${f.message}</td><td><a href="${findingLink(f)}">去修正</a></td></tr>`)}</tbody></table></section>`;
      })}
      ${shown < report.findingCount ? html`<p class="muted">页面仅显示前 ${MAX_ROWS} 处，完整结果请导出 CSV 或按单位筛选。</p>` : ''}`,
      });
    },
  );
}
