import { fieldsOf } from '../fields.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../app/context.js';
import { can, unitScope } from '../../auth/policy.js';
import { ITEM_TYPES } from '../../domain/enums.js';
import type { App } from '../../http/app-type.js';
import { ucOf } from '../../http/use-case.js';
import {
  isObligationSource,
  OBLIGATION_SOURCES,
  OBLIGATION_STATUSES,
  type ObligationStatus,
} from '../../obligations/obligation.enums.js';
import { getObligation, listObligations, type ObligationView } from '../../obligations/obligation.queries.js';
import {
  answerNoChange,
  confirmNoChange,
  dismissObligation,
  openChangeFromObligation,
  rejectNoChange,
} from '../../obligations/obligation.service.js';
import { ObligationChangeBody } from '../../obligations/obligation.schema.js';
import { errors } from '../../shared/errors.js';
import { checkInput } from '../../shared/schema-issues.js';
import { listUnits } from '../../units/unit.service.js';
import { html } from '../../web/html.js';
import { seeOther, sendPage } from '../render.js';
import {
  actionForm,
  errorBox,
  Form,
  formErrors,
  IdParam,
  input,
  pager,
  select,
  str,
  textarea,
} from '../legal/parts.js';
import { deadlineCell, obligationState, obligationTable } from './obligation.parts.js';
import { pageNumber } from '../format.js';

/**
 * The units' worklist of adjustment obligations (legal events, directives, catalogue versions) and the
 * page where a unit answers one — by a change request or by "no change needed" — and the centre confirms.
 */
