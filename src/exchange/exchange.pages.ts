import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { can } from '../auth/policy.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { html, type HtmlValue } from '../web/html.js';
import { isUploadedFile, uploadRoutes } from '../web/multipart.js';
import { csrfField, seeOther, sendPage } from '../console/render.js';
import { actionForm, errorBox, Form, formErrors, hiddenFields, str } from '../console/legal/parts.js';
import { EXPORT_FORMATS, exportCatalogue, type ExportFormat } from './export.service.js';
import { isProgressToken, importProgress, trackImport } from './import-progress.js';
import { newId } from '../shared/ids.js';
import { importItems, type ImportReport } from './import.service.js';
import { describeProblem } from './problems.js';
import {
  decideDifference,
  DECISIONS,
  KIND_LABELS,
  reconcile,
  writeReconcileWorkbook,
  type ReconcileReport,
} from './reconcile.service.js';
import { writeWorkbook } from './workbook.js';
import { sampleImportItems, sampleProvincialExport } from '../demo/exchange-samples.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMAT_FILES: Record<ExportFormat, { label: string; file: string; type: string }> = {
  xlsx: { label: '导入模板格式（xlsx，可修改后再导入）', file: 'shixiang-items.xlsx', type: XLSX_TYPE },
  jsonl: { label: 'JSON Lines', file: 'shixiang-items.jsonl', type: 'application/x-ndjson' },
  national: { label: '全国交换格式（up_task_*，JSON）', file: 'up_task.json', type: 'application/json' },
  'national-xlsx': { label: '全国交换格式（up_task_*，xlsx）', file: 'up_task.xlsx', type: XLSX_TYPE },
  cpsv: {
    label: 'CPSV-AP 3.2（JSON-LD，欧盟公共服务词表）',
    file: 'shixiang-cpsv-ap.jsonld',
    type: 'application/ld+json',
  },
};
const UPLOAD_LIMIT = 50 * 1024 * 1024;
const MAX_LISTED = 500;

const download = (reply: FastifyReply, type: string, file: string) =>
  reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${file}"`)
    .header('cache-control', 'no-store');

/** Streams a writer's output as the response body (errors end the stream; nothing was committed by a writer). */
function streamed(write: (out: PassThrough) => Promise<unknown>): PassThrough {
  const out = new PassThrough();
  write(out).catch((err) => out.destroy(err));
  return out;
}

