import { publishedItemChoices } from './facts.queries.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { authorize, can, unitScope } from '../auth/policy.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import {
  actionForm,
  errorBox,
  Form,
  formErrors,
  IdParam,
  input,
  select,
  str,
  textarea,
} from '../console/legal/parts.js';
import { seeOther, sendPage } from '../console/render.js';
import { chinaTime } from '../console/common.js';
import { html, type HtmlValue } from '../web/html.js';
import { evaluationTabs } from './evaluation.parts.js';
import { listSpotChecks, type SpotCheckView } from './spot-check.queries.js';
import {
  answerSpotCheck,
  decideSpotCheck,
  getSpotCheck,
  recordSpotCheck,
  SPOT_CHECK_STATUSES,
} from './spot-check.service.js';
import { label } from '../domain/enums.js';

const statusBadge = (s: string) =>
  html`<span class="badge badge-${s === 'closed' ? 'published' : s === 'open' ? 'overdue' : 'submitted'}">${label(SPOT_CHECK_STATUSES, s)}</span>`;

export function spotCheckTable(rows: SpotCheckView[], caption: string): HtmlValue {
  return html`<table class="list"><caption>${caption}</caption><thead><tr><th scope="col">事项</th><th scope="col">实施单位</th><th scope="col">问题</th><th scope="col">整改期限</th><th scope="col">状态</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><td><a href="/console/spot-checks/${r.id}">${r.item_name}</a></td><td>${r.unit_name}</td><td>${r.findings.slice(0, 80)}</td><td>${r.due_on}</td><td>${statusBadge(r.status)}</td></tr>`)}</tbody></table>`;
}

export function registerSpotCheckPages(app: App, ctx: AppContext): void {
  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { filter?: string; errors?: string[]; body?: Record<string, unknown>; status?: number } = {},
  ) => {
    const uc = ucOf(ctx, request);
    authorize(uc.actor, 'spotcheck.read');
    const status = o.filter && o.filter in SPOT_CHECK_STATUSES ? o.filter : undefined;
    const rows = await listSpotChecks(ctx.db.kysely, unitScope(uc.actor), { status });
    const manage = can(request.actor, 'evaluation.manage');
    const items = manage ? await publishedItemChoices(ctx.db.kysely) : [];
    const b = o.body ?? {};
    return sendPage(ctx, request, reply, {
      title: '监督检查',
      active: can(request.actor, 'evaluation.read') ? 'evaluation' : 'work',
      status: o.status,
      body: html`${evaluationTabs(request.actor, '/console/spot-checks')}<h1>监督检查（第二十二条）</h1>
        <p class="muted">管理局对事项开展监督检查，登记发现的问题、整改要求和期限；单位在期限内答复整改情况，管理局验收或退回。整改期限计入问责报告。</p>
        <form method="get" action="/console/spot-checks" class="filters" role="search" aria-label="筛选监督检查">${select('status', '状态', Object.entries(SPOT_CHECK_STATUSES), status, { blank: '全部' })}<button type="submit">筛选</button></form>
        ${rows.length ? spotCheckTable(rows, `监督检查（${rows.length}）`) : html`<p>暂无监督检查。</p>`}
        ${
          manage
            ? html`<section><h2>登记监督检查</h2>${errorBox(o.errors ?? [])}
          <form method="post" action="/console/spot-checks" class="stack"><input type="hidden" name="_csrf" value="${request.auth?.session.csrf_token ?? ''}">
            ${select(
              'itemId',
              '事项',
              items.map((i) => [i.id, i.name] as const),
              str(b.itemId),
              { blank: '请选择', required: true },
            )}
            ${textarea('findings', '检查发现的问题', str(b.findings), { required: true, rows: 3 })}
            ${textarea('requiredFix', '整改要求', str(b.requiredFix), { required: true, rows: 2 })}
            ${input('dueOn', '整改期限', str(b.dueOn), { type: 'date', required: true })}
            <button type="submit" class="primary">登记并通知单位</button></form></section>`
            : ''
        }`,
    });
  };
  app.get(
    '/console/spot-checks',
    {
      config: { access: 'spotcheck.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    (request, reply) => listPage(request, reply, { filter: request.query.status }),
  );
  app.post(
    '/console/spot-checks',
    { config: { access: 'evaluation.manage' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = request.body;
      try {
        const row = await recordSpotCheck(ucOf(ctx, request), {
          itemId: str(b.itemId),
          findings: str(b.findings),
          requiredFix: str(b.requiredFix),
          dueOn: str(b.dueOn),
        });
        return seeOther(reply, `/console/spot-checks/${row.id}`);
      } catch (e) {
        return listPage(request, reply, {
          errors: formErrors(e, {
            itemId: '事项',
            findings: '检查发现的问题',
            requiredFix: '整改要求',
            dueOn: '整改期限',
          }),
          body: b,
          status: 400,
        });
      }
    },
  );

  const detail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    o: { errors?: string[]; status?: number } = {},
  ) => {
    const s = await getSpotCheck(ucOf(ctx, request), id);
    const answer = can(request.actor, 'spotcheck.answer') && s.status === 'open';
    const decide = can(request.actor, 'evaluation.manage') && s.status === 'answered';
    return sendPage(ctx, request, reply, {
      title: `监督检查：${s.item_name}`,
      active: can(request.actor, 'evaluation.read') ? 'evaluation' : 'work',
      status: o.status,
      body: html`<h1>监督检查：<a href="/console/items/${s.item_id}">${s.item_name}</a></h1>${statusBadge(s.status)}
        <dl class="facts"><dt>实施单位</dt><dd>${s.unit_name}</dd><dt>检查日期</dt><dd>${s.checked_on}（${s.created_by_name ?? '—'}）</dd><dt>整改期限</dt><dd>${s.due_on}</dd>
          <dt>发现的问题</dt><dd class="pre">${s.findings}</dd><dt>整改要求</dt><dd class="pre">${s.required_fix}</dd>
          ${s.answer ? html`<dt>整改情况</dt><dd class="pre">${s.answer}<br><small>${s.answered_by_name ?? '—'} · ${chinaTime(s.answered_at)}</small></dd>` : ''}
          ${s.close_note ? html`<dt>${s.status === 'closed' ? '验收意见' : '退回理由'}</dt><dd class="pre">${s.close_note}</dd>` : ''}</dl>
        ${errorBox(o.errors ?? [])}
        ${answer ? actionForm(request, `/console/spot-checks/${s.id}/answer`, '提交整改情况', textarea('answer', '整改情况', '', { required: true, rows: 4 }), { primary: true }) : ''}
        ${
          decide
            ? html`${actionForm(request, `/console/spot-checks/${s.id}/decide`, '验收通过', html`<input type="hidden" name="decision" value="accept">${textarea('note-accept', '验收意见（可选）', '', { name: 'note' })}`, { primary: true })}
          ${actionForm(request, `/console/spot-checks/${s.id}/decide`, '退回整改', html`<input type="hidden" name="decision" value="reopen">${textarea('note-reopen', '退回理由', '', { name: 'note', required: true })}`, { danger: true })}`
            : ''
        }`,
    });
  };
  app.get(
    '/console/spot-checks/:id',
    { config: { access: 'spotcheck.read' }, schema: { hide: true, params: IdParam } },
    (request, reply) => detail(request, reply, request.params.id),
  );
  app.post(
    '/console/spot-checks/:id/answer',
    { config: { access: 'spotcheck.answer' }, schema: { hide: true, params: IdParam, body: Form } },
    async (request, reply) => {
      const { id } = request.params;
      try {
        await answerSpotCheck(ucOf(ctx, request), id, str(request.body.answer));
        return seeOther(reply, `/console/spot-checks/${id}`);
      } catch (e) {
        return detail(request, reply, id, { errors: formErrors(e, { answer: '整改情况' }), status: 400 });
      }
    },
  );
  app.post(
    '/console/spot-checks/:id/decide',
    { config: { access: 'evaluation.manage' }, schema: { hide: true, params: IdParam, body: Form } },
    async (request, reply) => {
      const { id } = request.params;
      const b = request.body;
      try {
        await decideSpotCheck(ucOf(ctx, request), id, str(b.decision) === 'accept', str(b.note) || undefined);
        return seeOther(reply, `/console/spot-checks/${id}`);
      } catch (e) {
        return detail(request, reply, id, { errors: formErrors(e, { note: '退回理由' }), status: 400 });
      }
    },
  );
}
