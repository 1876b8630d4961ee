import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { CatalogCode } from '../../domain/schema-helpers.js';
import type { AppContext } from '../../app/context.js';
import { can } from '../../auth/policy.js';
import {
  XLSX_COLUMNS,
  parseJsonVersion,
  parseXlsxVersion,
  SOURCE_LEVELS,
  VersionMeta,
} from '../../catalogue/catalogue.import.js';
import { DivergenceAnswerBody, ENTRY_STATUSES } from '../../catalogue/catalogue.schema.js';
import { listCatalogue } from '../../catalogue/catalogue.service.js';
import {
  compareVersions,
  getVersion,
  importVersion,
  listVersions,
  type FieldChange,
} from '../../catalogue/catalogue-version.service.js';
import { appliesAt, claimEntry, listClaims } from '../../catalogue/claim.service.js';
import { claimCoverage } from '../../catalogue/coverage.js';
import {
  answerDivergence,
  DIVERGENCE_FIELDS,
  DIVERGENCE_STATUSES,
  listDivergences,
  requestDivergence,
} from '../../catalogue/divergence.service.js';
import { INHERITED_FIELDS } from '../../catalogue/inheritance.js';
import { getClaimComparison, takeOver } from '../../catalogue/takeover.service.js';
import type { Citation } from '../../domain/item-content.js';
import { codesOf, isCodeOf, ITEM_TYPES, USE_LEVELS, label } from '../../domain/enums.js';
import type { App } from '../../http/app-type.js';
import { ucOf } from '../../http/use-case.js';
import { claimedCatalogCodes } from '../../items/item.queries.js';
import { citationText } from '../../legal/basis-key.js';
import { errors, isAppError } from '../../shared/errors.js';
import { parseStored } from '../../shared/json.js';
import { checkInput } from '../../shared/schema-issues.js';
import { html, type HtmlValue } from '../../web/html.js';
import { isUploadedFile, uploadRoutes } from '../../web/multipart.js';
import { csrfField, seeOther, sendPage } from '../render.js';
import {
  actionForm,
  catalogueTabs,
  errorBox,
  Form,
  formErrors,
  input,
  pager,
  select,
  str,
  textarea,
} from '../legal/parts.js';
import { pageNumber } from '../format.js';
import { chinaTime, issueMessages, jsonSyntaxMessage, locatedIssueMessages } from '../common.js';

/** The version fields of the upload form (a JSON file may carry them too), named as the form names them. */
const VERSION_LABELS = {
  label: '版本名称',
  sourceLevel: '目录发布层级',
  docNo: '发布文号',
  effectiveOn: '生效日期',
  entries: '条目',
};

const ItemParam = Type.Object({ itemId: Type.String({ maxLength: 64 }) });
const CodeParam = Type.Object({ code: CatalogCode() });
const basisList = (basis: readonly Citation[]) =>
  basis.length
    ? html`<ul class="basis">${basis.map((c) => html`<li>${citationText(c)}</li>`)}</ul>`
    : html`<span class="empty">（无）</span>`;
const levels = (json: string) =>
  parseStored<string[]>(json)
    .map((l) => label(USE_LEVELS, l))
    .join('、');

function valueText(field: string, v: unknown): HtmlValue {
  if (v === null || v === undefined || v === '') return html`<span class="empty">（无）</span>`;
  if (field === 'setBasis') return basisList(v as Citation[]);
  if (field === 'type') return label(ITEM_TYPES, String(v));
  if (field === 'useLevels') return (v as string[]).map((l) => label(USE_LEVELS, l)).join('、');
  if (field === 'status') return label(ENTRY_STATUSES, String(v));
  return String(v);
}

/**
 * Console pages of the base catalogue: entries with 认领, imported versions with their comparison, claimed
 * items with the side-by-side 需复核 view and "采用新文本", coverage (应认尽认) and divergence requests.
 */
