import { fieldsOf } from '../fields.js';
import { ATTESTATION_STAGES } from '../../workflow/attestation.js';
import { attestationsOf } from '../../workflow/attestation.queries.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../app/context.js';
import { can } from '../../auth/policy.js';
import { ItemContent, type Override } from '../../domain/item-content.js';
import { GRANULARITIES, isCodeOf, LIFE_STATES } from '../../domain/enums.js';
import type { App } from '../../http/app-type.js';
import { ucOf } from '../../http/use-case.js';
import { parentSelect } from './parent-select.js';
import { displayNames, getItemDetail, itemHistory, listItems, parentChoices } from '../../items/item.queries.js';
import { INHERITED_PATHS, withInherited } from '../../catalogue/inheritance.js';
import { inheritedNotice } from '../catalogue/notices.js';
import { createItem, toCheckable, updateItem } from '../../items/item.service.js';
import { findingsFor } from '../../items/findings.js';
import { EDITABLE_STATES, VERSION_STATES } from '../../items/states.js';
import { openReturnComments } from '../../items/working-version.js';
import { getChangeRequest } from '../../workflow/change-request.queries.js';
import { changePanel } from '../workflow/change-panel.js';
import { LEGAL_DOCS_LIST, legalDocumentChoices } from '../legal/parts.js';
import { completeCitations } from '../../legal/complete-citations.js';
import { itemActions, unitReviewOn } from './actions.js';
import { pathLabel } from './diff-view.js';
import { listUnits } from '../../units/unit.service.js';
import { isAppError, type FieldIssue } from '../../shared/errors.js';
import { checkInput } from '../../shared/schema-issues.js';
import { html } from '../../web/html.js';
import { coerceForm } from '../../web/form/coerce.js';
import { csrfField, seeOther, sendPage } from '../render.js';
import { fieldId } from '../../web/form/render.js';
import { CONTENT_SCHEMA, contentForm, contentView, findingsPanel, notesByPath } from './content-form.js';
import { itemListBody } from './list.page.js';
import { findingsBadge, granularityLabel, stateBadge, typeLabel } from './labels.js';
import type { Finding } from '../../rules/types.js';
import { pageNumber } from '../format.js';
import { chinaTime, issueMessages } from '../common.js';

/** A citation's 法律文件 field is filled by picking the document by title or 文号. */
const IDENTITY_LABELS: Record<string, string> = {
  unitId: '实施单位',
  granularity: '颗粒度',
  parentId: '上级事项',
  handlingCode: '业务办理项编码',
  taskCode: '实施编码',
};
const DOC_SUGGESTIONS = { docId: LEGAL_DOCS_LIST };

const Form = Type.Record(Type.String(), Type.Unknown());
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Who returned the version, by the stage of the return's comments (单位审核 or 核验). */
function returnedBy(comments: Array<{ stage: string }>): string {
  const who = [...new Set(comments.map((c) => (c.stage === 'unit_review' ? '单位负责人' : '核验员')))];
  return who.join('、');
}

/** Reads the element form into an ItemContent-shaped value plus the overrides the clerk justified now. */
function readContentForm(
  body: Record<string, unknown>,
  previous: Override[],
  actorId: string | null,
  now: string,
): unknown {
  const content = coerceForm(CONTENT_SCHEMA, body.content, true) as Record<string, unknown>;
  const kept = new Map(previous.map((o) => [`${o.rule}@${o.path}`, o]));
  const given = body.override && typeof body.override === 'object' ? (body.override as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(given)) {
    const justification = str(value);
    const at = key.indexOf('@');
    if (justification && at > 0)
      kept.set(key, {
        rule: key.slice(0, at),
        path: key.slice(at + 1),
        justification,
        by: actorId ?? undefined,
        at: now,
      });
  }
  if (kept.size) content.overrides = [...kept.values()];
  else delete content.overrides;
  return content;
}