export function registerObligationPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/obligations',
    {
      config: { access: 'obligation.read' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => {
      const q = request.query;
      const page = pageNumber(q.page);
      const status = (q.status ?? 'active') as ObligationStatus | 'active' | '';
      const filter = {
        status: status || undefined,
        unitId: q.unitId || undefined,
        sourceType: isObligationSource(q.sourceType) ? q.sourceType : undefined,
        sourceId: q.sourceId || undefined,
        overdue: q.overdue === 'true' || undefined,
      };
      const uc = ucOf(ctx, request);
      const { rows, total } = await listObligations(uc, { ...filter, limit: 50, offset: (page - 1) * 50 });
      const isUnit = unitScope(request.actor).kind === 'unit';
      const units =
        !isUnit && can(request.actor, 'unit.read') ? (await listUnits(uc)).map((u) => [u.id, u.name] as const) : [];
      const overdueCount = (await listObligations(uc, { overdue: true, unitId: filter.unitId, limit: 1, offset: 0 }))
        .total;
      return sendPage(ctx, request, reply, {
        title: '调整义务',
        active: 'obligations',
        body: html`<h1>调整义务</h1>
      <p class="muted">法律法规立改废、上级决定和基本目录新版本产生的调整义务，须自事由发生之日起3个工作日内调整（第十九条），或说明无需调整并经中心确认。</p>
      ${overdueCount ? html`<p class="flash flash-error" role="status"><a href="/console/obligations?overdue=true&amp;status=open${filter.unitId ? `&unitId=${filter.unitId}` : ''}">${overdueCount} 项已超期未处理</a></p>` : ''}
      <form method="get" action="/console/obligations" class="filters" role="search" aria-label="筛选调整义务">
        ${select('status', '状态', [['active', '未办结'], ...Object.entries(OBLIGATION_STATUSES)], status, { blank: '全部' })}
        ${units.length ? select('unitId', '实施单位', units, filter.unitId, { blank: '全部' }) : ''}
        ${select('sourceType', '来源', Object.entries(OBLIGATION_SOURCES), q.sourceType, { blank: '全部' })}
        <div class="field check"><label><input type="checkbox" name="overdue" value="true"${filter.overdue ? html` checked` : ''}> 仅看超期</label></div>
        <button type="submit">筛选</button>
      </form>
      <p class="muted" role="status">共 ${total} 项</p>
      ${obligationTable(rows, { showUnit: !isUnit })}
      ${pager('/console/obligations', { status: status || '', unitId: filter.unitId, sourceType: q.sourceType, sourceId: filter.sourceId, overdue: filter.overdue ? 'true' : undefined }, page, 50, total)}`,
      });
    },
  );

  const detail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    o: { errors?: string[]; status?: number; body?: Record<string, unknown> } = {},
  ) => {
    const ob = await getObligation(ucOf(ctx, request), id);
    return sendPage(ctx, request, reply, {
      title: `调整义务：${ob.itemName ?? '新增事项'}`,
      active: 'obligations',
      status: o.status,
      body: detailBody(request, ob, o.errors ?? [], o.body ?? {}),
    });
  };

  const detailBody = (request: FastifyRequest, o: ObligationView, errors: string[], b: Record<string, unknown>) => {
    const resolve = can(request.actor, 'obligation.resolve') && o.status === 'open';
    const confirm = can(request.actor, 'obligation.confirm');
    const needsNewItem = o.kind === 'add' && !o.catalogCode;
    const doc = o.groundDocument;
    return html`<div class="page-head"><h1>调整义务：${o.itemName ?? `新增事项${o.catalogCode ? `（${o.catalogCode}）` : ''}`}</h1><a href="/console/obligations">返回列表</a></div>
      ${errorBox(errors)}
      <dl class="kv"><dt>实施单位</dt><dd>${o.unitName}</dd>
        <dt>事项</dt><dd>${o.itemId ? html`<a href="/console/items/${o.itemId}">${o.itemName}</a> <code>${o.taskCode ?? ''}</code>${o.handlingCode ? html` / 业务办理项 <code>${o.handlingCode}</code>` : ''}` : '（须新增事项）'}</dd>
        <dt>应作调整</dt><dd>${o.kindLabel}</dd><dt>事由</dt><dd>${o.groundLabel}</dd>
        <dt>说明</dt><dd>${o.summary}</dd>
        <dt>来源</dt><dd>${o.sourceLabel}：${doc?.title ?? ''}${doc?.docNo ? `（${doc.docNo}）` : ''} ${sourceLink(o)}</dd>
        <dt>事由发生日</dt><dd>${o.groundArisenOn}</dd><dt>期限</dt><dd>${deadlineCell(o)}</dd>
        <dt>状态</dt><dd>${obligationState(o)}</dd>
        ${o.justification ? html`<dt>无需调整的理由</dt><dd>${o.justification}</dd>` : ''}
        ${o.reviewNote ? html`<dt>中心意见</dt><dd>${o.reviewNote}</dd>` : ''}
        ${
          o.changeRequestId
            ? html`<dt>调整申请</dt><dd>${
                o.status === 'in_change'
                  ? html`已发起${o.itemId ? html`，<a href="/console/items/${o.itemId}">查看事项的待修改版本</a>` : ''}`
                  : html`<a href="/console/changes/${o.changeRequestId}">${o.status === 'resolved' ? '已完成，调整已发布' : '查看调整申请'}</a>`
              }</dd>`
            : ''
        }</dl>
      ${
        resolve
          ? html`<section><h2>处理</h2>
        ${o.sourceType === 'catalogue_version' && o.itemId && o.kind === 'change' ? html`<p><a class="button" href="/console/catalogue/claims/${o.itemId}">与基本目录对照并采用新文本</a></p>` : ''}
        ${actionForm(
          request,
          `/console/obligations/${o.id}/change`,
          `发起${o.kindLabel}申请`,
          html`
          ${needsNewItem ? html`<fieldset><legend>新增事项的基本要素</legend>${input('name', '事项名称', str(b.name), { required: true })}${input('catalogCode', '基本编码', str(b.catalogCode), { required: true, help: '12 位，基本目录已有的请先认领' })}${select('type', '事项类型', Object.entries(ITEM_TYPES), str(b.type) || '01')}</fieldset>` : ''}
          ${input('summary', '调整内容摘要（可选）', str(b.summary), { maxlength: 1000 })}`,
          { primary: true },
        )}
        ${actionForm(request, `/console/obligations/${o.id}/no-change`, '说明无需调整', textarea('justification', '无需调整的理由（须经中心确认）', str(b.justification), { required: true }))}
      </section>`
          : ''
      }
      ${
        confirm && o.status === 'no_change_pending'
          ? html`<section><h2>中心确认</h2>
        ${actionForm(request, `/console/obligations/${o.id}/confirm`, '确认无需调整', input('confirm-note', '意见（可选）', '', { name: 'note' }), { primary: true })}
        ${actionForm(request, `/console/obligations/${o.id}/reject`, '不同意，退回单位', textarea('reject-note', '不同意的理由', '', { required: true, name: 'note' }))}
      </section>`
          : ''
      }
      ${confirm && (o.status === 'open' || o.status === 'no_change_pending') ? html`<details><summary>撤销该义务（误产生时）</summary>${actionForm(request, `/console/obligations/${o.id}/dismiss`, '撤销', textarea('reason', '撤销理由', '', { required: true }), { danger: true })}</details>` : ''}`;
  };

  const sourceLink = (o: ObligationView) => {
    if (o.sourceType === 'legal_event') return html`<a href="/console/legal/events/${o.sourceId}">查看法律事件</a>`;
    if (o.sourceType === 'directive') return html`<a href="/console/directives/${o.sourceId}">查看上级决定</a>`;
    return html`<a href="/console/catalogue/versions/${o.sourceId}">查看目录版本</a>`;
  };

  app.get(
    '/console/obligations/:id',
    { config: { access: 'obligation.read' }, schema: { hide: true, params: IdParam } },
    async (request, reply) => detail(request, reply, request.params.id),
  );

  const act = (
    path: string,
    access: 'obligation.resolve' | 'obligation.confirm',
    run: (request: FastifyRequest, id: string, b: Record<string, unknown>) => Promise<string>,
  ) =>
    app.post(
      `/console/obligations/:id/${path}`,
      { config: { access }, schema: { hide: true, params: IdParam, body: Form } },
      async (request, reply) => {
        const b = fieldsOf(request.body);
        try {
          return seeOther(reply, await run(request, request.params.id, b));
        } catch (e) {
          return detail(request, reply, request.params.id, { errors: formErrors(e), status: 400, body: b });
        }
      },
    );

  act('change', 'obligation.resolve', async (request, id, b) => {
    const newItem =
      str(b.name) || str(b.catalogCode)
        ? { newItem: { name: str(b.name), catalogCode: str(b.catalogCode).toUpperCase(), type: str(b.type) } }
        : {};
    const change = checkInput(ObligationChangeBody, {
      ...(str(b.summary) ? { summary: str(b.summary) } : {}),
      ...newItem,
    });
    if (!change.ok) throw errors.validation(change.issues);
    const cr = await openChangeFromObligation(ucOf(ctx, request), id, change.value);
    return cr.kind === 'cancel'
      ? `/console/items/${cr.item_id}?msg=change_opened`
      : `/console/items/${cr.item_id}/edit?msg=change_opened`;
  });
  act('no-change', 'obligation.resolve', async (request, id, b) => {
    await answerNoChange(ucOf(ctx, request), id, str(b.justification));
    return `/console/obligations/${id}?msg=submitted`;
  });
  act('confirm', 'obligation.confirm', async (request, id, b) => {
    await confirmNoChange(ucOf(ctx, request), id, str(b.note) || undefined);
    return `/console/obligations/${id}?msg=done`;
  });
  act('reject', 'obligation.confirm', async (request, id, b) => {
    await rejectNoChange(ucOf(ctx, request), id, str(b.note));
    return `/console/obligations/${id}?msg=returned`;
  });
  act('dismiss', 'obligation.confirm', async (request, id, b) => {
    await dismissObligation(ucOf(ctx, request), id, str(b.reason));
    return `/console/obligations/${id}?msg=done`;
  });
}
