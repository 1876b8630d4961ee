import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { authorize, can, unitScope } from '../auth/policy.js';
import { codesOf, ITEM_TYPES, label } from '../domain/enums.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import {
  actionForm,
  errorBox,
  Form,
  formErrors,
  IdParam,
  input,
  list,
  select,
  str,
  textarea,
  unitChecks,
} from '../console/legal/parts.js';
import { csrfField, seeOther, sendPage } from '../console/render.js';
import { chinaTime } from '../console/common.js';
import { listUnits } from '../units/unit.service.js';
import { errors } from '../shared/errors.js';
import { html, type HtmlValue } from '../web/html.js';
import { GROUNDS, isGround } from '../domain/grounds.js';
import { ATTESTATION, CAMPAIGN_ITEM_STATUSES, progressBy, type CampaignItemStatus, type Progress } from './campaign.js';
import { campaignItems, findCampaign, listCampaigns, type CampaignItemView } from './campaign.queries.js';
import { answerCampaign, closeCampaign, openCampaign, type CampaignAnswer } from './campaign.service.js';
import { evaluationTabs } from './evaluation.parts.js';
import type { CampaignRow } from './evaluation.table.js';
import { attachment, workbookBuffer } from './xlsx.js';

const STATUS_KEYS = codesOf(CAMPAIGN_ITEM_STATUSES);
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function progressTable(units: Progress[], all: Progress): HtmlValue {
  return html`<table class="list"><caption>各单位进度</caption><thead><tr><th scope="col">实施单位</th><th scope="col">范围内事项</th>${STATUS_KEYS.map((s) => html`<th scope="col">${CAMPAIGN_ITEM_STATUSES[s]}</th>`)}<th scope="col">完成率</th></tr></thead>
    <tbody>${[...units, all].map((p) => html`<tr><td>${p.name}</td><td class="num">${p.total}</td>${STATUS_KEYS.map((s) => html`<td class="num">${p.counts[s]}</td>`)}<td class="num">${pct(p.done)}</td></tr>`)}</tbody></table>`;
}

async function load(
  ctx: AppContext,
  request: FastifyRequest,
  id: string,
): Promise<{ c: CampaignRow; items: CampaignItemView[] }> {
  authorize(request.actor, 'campaign.read');
  const c = await findCampaign(ctx.db.kysely, id);
  if (!c) throw errors.notFound('目录清理');
  return { c, items: await campaignItems(ctx.db.kysely, unitScope(request.actor), id) };
}

const itemNote = (i: CampaignItemView) =>
  i.status === 'changed' && i.change_request_id
    ? html`<a href="/console/changes/${i.change_request_id}">调整申请</a>`
    : i.status === 'cancel_proposed'
      ? html`${i.ground && isGround(i.ground) ? GROUNDS[i.ground].label : i.ground}：${i.note}`
      : i.status === 'confirmed'
        ? html`<small>${i.note}</small>`
        : '';

