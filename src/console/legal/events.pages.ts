import { fieldsOf } from '../fields.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../app/context.js';
import { can } from '../../auth/policy.js';
import type { App } from '../../http/app-type.js';
import { ucOf } from '../../http/use-case.js';
import { getDocument } from '../../legal/legal.service.js';
import { DIRECTIVE_KINDS, DIRECTIVE_LEVELS, LEGAL_EVENT_KINDS } from '../../legal/legal.enums.js';
import { DirectiveBody, LegalEventBody } from '../../legal/legal.schema.js';
import {
  getLegalEvent,
  listLegalEvents,
  previewLegalEvent,
  recordLegalEvent,
} from '../../legal/legal-event.service.js';
import {
  getDirective,
  listDirectives,
  presentDirective,
  previewDirective,
  recordDirective,
} from '../../legal/directive.service.js';
import type { Impact } from '../../obligations/impact.js';
import { listObligations } from '../../obligations/obligation.queries.js';
import { checkInput } from '../../shared/schema-issues.js';
import { listUnits } from '../../units/unit.service.js';
import { CHANGE_KINDS, groundLabel } from '../../domain/grounds.js';
import { html, type HtmlValue } from '../../web/html.js';
import { csrfField, seeOther, sendPage } from '../render.js';
import {
  errorBox,
  Form,
  formErrors,
  hiddenFields,
  IdParam,
  input,
  LEGAL_DOCS_LIST,
  legalDocumentChoices,
  legalTabs,
  list,
  opt,
  pager,
  select,
  str,
  textarea,
  unitChecks,
} from './parts.js';
import { obligationTable } from '../obligations/obligation.parts.js';
import { pageNumber } from '../format.js';
import { chinaTime, issueMessages } from '../common.js';

/** The impact preview: what recording would do, before anything is written. */
function impactView(i: Impact, verb: string): HtmlValue {
  return html`<section aria-labelledby="impact-h"><h2 id="impact-h">影响预览</h2>
    <p role="status">将产生 <strong>${i.targets.length}</strong> 项调整义务，涉及 <strong>${i.units.length}</strong> 个实施单位；事由发生日 ${i.groundArisenOn}，办理期限 <strong>${i.dueOn}</strong>${i.dueProvisional ? '（暂定：次年节假日安排尚未发布）' : ''}（第十九条：3个工作日）。${verb}</p>
    ${i.units.length ? html`<table class="list"><caption>按单位</caption><thead><tr><th scope="col">实施单位</th><th scope="col">义务数</th></tr></thead><tbody>${i.units.map((u) => html`<tr><td>${u.unitName}</td><td>${u.count}</td></tr>`)}</tbody></table>` : ''}
    ${
      i.targets.length
        ? html`<table class="list"><caption>调整义务</caption><thead><tr><th scope="col">实施单位</th><th scope="col">事项</th><th scope="col">调整</th><th scope="col">事由</th><th scope="col">说明</th></tr></thead>
      <tbody>${i.targets.map((t) => html`<tr><td>${t.unitName}</td><td>${t.itemId ? html`<a href="/console/items/${t.itemId}">${t.itemName}</a>` : html`（新增${t.catalogCode ? ` ${t.catalogCode}` : ''}）`}</td><td>${CHANGE_KINDS[t.kind]}</td><td>${groundLabel(t.ground)}</td><td>${t.summary}</td></tr>`)}</tbody></table>`
        : html`<p class="muted">没有已发布的事项受影响。</p>`
    }
    ${i.skipped.length ? html`<p>不产生义务：</p><ul>${i.skipped.map((s) => html`<li>${s.unitName} ${s.catalogCode}：${s.reason}</li>`)}</ul>` : ''}
  </section>`;
}