function importResult(r: ImportReport): HtmlValue {
  if (r.problemTotal) {
    return html`<div class="flash flash-error" role="alert"><p>发现 ${r.problemTotal} 处问题，未导入任何数据${r.problemTotal > r.problems.length ? `（列出前 ${r.problems.length} 处）` : ''}：</p>
      <ul>${r.problems.map((p) => html`<li>${describeProblem(p)}</li>`)}</ul></div>`;
  }
  const changed = r.items.filter((i) => i.action !== 'unchanged');
  return html`<p class="flash flash-ok" role="status">${r.applied ? '已导入' : '试导入（未写入任何数据）'}：新增 ${r.counts.create} 项，修改 ${r.counts.change} 项，无变化 ${r.counts.unchanged} 项${r.asPublished ? '；新增事项已直接发布（初始迁移）' : ''}。</p>
    ${
      changed.length
        ? html`<table class="list"><thead><tr><th scope="col">操作</th><th scope="col">实施编码</th><th scope="col">事项名称</th><th scope="col">要素变化</th></tr></thead>
      <tbody>${changed.slice(0, MAX_LISTED).map(
        (
          i,
        ) => html`<tr><td>${i.action === 'create' ? '新增' : '修改'}</td><td><code>${i.taskCode}${i.handlingCode ? `/${i.handlingCode}` : ''}</code></td><td>${i.name}</td>
        <td>${i.changes.slice(0, 20).map((c) => html`<div><code>${c.path}</code> ${c.kind === 'added' ? '新增' : c.kind === 'removed' ? '删除' : '修改'}</div>`)}</td></tr>`,
      )}</tbody></table>`
        : ''
    }`;
}

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function reconcileResult(request: FastifyRequest, r: ReconcileReport): HtmlValue {
  if (r.problemTotal)
    return html`<div class="flash flash-error" role="alert"><p>文件有 ${r.problemTotal} 处问题，无法对账：</p><ul>${r.problems.map((p) => html`<li>${describeProblem(p)}</li>`)}</ul></div>`;
  const t = r.totals;
  return html`<p role="status">仅本系统有 ${t.onlyHere} 项，仅省级系统有 ${t.onlyThere} 项，要素不同 ${t.different} 项${t.decided ? `（另有 ${t.decided} 处差异已处理，不再列出）` : ''}。</p>
    ${r.units.map(
      (u) => html`<section><h2>${u.name} <small class="muted">${u.uscc}</small></h2>
      <table class="list"><thead><tr><th scope="col">事项</th><th scope="col">差异</th><th scope="col">要素</th><th scope="col">本系统</th><th scope="col">省级系统</th><th scope="col">处理</th></tr></thead>
      <tbody>${u.entries.flatMap((e) =>
        (e.differences.length ? e.differences : [undefined]).map(
          (
            d,
          ) => html`<tr><td>${e.name}<br><small><code>${e.taskCode}${e.handlingCode ? `/${e.handlingCode}` : ''}</code></small></td><td>${KIND_LABELS[e.kind]}</td>
        <td>${d ? html`<code>${d.path}</code>` : ''}</td><td>${d ? show(d.ours) : ''}</td><td>${d ? show(d.theirs) : ''}</td>
        <td>${
          d
            ? (['known_divergence', 'keep_ours'] as const).map((decision) =>
                actionForm(
                  request,
                  '/console/exchange/decisions',
                  DECISIONS[decision],
                  hiddenFields({
                    taskCode: e.taskCode,
                    handlingCode: e.handlingCode,
                    path: d.path,
                    decision,
                    theirs: JSON.stringify(d.theirs ?? null),
                  }),
                ),
              )
            : e.kind === 'only_there'
              ? '采用省级：将该事项导入（shixiang import 或上方导入）'
              : '核实是否应报送省级系统'
        }</td></tr>`,
        ),
      )}</tbody></table></section>`,
    )}`;
}

/**
 * 导入导出 in the console: the template, every export format, the bulk import (dry run first, then apply;
 * the centre for any unit, a unit clerk for its own items only) and the reconciliation with the provincial
 * system's export (page and xlsx download).
 */