export function registerCampaignPages(app: App, ctx: AppContext): void {
  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { errors?: string[]; body?: Record<string, unknown>; status?: number } = {},
  ) => {
    authorize(request.actor, 'campaign.read');
    const rows = await listCampaigns(ctx.db.kysely);
    const manage = can(request.actor, 'campaign.manage');
    const units = manage ? await listUnits(ucOf(ctx, request)) : [];
    const b = o.body ?? {};
    return sendPage(ctx, request, reply, {
      title: '目录清理',
      active: 'campaigns',
      status: o.status,
      body: html`${can(request.actor, 'evaluation.read') ? evaluationTabs(request.actor, '/console/campaigns') : ''}<h1>目录清理（第二十二条）</h1>
        <p class="muted">管理局定期开展目录清理：范围内的每个事项须由实施单位确认无变化（并声明对内容负责）、通过调整申请变更，或提出取消并说明依据。</p>
        ${
          rows.length
            ? html`<table class="list"><thead><tr><th scope="col">名称</th><th scope="col">开始</th><th scope="col">截止</th><th scope="col">状态</th></tr></thead>
          <tbody>${rows.map((c) => html`<tr><td><a href="/console/campaigns/${c.id}">${c.title}</a></td><td>${c.opened_on}</td><td>${c.due_on}</td><td>${c.status === 'open' ? '进行中' : '已结束'}</td></tr>`)}</tbody></table>`
            : html`<p>暂无目录清理。</p>`
        }
        ${
          manage
            ? html`<section><h2>开展目录清理</h2>${errorBox(o.errors ?? [])}
          <form method="post" action="/console/campaigns" class="stack"><input type="hidden" name="_csrf" value="${csrfField(request)}">
            ${input('title', '名称', str(b.title), { required: true, maxlength: 200 })}
            ${textarea('instructions', '清理要求', str(b.instructions), { required: true, rows: 3 })}
            ${input('dueOn', '截止日期', str(b.dueOn), { type: 'date', required: true })}
            ${unitChecks('unitIds', '范围：实施单位（不选为全部单位）', units, list(b.unitIds ?? b['unitIds[]']))}
            <fieldset class="field codeset"><legend>范围：事项类型（不选为全部类型）</legend>${Object.entries(ITEM_TYPES).map(([k, v]) => html`<label class="check"><input type="checkbox" name="types[]" value="${k}"${list(b.types ?? b['types[]']).includes(k) ? html` checked` : ''}> ${v}</label>`)}</fieldset>
            <button type="submit" class="primary">开展并通知单位</button></form></section>`
            : ''
        }`,
    });
  };
  app.get('/console/campaigns', { config: { access: 'campaign.read' }, schema: { hide: true } }, (request, reply) =>
    listPage(request, reply),
  );
  app.post(
    '/console/campaigns',
    { config: { access: 'campaign.manage' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = request.body;
      try {
        const c = await openCampaign(ucOf(ctx, request), {
          title: str(b.title),
          instructions: str(b.instructions),
          dueOn: str(b.dueOn),
          unitIds: list(b.unitIds ?? b['unitIds[]']),
          types: list(b.types ?? b['types[]']),
        });
        return seeOther(reply, `/console/campaigns/${c.id}`);
      } catch (e) {
        return listPage(request, reply, {
          errors: formErrors(e, {
            title: '名称',
            instructions: '清理要求',
            dueOn: '截止日期',
            unitIds: '范围',
            types: '事项类型',
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
    const { c, items } = await load(ctx, request, id);
    const { units, all } = progressBy(items);
    const answer = can(request.actor, 'campaign.answer') && c.status === 'open';
    return sendPage(ctx, request, reply, {
      title: `目录清理：${c.title}`,
      active: 'campaigns',
      status: o.status,
      body: html`<h1>目录清理：${c.title}</h1>
        <p>${c.opened_on} 开始，<strong>${c.due_on} 截止</strong>，${c.status === 'open' ? '进行中' : `已于 ${chinaTime(c.closed_at)} 结束`}。</p>
        <p class="pre">${c.instructions}</p>
        <p role="status">完成 ${all.total - all.counts.pending} / ${all.total}（${pct(all.done)}）</p>
        ${errorBox(o.errors ?? [])}
        ${progressTable(units, all)}
        <p class="actions"><a class="button" href="/console/campaigns/${c.id}/report">清理报告</a> <a class="button" href="/console/campaigns/${c.id}/report.xlsx" download>导出 Excel</a></p>
        ${can(request.actor, 'campaign.manage') && c.status === 'open' ? actionForm(request, `/console/campaigns/${c.id}/close`, '结束清理', '', { danger: true }) : ''}
        <table class="list"><caption>范围内事项</caption><thead><tr><th scope="col">事项</th><th scope="col">实施单位</th><th scope="col">处理</th><th scope="col">说明</th></tr></thead>
          <tbody>${items.map(
            (i) => html`<tr><td><a href="/console/items/${i.item_id}">${i.item_name}</a></td><td>${i.unit_name}</td>
            <td>${i.status === 'pending' && answer ? html`<a href="/console/campaigns/${c.id}/items/${i.item_id}">处理</a>` : label(CAMPAIGN_ITEM_STATUSES, i.status)}</td><td>${itemNote(i)}</td></tr>`,
          )}</tbody></table>`,
    });
  };
  app.get(
    '/console/campaigns/:id',
    { config: { access: 'campaign.read' }, schema: { hide: true, params: IdParam } },
    (request, reply) => detail(request, reply, request.params.id),
  );

  const ItemParams = Type.Object({ id: Type.String({ maxLength: 64 }), itemId: Type.String({ maxLength: 64 }) });
  const answerPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    { id, itemId }: { id: string; itemId: string },
    o: { errors?: string[]; status?: number } = {},
  ) => {
    const { c, items } = await load(ctx, request, id);
    const item = items.find((i) => i.item_id === itemId);
    if (!item) throw errors.notFound('清理范围内的事项');
    const cancelGrounds = Object.entries(GROUNDS)
      .filter(([, g]) => g.kind === 'cancel')
      .map(([k, g]) => [k, `${g.label}（${g.article}）`] as const);
    return sendPage(ctx, request, reply, {
      title: `目录清理：${item.item_name}`,
      active: 'campaigns',
      status: o.status,
      body: html`<h1>${item.item_name}</h1><p>目录清理：<a href="/console/campaigns/${c.id}">${c.title}</a>（${c.due_on} 截止）</p>${errorBox(o.errors ?? [])}
        <section><h2>确认无变化</h2>${actionForm(
          request,
          `/console/campaigns/${c.id}/items/${itemId}`,
          '确认无变化',
          html`<input type="hidden" name="answer" value="confirmed">
          <div class="field check"><label><input type="checkbox" name="attest" value="yes" required> ${ATTESTATION}</label></div>`,
          { primary: true },
        )}</section>
        <section><h2>需要变更</h2><p>先<a href="/console/changes/new?kind=change&amp;itemId=${itemId}">发起变更申请</a>，再登记：</p>
          ${actionForm(request, `/console/campaigns/${c.id}/items/${itemId}`, '登记已申请变更', html`<input type="hidden" name="answer" value="changed">`)}</section>
        <section><h2>提出取消</h2>${actionForm(
          request,
          `/console/campaigns/${c.id}/items/${itemId}`,
          '提出取消',
          html`<input type="hidden" name="answer" value="cancel_proposed">
          ${select('ground', '取消事由', cancelGrounds, undefined, { blank: '请选择', required: true })}${textarea('explanation', '理由及依据', '', { required: true })}`,
          { danger: true },
        )}</section>`,
    });
  };
  app.get(
    '/console/campaigns/:id/items/:itemId',
    { config: { access: 'campaign.answer' }, schema: { hide: true, params: ItemParams } },
    (request, reply) => answerPage(request, reply, request.params),
  );
  app.post(
    '/console/campaigns/:id/items/:itemId',
    { config: { access: 'campaign.answer' }, schema: { hide: true, params: ItemParams, body: Form } },
    async (request, reply) => {
      const { id, itemId } = request.params;
      const b = request.body;
      const kind = str(b.answer);
      const a: CampaignAnswer =
        kind === 'confirmed'
          ? { kind, attested: str(b.attest) === 'yes' }
          : kind === 'changed'
            ? { kind }
            : { kind: 'cancel_proposed', ground: str(b.ground), explanation: str(b.explanation) };
      try {
        await answerCampaign(ucOf(ctx, request), id, itemId, a);
        return seeOther(reply, `/console/campaigns/${id}`);
      } catch (e) {
        return answerPage(request, reply, request.params, {
          errors: formErrors(e, {
            attest: '确认声明',
            changeRequest: '变更申请',
            ground: '取消事由',
            explanation: '理由及依据',
          }),
          status: 400,
        });
      }
    },
  );
  app.post(
    '/console/campaigns/:id/close',
    { config: { access: 'campaign.manage' }, schema: { hide: true, params: IdParam, body: Form } },
    async (request, reply) => {
      const { id } = request.params;
      await closeCampaign(ucOf(ctx, request), id);
      return seeOther(reply, `/console/campaigns/${id}/report`);
    },
  );

  app.get(
    '/console/campaigns/:id/report',
    { config: { access: 'campaign.read' }, schema: { hide: true, params: IdParam } },
    async (request, reply) => {
      const { c, items } = await load(ctx, request, request.params.id);
      const { units, all } = progressBy(items);
      const section = (s: CampaignItemStatus) => {
        const rows = items.filter((i) => i.status === s);
        return html`<section><h2>${CAMPAIGN_ITEM_STATUSES[s]}（${rows.length}）</h2>${rows.length ? html`<ul>${rows.map((i) => html`<li>${i.item_name}（${i.unit_name}）${s === 'pending' ? '' : html` ${itemNote(i)}`}</li>`)}</ul>` : html`<p>无。</p>`}</section>`;
      };
      return sendPage(ctx, request, reply, {
        title: `目录清理报告：${c.title}`,
        active: 'campaigns',
        body: html`<h1>目录清理报告：${c.title}</h1>
        <p>${c.opened_on} 至 ${c.due_on}；${c.status === 'closed' ? `已于 ${chinaTime(c.closed_at)} 结束` : '尚未结束（以下为当前进度）'}。范围内事项 ${all.total} 项：确认无变化 ${all.counts.confirmed}，申请变更 ${all.counts.changed}，提出取消 ${all.counts.cancel_proposed}，未处理 ${all.counts.pending}。</p>
        ${progressTable(units, all)}${STATUS_KEYS.map(section)}`,
      });
    },
  );
  app.get(
    '/console/campaigns/:id/report.xlsx',
    { config: { access: 'campaign.read' }, schema: { hide: true, params: IdParam } },
    async (request, reply) => {
      const { c, items } = await load(ctx, request, request.params.id);
      const { units, all } = progressBy(items);
      const buf = await workbookBuffer([
        {
          name: '进度',
          header: ['实施单位', '范围内事项', ...STATUS_KEYS.map((s) => CAMPAIGN_ITEM_STATUSES[s]), '完成率%'],
          rows: [...units, all].map((p) => [
            p.name,
            p.total,
            ...STATUS_KEYS.map((s) => p.counts[s]),
            Math.round(p.done * 100),
          ]),
        },
        {
          name: '事项',
          header: ['事项', '实施单位', '处理', '事由', '说明'],
          rows: items.map((i) => [i.item_name, i.unit_name, label(CAMPAIGN_ITEM_STATUSES, i.status), i.ground, i.note]),
        },
      ]);
      return reply
        .header('content-disposition', attachment('campaign', `目录清理报告-${c.title}`, c.due_on))
        .header('cache-control', 'no-store')
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(buf);
    },
  );
}