export function registerCataloguePages(app: App, ctx: AppContext): void {
  app.get(
    '/console/catalogue',
    {
      config: { access: 'catalogue.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const q = request.query;
      const page = pageNumber(q.page);
      const uc = ucOf(ctx, request);
      const type = q.type || undefined;
      // A type that is no item type matches no entry.
      const { rows, total } =
        type !== undefined && !isCodeOf(ITEM_TYPES, type)
          ? { rows: [], total: 0 }
          : await listCatalogue(uc, { q: q.q || undefined, type, offset: (page - 1) * 50, limit: 50 });
      const mine = await claimedCatalogCodes(
        uc,
        rows.map((r) => r.catalog_code),
      );
      const claimable = can(request.actor, 'catalogue.claim');
      const level = ctx.config.jurisdiction.level;
      return sendPage(ctx, request, reply, {
        title: '基本目录',
        active: 'catalogue',
        body: html`<h1>基本目录</h1>${catalogueTabs(request.actor, '/console/catalogue')}
      <form method="get" action="/console/catalogue" class="filters" role="search" aria-label="查找基本目录条目">
        <div class="field"><label for="q">名称或基本编码</label><input id="q" name="q" value="${q.q ?? ''}"></div>
        ${select('type', '事项类型', Object.entries(ITEM_TYPES), q.type, { blank: '全部' })}
        <button type="submit">查找</button>
      </form>
      <table class="list"><caption class="visually-hidden">基本目录条目</caption>
        <thead><tr><th scope="col">基本编码</th><th scope="col">事项名称</th><th scope="col">类型</th><th scope="col">行使层级</th><th scope="col">设定依据</th><th scope="col">状态</th><th scope="col">已实施</th>${claimable ? html`<th scope="col">认领</th>` : ''}</tr></thead>
        <tbody>${rows.map(
          (
            e,
          ) => html`<tr><td><code>${e.catalog_code}</code></td><td>${e.name}</td><td>${label(ITEM_TYPES, e.type)}</td><td>${levels(e.use_levels)}</td>
          <td>${basisList(parseStored(e.set_basis))}</td><td>${label(ENTRY_STATUSES, e.status)}</td><td>${e.claim_count}</td>
          ${
            claimable
              ? html`<td>${
                  mine.has(e.catalog_code)
                    ? '本单位已实施'
                    : e.status === 'active' && appliesAt(e, level)
                      ? actionForm(request, `/console/catalogue/${e.catalog_code}/claim`, '认领')
                      : html`<span class="muted">不适用本级</span>`
                }</td>`
              : ''
          }</tr>`,
        )}</tbody></table>
      ${pager('/console/catalogue', { q: q.q, type: q.type }, page, 50, total)}`,
      });
    },
  );

  app.post(
    '/console/catalogue/:code/claim',
    { config: { access: 'catalogue.claim' }, schema: { hide: true, params: CodeParam, body: Form } },
    async (request, reply) => {
      const item = await claimEntry(ucOf(ctx, request), request.params.code);
      return seeOther(reply, `/console/items/${item.id}/edit?msg=claimed`);
    },
  );

  // ---- versions ----
  const versionsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { errors?: string[]; status?: number; body?: Record<string, unknown> } = {},
  ) => {
    const versions = await listVersions(ucOf(ctx, request));
    const b = o.body ?? {};
    return sendPage(ctx, request, reply, {
      title: '基本目录版本',
      active: 'catalogue',
      status: o.status,
      body: html`<h1>基本目录版本</h1>${catalogueTabs(request.actor, '/console/catalogue/versions')}
      <table class="list"><thead><tr><th scope="col">版本</th><th scope="col">名称</th><th scope="col">生效日期</th><th scope="col">条目</th><th scope="col">新增/取消/变化</th><th scope="col">需复核事项</th><th scope="col">导入时间</th></tr></thead>
        <tbody>${versions.map((v) => {
          const s = parseStored<Record<string, number>>(v.summary);
          return html`<tr><td>第 ${v.seq} 版</td><td><a href="/console/catalogue/versions/${v.id}">${v.label}</a></td><td>${v.effective_on}</td><td>${v.entry_count}</td><td>${s.added ?? 0} / ${s.removed ?? 0} / ${s.changed ?? 0}</td><td>${s.flagged ?? 0}</td><td>${chinaTime(v.imported_at)}</td></tr>`;
        })}</tbody></table>
      ${versions.length ? '' : html`<p class="muted">尚未导入基本目录版本。</p>`}
      ${
        can(request.actor, 'catalogue.manage')
          ? html`<section><h2>导入新版本</h2>${errorBox(o.errors ?? [])}
        <p class="muted">JSON 或 xlsx 文件。xlsx 第一行为表头：${Object.keys(XLSX_COLUMNS).join('、')}（列顺序不限；事项类型、行使层级可填代码或名称，设定依据每行一条）。文件中每一条都会校验，有任何错误都不会导入。JSON 文件中的版本信息可由下列字段覆盖；xlsx 文件须填写下列版本信息。</p>
        <form method="post" action="/console/catalogue/versions" enctype="multipart/form-data" class="stack">
          <input type="hidden" name="_csrf" value="${csrfField(request)}">
          <div class="field"><label for="file">文件（.json 或 .xlsx）</label><input id="file" name="file" type="file" accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></div>
          ${input('label', '版本名称', str(b.label), { help: '如：山西省政务服务事项基本目录（2026年版）' })}
          ${select('sourceLevel', '目录发布层级', Object.entries(SOURCE_LEVELS), str(b.sourceLevel) || '2')}
          ${input('docNo', '发布文号', str(b.docNo))}
          ${input('effectiveOn', '生效日期', str(b.effectiveOn), { type: 'date' })}
          <div class="actions"><button type="submit" class="primary">导入</button></div>
        </form></section>`
          : ''
      }`,
    });
  };

  app.get(
    '/console/catalogue/versions',
    { config: { access: 'catalogue.read' }, schema: { hide: true } },
    async (request, reply) => versionsPage(request, reply),
  );

  // The upload form (multipart, 10 MB) in its own plugin: no other route parses multipart bodies.
  uploadRoutes(app, ctx.config, { multipart: true }, (scope) => {
    scope.post(
      '/console/catalogue/versions',
      { config: { access: 'catalogue.manage' }, schema: { hide: true, body: Form }, bodyLimit: 10 * 1024 * 1024 },
      async (request, reply) => {
        const b = request.body;
        const file = b.file;
        const meta = {
          label: str(b.label),
          sourceLevel: str(b.sourceLevel),
          effectiveOn: str(b.effectiveOn),
          ...(str(b.docNo) ? { docNo: str(b.docNo) } : {}),
        };
        const fail = (messages: string[]) => versionsPage(request, reply, { errors: messages, status: 400, body: b });
        if (!isUploadedFile(file) || !file.data.length) return fail(['请选择要导入的文件']);
        try {
          let input;
          if (/\.json$/i.test(file.filename) || file.contentType.includes('json')) {
            let doc: Record<string, unknown>;
            const text = file.data.toString('utf8').replace(/^\uFEFF/, '');
            try {
              doc = JSON.parse(text);
            } catch (e) {
              throw errors.field('file', jsonSyntaxMessage(text, e));
            }
            const overrides = Object.fromEntries(Object.entries(meta).filter(([, v]) => v));
            input = parseJsonVersion({ ...doc, ...overrides }, file.filename);
          } else {
            const checked = checkInput(VersionMeta, meta);
            if (!checked.ok) return fail(issueMessages(checked.issues));
            input = await parseXlsxVersion(file.data, checked.value, file.filename);
          }
          const { version } = await importVersion(ucOf(ctx, request), input);
          return seeOther(reply, `/console/catalogue/versions/${version.id}?msg=imported`);
        } catch (e) {
          return fail(
            isAppError(e) && e.issues.length && e.status < 500
              ? locatedIssueMessages(e.issues, { file: '文件', ...VERSION_LABELS })
              : formErrors(e),
          );
        }
      },
    );
  });

  app.get(
    '/console/catalogue/versions/:id',
    {
      config: { access: 'catalogue.read' },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const { version, entries } = await getVersion(uc, request.params.id);
      const cmp = await compareVersions(uc, version.id);
      const s = parseStored<Record<string, number>>(version.summary);
      const changeRow = (code: string, name: string, c: FieldChange) =>
        html`<tr><td><code>${code}</code></td><td>${name}</td><td>${c.label}${c.inherited ? html` <span class="badge badge-warning">继承要素</span>` : ''}</td><td class="diff-removed-cell">${valueText(c.field, c.before)}</td><td class="diff-added-cell">${valueText(c.field, c.after)}</td></tr>`;
      return sendPage(ctx, request, reply, {
        title: version.label,
        active: 'catalogue',
        body: html`<h1>${version.label}</h1>${catalogueTabs(request.actor, '')}
      <dl class="kv"><dt>版本</dt><dd>第 ${version.seq} 版</dd><dt>发布层级</dt><dd>${label(SOURCE_LEVELS, version.source_level)}</dd><dt>文号</dt><dd>${version.doc_no ?? '—'}</dd>
        <dt>生效日期</dt><dd>${version.effective_on}</dd><dt>条目数</dt><dd>${version.entry_count}</dd><dt>来源</dt><dd>${version.file_name ? html`文件 ${version.file_name}` : '通过接口提交'}（${version.file_format === 'xlsx' ? 'Excel' : 'JSON'}）</dd>
        <dt>导入时与当时在用的目录相比</dt><dd>新增 ${s.added ?? 0}，取消 ${s.removed ?? 0}，变化 ${s.changed ?? 0}，未变 ${s.unchanged ?? 0}；${s.flagged ? html`<a href="/console/obligations?sourceId=${version.id}&amp;status=">${s.flagged} 个认领事项需复核</a>` : '没有认领事项需复核'}</dd></dl>
      <section><h2>${cmp.from ? `与第 ${cmp.from.seq} 版比较` : '与上一版本比较'}</h2>
        ${
          cmp.from
            ? html`
        <h3>新增（${cmp.added.length}）</h3>${cmp.added.length ? html`<ul>${cmp.added.map((e) => html`<li><code>${e.catalog_code}</code> ${e.name}</li>`)}</ul>` : html`<p class="muted">无</p>`}
        <h3>取消（${cmp.removed.length}）</h3>${cmp.removed.length ? html`<ul>${cmp.removed.map((e) => html`<li><code>${e.catalog_code}</code> ${e.name}</li>`)}</ul>` : html`<p class="muted">无</p>`}
        <h3>变化（${cmp.changed.length}）</h3>${
          cmp.changed.length
            ? html`<table class="list compare"><thead><tr><th scope="col">基本编码</th><th scope="col">事项</th><th scope="col">要素</th><th scope="col">原文本</th><th scope="col">新文本</th></tr></thead>
          <tbody>${cmp.changed.flatMap((c) => c.changes.map((x) => changeRow(c.catalogCode, c.name, x)))}</tbody></table>`
            : html`<p class="muted">无</p>`
        }`
            : html`<p class="muted">这是第一个导入的版本，没有可比较的上一版本；导入前已在用的条目与它的差异见上方“导入时与当时在用的目录相比”。</p>`
        }
      </section>
      <details><summary>条目快照（${entries.length}）</summary><table class="list"><thead><tr><th scope="col">基本编码</th><th scope="col">事项名称</th><th scope="col">类型</th><th scope="col">行使层级</th><th scope="col">状态</th></tr></thead>
        <tbody>${entries.slice(0, 2000).map((e) => html`<tr><td><code>${e.catalog_code}</code></td><td>${e.name}</td><td>${label(ITEM_TYPES, e.type)}</td><td>${levels(e.use_levels)}</td><td>${label(ENTRY_STATUSES, e.status)}</td></tr>`)}</tbody></table></details>`,
      });
    },
  );

  // ---- claims ----
  app.get(
    '/console/catalogue/claims',
    {
      config: { access: 'catalogue.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const q = request.query;
      const page = pageNumber(q.page);
      const needsReview = q.review === 'true' ? true : undefined;
      const { rows, total } = await listClaims(ucOf(ctx, request), { needsReview, offset: (page - 1) * 50, limit: 50 });
      return sendPage(ctx, request, reply, {
        title: '认领事项',
        active: 'catalogue',
        body: html`<h1>认领事项</h1>${catalogueTabs(request.actor, '/console/catalogue/claims')}
      <form method="get" action="/console/catalogue/claims" class="filters"><div class="field check"><label><input type="checkbox" name="review" value="true"${needsReview ? html` checked` : ''}> 仅看需复核</label></div><button type="submit">筛选</button></form>
      <table class="list"><thead><tr><th scope="col">事项</th><th scope="col">基本编码</th><th scope="col">实施单位</th><th scope="col">复核</th></tr></thead>
        <tbody>${rows.map(
          (
            r,
          ) => html`<tr><td><a href="/console/items/${r.itemId}">${r.name}</a></td><td><code>${r.catalogCode}</code></td><td>${r.unitName}</td>
          <td>${r.needsReview ? html`<a class="badge badge-warning" href="/console/catalogue/claims/${r.itemId}">需复核</a>` : html`<a href="/console/catalogue/claims/${r.itemId}">对照</a>`}</td></tr>`,
        )}</tbody></table>
      ${rows.length ? '' : html`<p class="muted">没有认领的事项。</p>`}
      ${pager('/console/catalogue/claims', { review: needsReview ? 'true' : undefined }, page, 50, total)}`,
      });
    },
  );

  const claimPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    itemId: string,
    o: { errors?: string[]; status?: number } = {},
  ) => {
    const c = await getClaimComparison(ucOf(ctx, request), itemId);
    const fields = codesOf(INHERITED_FIELDS);
    const claimable = can(request.actor, 'catalogue.claim');
    return sendPage(ctx, request, reply, {
      title: `与基本目录对照：${c.item.name}`,
      active: 'catalogue',
      status: o.status,
      body: html`<div class="page-head"><h1>与基本目录对照：${c.item.name}</h1><a href="/console/items/${c.item.id}">事项详情</a></div>${catalogueTabs(request.actor, '')}
      ${errorBox(o.errors ?? [])}
      ${c.review ? html`<p class="flash flash-info" role="status"><strong>需复核：</strong>${c.review.versionLabel}变更了${c.review.fields.map((f) => (f === 'removed' ? '条目（已取消）' : INHERITED_FIELDS[f])).join('、')}，请于 ${c.review.dueOn} 前处理（<a href="/console/obligations/${c.review.obligationId}">调整义务</a>）。</p>` : ''}
      <table class="list compare"><caption>继承要素（第八条：名称、编码、类型、设定依据与基本目录一致）</caption>
        <thead><tr><th scope="col">要素</th><th scope="col">本事项（${c.item.unit_name}）</th><th scope="col">基本目录现行文本${c.entry?.versionLabel ? `（${c.entry.versionLabel}）` : ''}</th></tr></thead>
        <tbody>${fields.map((f) => {
          const differs = c.differences.includes(f);
          return html`<tr${differs ? html` class="differs"` : ''}><th scope="row">${INHERITED_FIELDS[f]}${differs ? html` <span class="badge badge-warning">不同</span>` : ''}</th>
            <td>${valueText(f, c.local[f])}</td><td>${c.entry ? valueText(f, c.entry[f]) : html`<span class="empty">基本目录中没有该编码</span>`}</td></tr>`;
        })}</tbody></table>
      ${c.entry && c.entry.status !== 'active' ? html`<p class="note note-error">基本目录已取消该条目：请发起“取消”调整申请。</p>` : ''}
      ${
        claimable && c.item.origin === 'claimed'
          ? html`
        ${c.takeOverBlocked ? html`<p class="muted">${c.takeOverBlocked}。</p>` : actionForm(request, `/console/catalogue/claims/${c.item.id}/take-over`, '采用新文本', html`<p>将基本目录现行的名称、类型和设定依据写入本事项的待修改版本${c.item.published_version_id ? '，并自动发起变更申请（随后提交核验、发布）' : ''}。</p>`, { primary: true })}
        <details><summary>向上级提出调整建议（本地不能修改继承要素）</summary>
          ${actionForm(
            request,
            '/console/catalogue/divergences',
            '提交调整建议',
            html`<input type="hidden" name="itemId" value="${c.item.id}">
            ${select('field', '要素', Object.entries(DIVERGENCE_FIELDS), 'name')}${textarea('proposed', '建议内容', '', { required: true })}${textarea('reason', '理由和依据', '', { required: true })}`,
          )}
        </details>`
          : ''
      }`,
    });
  };

  app.get(
    '/console/catalogue/claims/:itemId',
    { config: { access: 'catalogue.read' }, schema: { hide: true, params: ItemParam } },
    async (request, reply) => claimPage(request, reply, request.params.itemId),
  );

  app.post(
    '/console/catalogue/claims/:itemId/take-over',
    { config: { access: 'catalogue.claim' }, schema: { hide: true, params: ItemParam, body: Form } },
    async (request, reply) => {
      try {
        await takeOver(ucOf(ctx, request), request.params.itemId);
      } catch (e) {
        return claimPage(request, reply, request.params.itemId, { errors: formErrors(e), status: 409 });
      }
      return seeOther(reply, `/console/items/${request.params.itemId}/edit?msg=taken_over`);
    },
  );

  // ---- coverage and divergences ----
  app.get(
    '/console/catalogue/coverage',
    {
      config: { access: 'catalogue.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const q = request.query;
      const page = pageNumber(q.page);
      const uncoveredOnly = q.uncovered === '1';
      const r = await claimCoverage(ucOf(ctx, request), {
        q: q.q || undefined,
        uncoveredOnly,
        offset: (page - 1) * 100,
        limit: 100,
      });
      const claimable = can(request.actor, 'catalogue.claim');
      return sendPage(ctx, request, reply, {
        title: '应认尽认',
        active: 'catalogue',
        body: html`<h1>应认尽认</h1>${catalogueTabs(request.actor, '/console/catalogue/coverage')}
      <p role="status">行使层级含“${label(USE_LEVELS, r.level)}”的现行条目 ${r.applicable} 项，已认领 ${r.claimed} 项，尚未认领 ${r.applicable - r.claimed} 项，<strong>其中 ${r.uncovered} 项没有任何单位实施</strong>（其余已有自建事项使用该编码，认领后才继承上级文本）。</p>
      <form method="get" action="/console/catalogue/coverage" class="filters" role="search"><div class="field"><label for="q">名称或基本编码</label><input id="q" name="q" value="${q.q ?? ''}"></div>
        <div class="field"><label><input type="checkbox" name="uncovered" value="1"${uncoveredOnly ? html` checked` : ''}> 只看没有任何单位实施的条目</label></div><button type="submit">查找</button></form>
      <table class="list"><thead><tr><th scope="col">基本编码</th><th scope="col">事项名称</th><th scope="col">类型</th><th scope="col">自建事项使用该编码</th>${claimable ? html`<th scope="col">认领</th>` : ''}</tr></thead>
        <tbody>${r.unclaimed.map((e) => html`<tr><td><code>${e.catalog_code}</code></td><td>${e.name}</td><td>${label(ITEM_TYPES, e.type)}</td><td>${e.self_items || ''}</td>${claimable ? html`<td>${actionForm(request, `/console/catalogue/${e.catalog_code}/claim`, '认领')}</td>` : ''}</tr>`)}</tbody></table>
      ${pager('/console/catalogue/coverage', { q: q.q, ...(uncoveredOnly ? { uncovered: '1' } : {}) }, page, 100, r.total)}`,
      });
    },
  );

  app.get(
    '/console/catalogue/divergences',
    { config: { access: 'catalogue.read' }, schema: { hide: true } },
    async (request, reply) => {
      const rows = await listDivergences(ucOf(ctx, request));
      const manage = can(request.actor, 'catalogue.manage');
      return sendPage(ctx, request, reply, {
        title: '基本要素调整建议',
        active: 'catalogue',
        body: html`<h1>基本要素调整建议</h1>${catalogueTabs(request.actor, '/console/catalogue/divergences')}
      <p class="muted">认领事项的继承要素不能在本地修改；确需不同的，由单位提出建议，中心报送上级目录管理机构。上级采纳后，新版本目录将带来新文本。</p>
      <table class="list"><thead><tr><th scope="col">事项</th><th scope="col">实施单位</th><th scope="col">要素</th><th scope="col">建议</th><th scope="col">理由</th><th scope="col">状态</th>${manage ? html`<th scope="col">处理</th>` : ''}</tr></thead>
        <tbody>${rows.map(
          (
            d,
          ) => html`<tr><td><a href="/console/catalogue/claims/${d.item_id}">${d.item_name}</a></td><td>${d.unit_name}</td><td>${DIVERGENCE_FIELDS[d.field] ?? d.field}</td>
          <td class="pre">${d.proposed}</td><td class="pre">${d.reason}</td><td>${DIVERGENCE_STATUSES[d.status] ?? d.status}${d.answer ? html`<br><small>${d.answer}</small>` : ''}</td>
          ${
            manage
              ? html`<td>${
                  d.status === 'accepted' || d.status === 'rejected'
                    ? ''
                    : actionForm(
                        request,
                        `/console/catalogue/divergences/${d.id}/answer`,
                        '记录',
                        html`${select(
                          `status-${d.id}`,
                          '处理结果',
                          [
                            ['forwarded', '已报送上级'],
                            ['accepted', '上级已采纳'],
                            ['rejected', '上级未采纳'],
                          ],
                          d.status === 'forwarded' ? 'accepted' : 'forwarded',
                        )}${input(`answer-${d.id}`, '答复')}`,
                      )
                }</td>`
              : ''
          }</tr>`,
        )}</tbody></table>
      ${rows.length ? '' : html`<p class="muted">没有调整建议。</p>`}`,
      });
    },
  );

  app.post(
    '/console/catalogue/divergences',
    { config: { access: 'catalogue.claim' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = request.body;
      const itemId = str(b.itemId);
      try {
        await requestDivergence(ucOf(ctx, request), itemId, {
          field: str(b.field),
          proposed: str(b.proposed),
          reason: str(b.reason),
        });
      } catch (e) {
        return claimPage(request, reply, itemId, { errors: formErrors(e), status: 400 });
      }
      return seeOther(reply, '/console/catalogue/divergences?msg=submitted');
    },
  );

  app.post(
    '/console/catalogue/divergences/:id/answer',
    {
      config: { access: 'catalogue.manage' },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }), body: Form },
    },
    async (request, reply) => {
      const b = request.body;
      const id = request.params.id;
      const input = checkInput(DivergenceAnswerBody, {
        status: str(b[`status-${id}`]),
        ...(str(b[`answer-${id}`]) ? { answer: str(b[`answer-${id}`]) } : {}),
      });
      if (!input.ok) throw errors.validation(input.issues);
      await answerDivergence(ucOf(ctx, request), id, input.value);
      return seeOther(reply, '/console/catalogue/divergences?msg=saved');
    },
  );
}