export function registerExchangePages(app: App, ctx: AppContext): void {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { result?: HtmlValue; errors?: string[]; status?: number } = {},
  ) => {
    const actor = request.actor;
    const q = request.query as Record<string, string> | undefined;
    return sendPage(ctx, request, reply, {
      title: '导入导出',
      active: 'exchange',
      status: o.status,
      scripts: ['exchange.js'],
      body: html`<h1>导入导出</h1>${q?.msg === 'decided' ? html`<p class="flash flash-ok" role="status">已记录处理意见；该差异不再出现在对账结果中（省级系统的值再变化时除外）。</p>` : ''}
      ${errorBox(o.errors ?? [])}${o.result ?? ''}
      <section><h2>导出</h2><p class="muted">模板与本系统的事项要素定义同源生成：表头为中文，带 * 的列必填，枚举列有下拉选项，“填写说明”工作表逐列说明。</p>
        <ul><li><a href="/console/exchange/template.xlsx" download>下载空白导入模板（xlsx）</a></li>
        ${EXPORT_FORMATS.map((f) => html`<li><a href="/console/exchange/export?format=${f}" download>${FORMAT_FILES[f].label}</a></li>`)}</ul>
        <form method="get" action="/console/exchange/export" class="filters"><input type="hidden" name="format" value="national">
          <div class="field"><label for="since">全国交换格式：发布序号之后的变化</label><input id="since" name="since" type="number" min="0" required></div><button type="submit">导出变化</button></form></section>
      ${
        can(actor, 'exchange.import')
          ? html`<section><h2>批量导入</h2>
        <p class="muted">xlsx（导入模板）、CSV（UTF-8 或 GB18030，文件名为工作表名，如“申请材料.csv”）、JSON Lines 或全国交换格式 JSON。默认只试导入：列出将新增、修改（逐项要素差异）和无变化的事项，或逐表逐行逐列列出全部问题；确认无误后勾选“正式导入”再次提交。整个文件要么全部导入，要么不导入。新增事项为草稿。${actor.unitId ? '单位账号只能导入本单位事项。' : ''}</p>
        <form method="post" action="/console/exchange/import" enctype="multipart/form-data" class="stack" data-import-progress><input type="hidden" name="_csrf" value="${csrfField(request)}"><input type="hidden" name="progress" value="${newId()}">
          <div class="field"><label for="file">文件</label><input id="file" name="file" type="file" accept=".xlsx,.csv,.jsonl,.json" required></div>
          <div class="field"><label><input type="checkbox" name="apply" value="1"> 正式导入（不勾选则只试导入）</label></div>
          ${can(actor, 'exchange.migrate') ? html`<div class="field"><label><input type="checkbox" name="asPublished" value="1"> 初始迁移：新增事项直接发布（记入审计）</label></div>` : ''}
          <div class="actions"><button type="submit" class="primary">提交</button></div></form>
        <p id="import-progress" class="muted" role="status" aria-live="polite" hidden></p>
        <p class="muted">试一试：<a href="/console/exchange/sample.xlsx" download>示例导入文件</a>（按本单位已有事项生成的 3 个新事项，可直接导入）。</p></section>`
          : ''
      }
      ${
        can(actor, 'exchange.reconcile')
          ? html`<section><h2>与省级系统对账</h2>
        <p class="muted">上传省级事项动态管理系统导出的本辖区事项（全国交换格式 JSON，或导入模板 xlsx），按单位列出仅本系统有、仅省级系统有和逐项要素不同的事项。</p>
        <form method="post" action="/console/exchange/reconcile" enctype="multipart/form-data" class="stack"><input type="hidden" name="_csrf" value="${csrfField(request)}">
          <div class="field"><label for="province">省级系统导出文件</label><input id="province" name="file" type="file" accept=".json,.xlsx,.jsonl" required></div>
          <div class="field"><label><input type="checkbox" name="xlsx" value="1"> 下载对账结果（xlsx）</label></div>
          <div class="actions"><button type="submit" class="primary">对账</button></div></form>
        <p class="muted">试一试：<a href="/console/exchange/sample-province.json" download>示例省级系统导出</a>（已发布事项，其中少 1 项、多 1 项、1 项有 2 处要素不同）。</p></section>`
          : ''
      }`,
    });
  };

  // Polled by public/exchange.js while the upload form's request runs; 404 when the import is unknown here.
  app.get(
    '/console/exchange/import/progress',
    {
      config: { access: 'exchange.import' },
      schema: { hide: true, querystring: Type.Object({ token: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      const p = importProgress(request.query.token, request.actor!.id);
      return p ? reply.header('cache-control', 'no-store').send(p) : reply.code(404).send({ error: 'unknown' });
    },
  );

  app.get(
    '/console/exchange',
    {
      config: { access: 'exchange.export' },
      schema: { hide: true, querystring: Type.Object({ msg: Type.Optional(Type.String({ maxLength: 20 })) }) },
    },
    (request, reply) => page(request, reply),
  );

  app.get(
    '/console/exchange/template.xlsx',
    { config: { access: 'exchange.export' }, schema: { hide: true } },
    async (_request, reply) =>
      download(reply, XLSX_TYPE, 'shixiang-template.xlsx').send(streamed((out) => writeWorkbook(out))),
  );

  app.get(
    '/console/exchange/sample.xlsx',
    { config: { access: 'exchange.import' }, schema: { hide: true } },
    async (request, reply) => {
      const items = await sampleImportItems(ucOf(ctx, request));
      return download(reply, XLSX_TYPE, 'sample-import.xlsx').send(
        streamed((out) =>
          writeWorkbook(out, async function* () {
            yield* items;
          }),
        ),
      );
    },
  );

  app.get(
    '/console/exchange/sample-province.json',
    { config: { access: 'exchange.reconcile' }, schema: { hide: true } },
    async (request, reply) =>
      download(reply, 'application/json', 'sample-province.json').send(
        JSON.stringify(await sampleProvincialExport(ucOf(ctx, request))),
      ),
  );

  app.get(
    '/console/exchange/export',
    {
      config: { access: 'exchange.export' },
      schema: {
        hide: true,
        querystring: Type.Object({
          format: Type.Enum([...EXPORT_FORMATS], { type: 'string' }),
          since: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
        }),
      },
    },
    async (request, reply) => {
      const { format, since } = request.query;
      const uc = ucOf(ctx, request);
      const f = FORMAT_FILES[format];
      return download(reply, f.type, f.file).send(
        streamed((out) =>
          exportCatalogue(uc, format, out, { version: 'working', ...(since !== undefined ? { sinceSeq: since } : {}) }),
        ),
      );
    },
  );

  uploadRoutes(app, ctx.config, { multipart: true }, (scope) => {
    scope.post(
      '/console/exchange/import',
      { config: { access: 'exchange.import' }, schema: { hide: true, body: Form }, bodyLimit: UPLOAD_LIMIT },
      async (request, reply) => {
        const b = request.body;
        if (!isUploadedFile(b.file) || !b.file.data.length)
          return page(request, reply, { errors: ['请选择要导入的文件'], status: 400 });
        const progress = isProgressToken(b.progress) ? trackImport(b.progress, request.actor!.id) : undefined;
        try {
          const report = await importItems(
            ucOf(ctx, request),
            [{ name: b.file.filename || 'upload', data: b.file.data }],
            {
              apply: str(b.apply) === '1',
              asPublished: str(b.asPublished) === '1',
              ...(progress ? { onProgress: progress.onProgress } : {}),
            },
          );
          return page(request, reply, { result: importResult(report), status: report.problemTotal ? 400 : 200 });
        } catch (e) {
          return page(request, reply, { errors: formErrors(e), status: 400 });
        } finally {
          progress?.end();
        }
      },
    );
    scope.post(
      '/console/exchange/reconcile',
      { config: { access: 'exchange.reconcile' }, schema: { hide: true, body: Form }, bodyLimit: UPLOAD_LIMIT },
      async (request, reply) => {
        const b = request.body;
        if (!isUploadedFile(b.file) || !b.file.data.length)
          return page(request, reply, { errors: ['请选择省级系统导出文件'], status: 400 });
        const report = await reconcile(ucOf(ctx, request), { name: b.file.filename || 'upload', data: b.file.data });
        if (str(b.xlsx) === '1' && !report.problemTotal)
          return download(reply, XLSX_TYPE, 'reconciliation.xlsx').send(
            streamed((out) => writeReconcileWorkbook(out, report)),
          );
        return page(request, reply, {
          result: reconcileResult(request, report),
          status: report.problemTotal ? 400 : 200,
        });
      },
    );
  });

  app.post(
    '/console/exchange/decisions',
    { config: { access: 'exchange.reconcile' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = request.body;
      const decision = str(b.decision);
      let theirs: unknown;
      try {
        theirs = JSON.parse(str(b.theirs) || 'null');
      } catch {
        return page(request, reply, { errors: ['省级系统的值无法识别，请重新对账'], status: 400 });
      }
      if (decision !== 'known_divergence' && decision !== 'keep_ours')
        return page(request, reply, { errors: ['处理方式无效'], status: 400 });
      if (!str(b.taskCode) || !str(b.path))
        return page(request, reply, { errors: ['缺少实施编码或要素'], status: 400 });
      const { changeRequestId } = await decideDifference(ucOf(ctx, request), {
        taskCode: str(b.taskCode).slice(0, 36),
        handlingCode: str(b.handlingCode).slice(0, 50),
        path: str(b.path).slice(0, 500),
        decision,
        theirs,
      });
      // Keep ours opened a change request: show it, the unit's next step.
      return seeOther(reply, changeRequestId ? `/console/changes/${changeRequestId}` : '/console/exchange?msg=decided');
    },
  );
}