/** Console pages for items: list with filters, detail, entry and the element editor. */
export function registerItemPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/items',
    {
      config: { access: 'item.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const q = request.query;
      const page = pageNumber(q.page);
      const pageSize = 20;
      const uc = ucOf(ctx, request);
      const filter = {
        q: q.q || undefined,
        unitId: q.unitId || undefined,
        type: q.type || undefined,
        workflowState: isCodeOf(VERSION_STATES, q.workflowState) ? q.workflowState : undefined,
        lifeState: isCodeOf(LIFE_STATES, q.lifeState) ? q.lifeState : undefined,
        hasErrors: q.hasErrors === 'true' ? 'true' : undefined,
      };
      const { rows, total } = await listItems(uc, {
        ...filter,
        hasErrors: filter.hasErrors === 'true',
        offset: (page - 1) * pageSize,
        limit: pageSize,
      });
      const units = request.actor.unitId ? null : (await listUnits(uc)).map((u) => ({ id: u.id, name: u.name }));
      return sendPage(ctx, request, reply, {
        title: '事项',
        active: 'items',
        body: itemListBody({
          rows,
          total,
          page,
          pageSize,
          filter,
          units,
          canCreate: can(request.actor, 'item.create'),
        }),
      });
    },
  );

  app.get(
    '/console/items/:id',
    { config: { access: 'item.read' }, schema: { hide: true, params: Id } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const d = await getItemDetail(uc, request.params.id);
      const versions = await itemHistory(uc, request.params.id);
      const attested = await attestationsOf(ctx.db.kysely, request.params.id);
      const names = await displayNames(
        ctx.db.kysely,
        versions.flatMap((v) => [v.updated_by, v.submitted_by, v.verified_by, v.published_by]),
      );
      const actions = itemActions(d, request.actor, await unitReviewOn(ctx.db.kysely, d.item.unit_id));
      const comments = await openReturnComments(ctx.db.kysely, d.current);
      return sendPage(ctx, request, reply, {
        title: d.item.name,
        active: 'items',
        body: html`<div class="page-head"><h1>${d.item.name}</h1><div class="item-actions">${actions.map((a) => html`<a class="button${a.primary ? ' primary' : ''}" href="${a.href}">${a.label}</a> `)}</div></div>
      ${comments.length ? html`<section class="flash flash-info" aria-label="退回意见"><strong>退回意见：</strong><ul>${comments.map((c) => html`<li>${c.field_path ? html`<em>${pathLabel(c.field_path.replace(/^content\./, ''))}</em>：` : ''}${c.comment}（${c.author_name ?? ''}）</li>`)}</ul></section>` : ''}
      <dl class="kv identity"><dt>实施编码</dt><dd><code>${d.item.task_code}</code>${d.item.handling_code ? html` / 业务办理项 <code>${d.item.handling_code}</code>` : ''}</dd>
        <dt>实施单位</dt><dd>${d.item.unit_name}</dd><dt>类型</dt><dd>${typeLabel(d.item.type)}</dd><dt>颗粒度</dt><dd>${granularityLabel(d.item.granularity)}</dd>
        ${d.item.origin === 'claimed' ? html`<dt>来源</dt><dd>认领基本目录（<a href="/console/catalogue/claims/${d.item.id}">与基本目录对照</a>）</dd>` : ''}
        <dt>状态</dt><dd>${stateBadge(d.item)}</dd><dt>检查</dt><dd>${findingsBadge(d.findings.summary.errors, d.findings.summary.warnings)}</dd>
        <dt>当前版本</dt><dd>第 ${d.current.seq} 版（${VERSION_STATES[d.current.state] ?? d.current.state}），更新于 ${chinaTime(d.current.updated_at)}</dd>
        ${d.published ? html`<dt>已发布版本</dt><dd>第 ${d.published.seq} 版，发布于 ${chinaTime(d.published.published_at)}</dd>` : ''}</dl>
      ${findingsPanel(d.findings.findings)}
      ${contentView(d.content)}
      <section><h2>版本历史</h2><p><a href="/console/items/${d.item.id}/diff">比较版本</a></p><table class="list"><thead><tr><th scope="col">版本</th><th scope="col">状态</th><th scope="col">说明</th><th scope="col">修改</th><th scope="col">提交</th><th scope="col">准确性声明（第十五条）</th><th scope="col">核验</th><th scope="col">发布</th></tr></thead>
        <tbody>${versions.map((v) => {
          const statements = attested.filter((a) => a.version_id === v.id);
          const who = (id: string | null, at: string | null) =>
            at ? html`${chinaTime(at)}<br><small>${id ? (names.get(id) ?? '已停用账号') : '系统'}</small>` : '';
          return html`<tr><td>第 ${v.seq} 版</td><td>${VERSION_STATES[v.state] ?? v.state}</td><td>${v.change_note ?? ''}</td>
            <td>${who(v.updated_by, v.updated_at)}</td><td>${who(v.submitted_by, v.submitted_at)}</td>
            <td>${statements.map((a) => html`<div>${ATTESTATION_STAGES[a.stage] ?? a.stage}：${a.user_name}，${chinaTime(a.attested_at)}<br><small>${a.statement}</small></div>`)}</td><td>${who(v.verified_by, v.verified_at)}</td><td>${who(v.published_by, v.published_at)}</td></tr>`;
        })}</tbody></table></section>`,
      });
    },
  );

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    o: {
      content?: Record<string, unknown>;
      version?: number;
      issues?: FieldIssue[];
      findings?: Finding[];
      message?: string;
      status?: number;
    } = {},
  ) => {
    const d = await getItemDetail(ucOf(ctx, request), id);
    if (!d.item.draft_version_id || !EDITABLE_STATES.includes(d.current.state)) {
      const reason = d.item.draft_version_id
        ? '当前版本已提交，等待审核或核验，暂不能修改。'
        : '已发布事项的调整须先发起调整申请（第十二条至第十九条），系统将据此生成待修改的版本。';
      return sendPage(ctx, request, reply, {
        title: `编辑：${d.item.name}`,
        active: 'items',
        status: 409,
        body: html`<h1>${d.item.name}</h1><p>${reason}</p><p>${itemActions(d, request.actor, await unitReviewOn(ctx.db.kysely, d.item.unit_id)).map((a) => html`<a class="button" href="${a.href}">${a.label}</a> `)}<a href="/console/items/${d.item.id}">返回详情</a></p>`,
      });
    }
    const content = o.content ?? d.content;
    const findings = o.findings ?? d.findings.findings;
    const notes = notesByPath(findings, o.issues);
    const comments = await openReturnComments(ctx.db.kysely, d.current);
    for (const c of comments.filter((x) => x.field_path)) {
      notes.set(c.field_path!, [
        { severity: 'info', message: `退回意见（${c.author_name ?? ''}）：${c.comment}` },
        ...(notes.get(c.field_path!) ?? []),
      ]);
    }
    const general = comments.filter((x) => !x.field_path);
    const change = d.current.change_request_id
      ? await getChangeRequest(ucOf(ctx, request), d.current.change_request_id)
      : null;
    const claimed = d.item.origin === 'claimed';
    const state = {
      notes,
      readOnly: new Set(claimed ? INHERITED_PATHS : ['content.catalogCode']),
      suggestions: DOC_SUGGESTIONS,
    };
    return sendPage(ctx, request, reply, {
      title: `编辑：${d.item.name}`,
      active: 'items',
      status: o.status,
      scripts: ['console.js'],
      body: html`<div class="page-head"><h1>编辑：${d.item.name}</h1><a href="/console/items/${d.item.id}">返回详情</a></div>
      ${o.message ? html`<div class="flash flash-error" role="alert">${o.message}</div>` : ''}
      ${change ? changePanel(change) : ''}
      ${general.length ? html`<div class="flash flash-info">退回意见：${general.map((c) => html`<div>${c.comment}（${c.author_name ?? ''}）</div>`)}</div>` : ''}
      ${comments.some((c) => c.field_path) ? html`<p class="muted">${returnedBy(comments.filter((c) => c.field_path))}针对具体要素的意见已标注在相应字段旁。</p>` : ''}
      ${o.issues?.length ? html`<div class="flash flash-error" role="alert">有 ${o.issues.length} 处填写不符合格式要求，未保存：<ul>${o.issues.map((i) => html`<li><a href="#${fieldId(i.path.split('.'))}">${pathLabel(i.path.replace(/^content\./, ''))}</a>：${i.message}</li>`)}</ul></div>` : ''}
      ${claimed ? inheritedNotice(d.item.id) : ''}
      <form method="post" action="/console/items/${d.item.id}/edit" class="item-form" data-live-check="/console/items/${d.item.id}/check" novalidate>
        <input type="hidden" name="_csrf" value="${csrfField(request)}">
        <input type="hidden" name="version" value="${o.version ?? d.item.lock_version}">
        ${findingsPanel(findings, { overridable: true })}
        ${await legalDocumentChoices(ucOf(ctx, request))}
        ${contentForm(content, state)}
        <div class="field"><label for="changeNote">修改说明</label><input id="changeNote" name="changeNote" maxlength="1000" value="${d.current.change_note ?? ''}"></div>
        <div class="actions"><button type="submit" class="primary">保存草稿</button></div>
      </form>`,
    });
  };

  app.get(
    '/console/items/:id/edit',
    { config: { access: 'item.update' }, schema: { hide: true, params: Id } },
    async (request, reply) => editPage(request, reply, request.params.id),
  );

  app.post(
    '/console/items/:id/edit',
    { config: { access: 'item.update' }, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      const body = request.body;
      const uc = ucOf(ctx, request);
      const current = await getItemDetail(uc, request.params.id);
      const content = readContentForm(
        body,
        current.content.overrides ?? [],
        request.actor.id,
        ctx.clock.now().toISOString(),
      ) as Record<string, unknown>;
      await completeCitations(ctx.db.kysely, content);
      content.catalogCode = current.content.catalogCode;
      if (current.item.origin === 'claimed') Object.assign(content, withInherited(content, current.content));
      const version = Number.parseInt(str(body.version), 10);
      const checked = checkInput(ItemContent, content, 'content');
      if (!checked.ok)
        return editPage(request, reply, request.params.id, { content, version, issues: checked.issues, status: 400 });
      try {
        await updateItem(uc, request.params.id, {
          version,
          content: checked.value,
          changeNote: str(body.changeNote) || undefined,
        });
      } catch (e) {
        if (isAppError(e) && (e.code === 'VERSION_CONFLICT' || e.code === 'VALIDATION_FAILED')) {
          return editPage(request, reply, request.params.id, {
            content,
            version,
            issues: e.issues,
            message: e.issues.length ? undefined : e.message,
            status: e.status,
          });
        }
        throw e;
      }
      return seeOther(reply, `/console/items/${request.params.id}/edit?msg=saved`);
    },
  );

  // Progressive enhancement: the editor posts the unsaved form here as the clerk types (public/console.js)
  // and shows the findings beside the fields; without JavaScript the same findings appear after saving.
  app.post(
    '/console/items/:id/check',
    { config: { access: 'item.check' }, schema: { hide: true, params: Id, body: Form } },
    async (request) => {
      const uc = ucOf(ctx, request);
      const current = await getItemDetail(uc, request.params.id);
      const content = readContentForm(
        fieldsOf(request.body),
        current.content.overrides ?? [],
        request.actor.id,
        ctx.clock.now().toISOString(),
      ) as Record<string, unknown>;
      await completeCitations(ctx.db.kysely, content);
      content.catalogCode = current.content.catalogCode;
      const checked = checkInput(ItemContent, content, 'content');
      const issues = checked.ok ? [] : checked.issues;
      const findings = checked.ok
        ? (await findingsFor(ctx.db.kysely, ctx.config, toCheckable(current.item), checked.value)).findings
        : [];
      // The summary lets the page's 检查结果 box say that it shows the last save while the fields show the live check.
      const open = findings.filter((f) => !f.overridden);
      return {
        notes: Object.fromEntries(notesByPath(findings, issues)),
        summary: {
          errors: issues.length + open.filter((f) => f.severity === 'error').length,
          warnings: open.filter((f) => f.severity === 'warning').length,
        },
      };
    },
  );

  const newPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: {
      body?: Record<string, unknown>;
      content?: Record<string, unknown>;
      issues?: FieldIssue[];
      findings?: Finding[];
      message?: string;
      status?: number;
    } = {},
  ) => {
    const b = o.body ?? {};
    const state = { notes: notesByPath(o.findings ?? [], o.issues), suggestions: DOC_SUGGESTIONS };
    const units = request.actor.unitId
      ? null
      : (await listUnits(ucOf(ctx, request))).map((u) => ({ id: u.id, name: u.name }));
    const parents = await parentChoices(ucOf(ctx, request));
    return sendPage(ctx, request, reply, {
      title: '录入事项',
      active: 'items',
      status: o.status,
      scripts: ['console.js'],
      body: html`<h1>录入事项</h1>
      <p class="muted">认领基本目录的事项请到“基本目录”页面点击“认领”，事项名称、编码、类型和设定依据将自动继承。</p>
      ${o.message ? html`<div class="flash flash-error" role="alert">${o.message}</div>` : ''}
      <form method="post" action="/console/items/new" class="item-form" novalidate>
        <input type="hidden" name="_csrf" value="${csrfField(request)}">
        <section class="form-section"><h2>事项身份</h2>
          ${units ? html`<div class="field"><label for="unitId">实施单位</label><select id="unitId" name="unitId">${units.map((u) => html`<option value="${u.id}"${u.id === b.unitId ? html` selected` : ''}>${u.name}</option>`)}</select></div>` : ''}
          <div class="field"><label for="granularity">颗粒度</label><select id="granularity" name="granularity">${Object.entries(GRANULARITIES).map(([k, v]) => html`<option value="${k}"${k === b.granularity ? html` selected` : ''}>${v}</option>`)}</select></div>
          <div class="field"><label for="parentId">上级事项（子项、业务办理项必填）</label>${parents.length ? parentSelect(parents, { id: 'parentId', name: 'parentId', selected: str(b.parentId), describedBy: 'parentId-help' }) : html`<input id="parentId" name="parentId" value="${str(b.parentId)}" aria-describedby="parentId-help">`}
            <small class="help" id="parentId-help">${parents.length ? '选择本单位的主项或子项；业务办理项的编码按上级实施编码自动生成' : '填写上级事项的 ID（事项详情页地址中的编号）'}</small></div>
          <div class="field"><label for="handlingCode">业务办理项编码（留空按上级实施编码+2位序号生成）</label><input id="handlingCode" name="handlingCode" value="${str(b.handlingCode)}"></div>
          <div class="field"><label for="taskCode">实施编码（留空自动生成）</label><input id="taskCode" name="taskCode" value="${str(b.taskCode)}" maxlength="36"></div>
          ${issueMessages(
            (o.issues ?? []).filter((i) => !i.path.startsWith('content')),
            IDENTITY_LABELS,
          ).map((m) => html`<p class="note note-error">${m}</p>`)}
        </section>
        ${await legalDocumentChoices(ucOf(ctx, request))}
        ${contentForm(o.content ?? {}, state)}
        <div class="actions"><button type="submit" class="primary">保存为草稿</button></div>
      </form>`,
    });
  };

  app.get('/console/items/new', { config: { access: 'item.create' }, schema: { hide: true } }, async (request, reply) =>
    newPage(request, reply),
  );

  app.post(
    '/console/items/new',
    { config: { access: 'item.create' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const body = request.body;
      const content = readContentForm(body, [], request.actor.id, ctx.clock.now().toISOString()) as Record<
        string,
        unknown
      >;
      await completeCitations(ctx.db.kysely, content);
      const checked = checkInput(ItemContent, content, 'content');
      const issues = checked.ok ? [] : [...checked.issues];
      const granularity = str(body.granularity) as keyof typeof GRANULARITIES;
      if (!(granularity in GRANULARITIES)) issues.push({ path: 'granularity', message: '请选择颗粒度' });
      if (!checked.ok || issues.length) return newPage(request, reply, { body, content, issues, status: 400 });
      try {
        const row = await createItem(ucOf(ctx, request), {
          unitId: str(body.unitId) || undefined,
          parentId: str(body.parentId) || undefined,
          granularity,
          taskCode: str(body.taskCode) || undefined,
          handlingCode: str(body.handlingCode) || undefined,
          content: checked.value,
        });
        return seeOther(reply, `/console/items/${row.id}/edit?msg=created`);
      } catch (e) {
        if (isAppError(e) && ['VALIDATION_FAILED', 'DUPLICATE'].includes(e.code))
          return newPage(request, reply, {
            body,
            content,
            issues: e.issues,
            message: e.issues.length ? undefined : e.message,
            status: e.status,
          });
        throw e;
      }
    },
  );
}