/** Console pages for legal events and upper-level directives, each with an impact preview before recording. */
export function registerLegalEventPages(app: App, ctx: AppContext): void {
  const activeUnits = async (request: FastifyRequest) =>
    (await listUnits(ucOf(ctx, request))).filter((u) => u.active).map((u) => ({ id: u.id, name: u.name }));

  // ---- legal events ----
  const eventFields = (b: Record<string, unknown>) => ({
    docId: str(b.docId),
    kind: str(b.kind),
    effectiveOn: str(b.effectiveOn),
    noticeDocNo: opt(b.noticeDocNo),
    noticeTitle: opt(b.noticeTitle),
    relatedDocId: opt(b.relatedDocId),
    unitIds: list(b.unitIds).length ? list(b.unitIds) : undefined,
    note: opt(b.note),
  });
  const eventForm = async (request: FastifyRequest, b: Record<string, unknown>): Promise<HtmlValue> => {
    const docId = str(b.docId);
    const doc = docId
      ? await getDocument(ucOf(ctx, request), docId).then(
          (r) => r.doc,
          () => null,
        )
      : null;
    return html`<form method="post" action="/console/legal/events/preview" class="stack">
      <input type="hidden" name="_csrf" value="${csrfField(request)}">
      ${await legalDocumentChoices(ucOf(ctx, request))}
      ${input('docId', '法律文件', docId, { required: true, list: LEGAL_DOCS_LIST, help: doc ? `《${doc.title.replace(/^《|》$/g, '')}》（${doc.doc_no ?? '无文号'}）` : '输入文件名称或文号选择，也可填写法律法规库中的文件编号' })}
      ${select('kind', '事件', Object.entries(LEGAL_EVENT_KINDS), str(b.kind) || 'repealed', { required: true })}
      ${input('effectiveOn', '生效日期（调整事由发生之日）', str(b.effectiveOn), { type: 'date', required: true })}
      ${input('noticeDocNo', '通知文号', str(b.noticeDocNo))}
      ${input('noticeTitle', '通知名称', str(b.noticeTitle))}
      ${input('relatedDocId', '关联文件（修订：新文本；新立：被取代的旧文件）', str(b.relatedDocId), { list: LEGAL_DOCS_LIST })}
      ${unitChecks('unitIds', '新立：中心指定须评估新增事项的单位', await activeUnits(request), list(b.unitIds))}
      ${textarea('note', '说明', str(b.note))}
      <div class="actions"><button type="submit" class="primary">预览影响</button></div>
    </form>`;
  };

  app.get(
    '/console/legal/events',
    {
      config: { access: 'legal.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const q = request.query;
      const page = pageNumber(q.page);
      const { rows, total } = await listLegalEvents(ucOf(ctx, request), {
        docId: q.docId || undefined,
        limit: 50,
        offset: (page - 1) * 50,
      });
      return sendPage(ctx, request, reply, {
        title: '法律事件',
        active: 'legal',
        body: html`<h1>法律事件</h1>${legalTabs(request.actor, '/console/legal/events')}
      <p class="muted">法律文件废止、失效、修订或新立时登记，系统向引用该文件的事项所属单位产生调整义务（第十六至十九条）。请在法律文件详情页点击“登记法律事件”。</p>
      <table class="list"><thead><tr><th scope="col">登记时间</th><th scope="col">文件</th><th scope="col">事件</th><th scope="col">生效日期</th><th scope="col">通知文号</th><th scope="col">调整义务（全部单位）</th></tr></thead>
        <tbody>${rows.map((e) => html`<tr><td><a href="/console/legal/events/${e.id}">${chinaTime(e.recorded_at)}</a></td><td><a href="/console/legal/${e.doc_id}">${e.doc_title}</a></td><td>${LEGAL_EVENT_KINDS[e.kind] ?? e.kind}</td><td>${e.effective_on}</td><td>${e.notice_doc_no ?? ''}</td><td>${e.obligation_count}</td></tr>`)}</tbody></table>
      ${pager('/console/legal/events', { docId: q.docId }, page, 50, total)}`,
      });
    },
  );

  app.get(
    '/console/legal/events/new',
    {
      config: { access: 'legal.manage' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) =>
      sendPage(ctx, request, reply, {
        title: '登记法律事件',
        active: 'legal',
        body: html`<h1>登记法律事件</h1>${await eventForm(request, request.query)}`,
      }),
  );

  const eventFormPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    b: Record<string, unknown>,
    messages: string[],
  ) =>
    sendPage(ctx, request, reply, {
      title: '登记法律事件',
      active: 'legal',
      status: 400,
      body: html`<h1>登记法律事件</h1>${errorBox(messages)}${await eventForm(request, b)}`,
    });

  app.post(
    '/console/legal/events/preview',
    { config: { access: 'legal.manage' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = fieldsOf(request.body);
      const input = checkInput(LegalEventBody, eventFields(b));
      if (!input.ok) return eventFormPage(request, reply, b, issueMessages(input.issues));
      const body = input.value;
      let impact: Impact;
      try {
        impact = await previewLegalEvent(ucOf(ctx, request), body);
      } catch (e) {
        return eventFormPage(request, reply, b, formErrors(e));
      }
      const { doc } = await getDocument(ucOf(ctx, request), body.docId);
      return sendPage(ctx, request, reply, {
        title: '确认登记法律事件',
        active: 'legal',
        body: html`<h1>确认登记：《${doc.title.replace(/^《|》$/g, '')}》${LEGAL_EVENT_KINDS[body.kind]}</h1>
      ${impactView(impact, '尚未登记，确认后才会写入并通知各单位。')}
      <form method="post" action="/console/legal/events" class="stack"><input type="hidden" name="_csrf" value="${csrfField(request)}">
        ${hiddenFields({ ...body, unitIds: body.unitIds })}
        <div class="actions"><button type="submit" class="primary">确认登记</button></div></form>
      <details><summary>修改后重新预览</summary>${await eventForm(request, b)}</details>`,
      });
    },
  );

  app.post(
    '/console/legal/events',
    { config: { access: 'legal.manage' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = request.body;
      const input = checkInput(LegalEventBody, eventFields(b));
      if (!input.ok) return eventFormPage(request, reply, b, issueMessages(input.issues));
      const body = input.value;
      try {
        const { event } = await recordLegalEvent(ucOf(ctx, request), body);
        return seeOther(reply, `/console/legal/events/${event.id}?msg=recorded`);
      } catch (e) {
        return eventFormPage(request, reply, b, formErrors(e));
      }
    },
  );

  app.get(
    '/console/legal/events/:id',
    { config: { access: 'legal.read' }, schema: { hide: true, params: IdParam } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const e = await getLegalEvent(uc, request.params.id);
      const obligations = await listObligations(uc, { sourceId: e.id, limit: 500, offset: 0 });
      return sendPage(ctx, request, reply, {
        title: `法律事件：${e.doc_title}`,
        active: 'legal',
        body: html`<h1>《${e.doc_title.replace(/^《|》$/g, '')}》${LEGAL_EVENT_KINDS[e.kind] ?? e.kind}</h1>${legalTabs(request.actor, '')}
      <dl class="kv"><dt>文件</dt><dd><a href="/console/legal/${e.doc_id}">${e.doc_title}</a></dd><dt>生效日期</dt><dd>${e.effective_on}</dd>
        <dt>通知</dt><dd>${e.notice_title ?? '—'}${e.notice_doc_no ? `（${e.notice_doc_no}）` : ''}</dd>${e.related_doc_id ? html`<dt>关联文件</dt><dd><a href="/console/legal/${e.related_doc_id}">${e.related_doc_id}</a></dd>` : ''}
        <dt>登记时间</dt><dd>${chinaTime(e.recorded_at)}</dd>${e.note ? html`<dt>说明</dt><dd>${e.note}</dd>` : ''}</dl>
      <section><h2>${request.actor.unitId ? '本单位的调整义务' : '产生的调整义务'}（${obligations.total}）</h2>${obligationTable(obligations.rows)}</section>`,
      });
    },
  );

  // ---- upper-level directives ----
  const directiveFields = (b: Record<string, unknown>) => ({
    level: str(b.level),
    kind: str(b.kind),
    docNo: str(b.docNo),
    title: str(b.title),
    issuedOn: str(b.issuedOn),
    effectiveOn: opt(b.effectiveOn),
    codes: [
      ...new Set(
        str(b.codes)
          .toUpperCase()
          .split(/[\s,，、;；]+/)
          .filter(Boolean),
      ),
    ],
    unitIds: list(b.unitIds).length ? list(b.unitIds) : undefined,
    adjustGround: opt(b.adjustGround),
    note: opt(b.note),
  });
  const directiveForm = async (
    request: FastifyRequest,
    b: Record<string, unknown>,
  ): Promise<HtmlValue> => html`<form method="post" action="/console/directives/preview" class="stack">
      <input type="hidden" name="_csrf" value="${csrfField(request)}">
      ${select('level', '决定机关', Object.entries(DIRECTIVE_LEVELS), str(b.level), { required: true })}
      ${select('kind', '决定', Object.entries(DIRECTIVE_KINDS), str(b.kind), { required: true })}
      ${input('docNo', '文号', str(b.docNo), { required: true })}
      ${input('title', '文件名称', str(b.title), { required: true })}
      ${input('issuedOn', '印发日期', str(b.issuedOn), { type: 'date', required: true })}
      ${input('effectiveOn', '生效日期（留空同印发日期）', str(b.effectiveOn), { type: 'date' })}
      ${textarea('codes', '涉及的基本编码', Array.isArray(b.codes) ? b.codes.join('\n') : str(b.codes), { rows: 4, help: '每行一个 12 位基本编码' })}
      ${select(
        'adjustGround',
        '调整事由（仅“调整”）',
        [
          ['art18.2', '名称、类型、层级等基本要素调整（第十八条第二项）'],
          ['art18.1', '设定依据调整（第十八条第一项）'],
        ],
        str(b.adjustGround),
      )}
      ${unitChecks('unitIds', '下放：承接单位', await activeUnits(request), list(b.unitIds))}
      ${textarea('note', '说明', str(b.note))}
      <div class="actions"><button type="submit" class="primary">预览影响</button></div>
    </form>`;
  const directiveFormPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    b: Record<string, unknown>,
    messages: string[],
  ) =>
    sendPage(ctx, request, reply, {
      title: '登记上级决定',
      active: 'legal',
      status: 400,
      body: html`<h1>登记上级决定</h1>${errorBox(messages)}${await directiveForm(request, b)}`,
    });

  app.get(
    '/console/directives',
    {
      config: { access: 'legal.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const q = request.query;
      const page = pageNumber(q.page);
      const { rows, total } = await listDirectives(ucOf(ctx, request), { limit: 50, offset: (page - 1) * 50 });
      return sendPage(ctx, request, reply, {
        title: '上级决定',
        active: 'legal',
        body: html`<div class="page-head"><h1>上级决定</h1>${can(request.actor, 'legal.manage') ? html`<a class="button primary" href="/console/directives/new">登记上级决定</a>` : ''}</div>
      ${legalTabs(request.actor, '/console/directives')}
      <table class="list"><thead><tr><th scope="col">文号</th><th scope="col">名称</th><th scope="col">决定</th><th scope="col">生效日期</th><th scope="col">编码数</th><th scope="col">调整义务（全部单位）</th></tr></thead>
        <tbody>${rows.map(presentDirective).map((d) => html`<tr><td><a href="/console/directives/${d.id}">${d.docNo}</a></td><td>${d.title}</td><td>${d.levelLabel}${d.kindLabel}</td><td>${d.effectiveOn}</td><td>${d.codes.length}</td><td>${d.obligationCount}</td></tr>`)}</tbody></table>
      ${pager('/console/directives', {}, page, 50, total)}`,
      });
    },
  );

  app.get(
    '/console/directives/new',
    { config: { access: 'legal.manage' }, schema: { hide: true } },
    async (request, reply) =>
      sendPage(ctx, request, reply, {
        title: '登记上级决定',
        active: 'legal',
        body: html`<h1>登记上级决定</h1><p class="muted">国务院和省、市人民政府决定取消、下放或调整事项（第十六条第二项、第十七条第二项、第十八条）。</p>${await directiveForm(request, {})}`,
      }),
  );

  app.post(
    '/console/directives/preview',
    { config: { access: 'legal.manage' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = fieldsOf(request.body);
      const input = checkInput(DirectiveBody, directiveFields(b));
      if (!input.ok) return directiveFormPage(request, reply, b, issueMessages(input.issues));
      const body = input.value;
      let impact: Impact;
      try {
        impact = await previewDirective(ucOf(ctx, request), body);
      } catch (e) {
        return directiveFormPage(request, reply, b, formErrors(e));
      }
      return sendPage(ctx, request, reply, {
        title: '确认登记上级决定',
        active: 'legal',
        body: html`<h1>确认登记：${body.title}（${body.docNo}）</h1>${impactView(impact, '尚未登记，确认后才会写入并通知各单位。')}
      <form method="post" action="/console/directives" class="stack"><input type="hidden" name="_csrf" value="${csrfField(request)}">
        ${hiddenFields({ ...body, codes: body.codes.join('\n'), unitIds: body.unitIds })}
        <div class="actions"><button type="submit" class="primary">确认登记</button></div></form>
      <details><summary>修改后重新预览</summary>${await directiveForm(request, b)}</details>`,
      });
    },
  );

  app.post(
    '/console/directives',
    { config: { access: 'legal.manage' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = request.body;
      const input = checkInput(DirectiveBody, directiveFields(b));
      if (!input.ok) return directiveFormPage(request, reply, b, issueMessages(input.issues));
      const body = input.value;
      try {
        const { directive } = await recordDirective(ucOf(ctx, request), body);
        return seeOther(reply, `/console/directives/${directive.id}?msg=recorded`);
      } catch (e) {
        return directiveFormPage(request, reply, b, formErrors(e));
      }
    },
  );

  app.get(
    '/console/directives/:id',
    { config: { access: 'legal.read' }, schema: { hide: true, params: IdParam } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const d = presentDirective(await getDirective(uc, request.params.id));
      const obligations = await listObligations(uc, { sourceId: d.id, limit: 500, offset: 0 });
      return sendPage(ctx, request, reply, {
        title: d.title,
        active: 'legal',
        body: html`<h1>${d.title}</h1>${legalTabs(request.actor, '')}
      <dl class="kv"><dt>文号</dt><dd>${d.docNo}</dd><dt>决定</dt><dd>${d.levelLabel}${d.kindLabel}</dd><dt>印发 / 生效</dt><dd>${d.issuedOn} / ${d.effectiveOn}</dd>
        <dt>事由</dt><dd>${d.groundLabel}</dd><dt>基本编码</dt><dd>${d.codes.map((c) => html`<code>${c}</code> `)}</dd>${d.note ? html`<dt>说明</dt><dd>${d.note}</dd>` : ''}</dl>
      <section><h2>${request.actor.unitId ? '本单位的调整义务' : '产生的调整义务'}（${obligations.total}）</h2>${obligationTable(obligations.rows)}</section>`,
      });
    },
  );
}
