import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { chinaTime, errorList, messagesOf, str } from '../console/common.js';
import { csrfField, seeOther, sendPage } from '../console/render.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { findPublicDocument } from '../publishing/public-documents.queries.js';
import { can } from '../auth/policy.js';
import { isAppError } from '../shared/errors.js';
import { html, type HtmlValue } from '../web/html.js';
import {
  answerExplanationRequest,
  decideFaq,
  getExplanationRequest,
  getFaqProposal,
  listExplanationRequests,
  listFaqProposals,
  revealRequester,
  type ExplanationView,
} from './explanation.service.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const FAQ_STATES: Record<string, string> = {
  none: '',
  proposed: '建议发布为常见问题（待中心批准）',
  approved: '已发布为常见问题',
  declined: '中心未批准发布',
};

/**
 * Console of 说明解释申请: the unit's list and answer page (`explanation.answer`; the requester's name and
 * contact masked, revealing them is audited), and the centre's approval of answers as FAQs
 * (`explanation.approve_faq`).
 */
export function registerExplanationPages(app: App, ctx: AppContext): void {
  const itemLink = async (itemId: string, name: string): Promise<HtmlValue> => {
    const item = await findPublicDocument(ctx.db.kysely, { itemId });
    return item ? html`<a href="/items/${item.code}">${name}</a>（公开页面）` : name;
  };

  app.get(
    '/console/explanations',
    {
      config: { access: 'explanation.read' },
      schema: {
        hide: true,
        querystring: Type.Object({
          status: Type.Optional(Type.String({ maxLength: 20 })),
          unitId: Type.Optional(Type.String({ maxLength: 64 })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
          msg: Type.Optional(Type.String({ maxLength: 40 })),
        }),
      },
    },
    async (request, reply) => {
      const filter =
        request.query.status === 'answered'
          ? 'answered'
          : request.query.status === 'overdue'
            ? 'overdue'
            : request.query.status === 'all'
              ? 'all'
              : 'open';
      const unitId = request.query.unitId || undefined;
      const { views, total } = await listExplanationRequests(ucOf(ctx, request), {
        status: filter === 'open' || filter === 'answered' ? filter : undefined,
        overdue: filter === 'overdue',
        unitId,
        page: request.query.page ?? 1,
      });
      const tabs: Array<[string, string]> = [
        ['open', '待答复'],
        ['overdue', '已超期'],
        ['answered', '已答复'],
        ['all', '全部'],
      ];
      const everyUnit = !request.actor.unitId;
      const tabHref = (k: string) =>
        `/console/explanations?status=${k}${unitId ? `&unitId=${encodeURIComponent(unitId)}` : ''}`;
      return sendPage(ctx, request, reply, {
        title: '说明解释申请',
        active: 'explanations',
        body: html`<h1>说明解释申请</h1>
      <p class="muted">公众对已发布事项提出的说明解释申请（第二十一条），须在 ${ctx.config.deadlines.explanationWorkingDays} 个工作日内答复。申请人姓名和联系方式加密保存，列表中脱敏显示。</p>
      ${unitId && views[0] ? html`<p>实施单位：<strong>${views[0].unitName}</strong>（<a href="/console/explanations?status=${filter}">查看全部单位</a>）</p>` : ''}
      <nav aria-label="筛选"><ul class="actions-list">${tabs.map(([k, t]) => html`<li><a class="button${k === filter ? ' primary' : ''}" href="${tabHref(k)}"${k === filter ? html` aria-current="page"` : ''}>${t}</a></li>`)}</ul></nav>
      ${
        views.length
          ? html`<table class="list"><caption class="visually-hidden">说明解释申请列表（共 ${total} 条）</caption>
        <thead><tr><th scope="col">受理编号</th>${everyUnit ? html`<th scope="col">实施单位</th>` : ''}<th scope="col">事项</th><th scope="col">申请人</th><th scope="col">提交时间</th><th scope="col">答复期限</th><th scope="col">状态</th></tr></thead>
        <tbody>${views.map(
          (
            v,
          ) => html`<tr><td><a href="/console/explanations/${v.row.id}">${v.row.tracking_no}</a></td>${everyUnit ? html`<td>${v.unitName}</td>` : ''}<td>${v.row.item_name}</td>
          <td>${v.maskedName ?? '（未留姓名）'}${v.maskedContact ? html`<br><small>${v.maskedContact}</small>` : ''}</td><td>${chinaTime(v.row.created_at)}</td>
          <td><span class="${v.overdue ? 'overdue' : ''}">${v.row.due_on}</span><br><small class="${v.overdue ? 'overdue' : 'muted'}">${v.deadlineText}</small></td>
          <td>${v.row.status === 'answered' ? '已答复' : '待答复'}${v.row.faq_status !== 'none' ? html`<br><small>${FAQ_STATES[v.row.faq_status]}</small>` : ''}</td></tr>`,
        )}</tbody></table>`
          : html`<p>没有符合条件的申请。</p>`
      }`,
      });
    },
  );

  const detail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    v: ExplanationView,
    o: {
      revealed?: { name: string | null; contact: string | null };
      problems?: string[];
      values?: Record<string, string>;
      status?: number;
    } = {},
  ) => {
    const r = v.row;
    const vals = o.values ?? {};
    // The centre and the bureau read (supervision); only the unit answers and may unmask the requester.
    const answerer = can(request.actor, 'explanation.answer');
    return sendPage(ctx, request, reply, {
      title: `说明解释申请 ${r.tracking_no}`,
      active: 'explanations',
      status: o.status,
      body: html`<h1>说明解释申请 ${r.tracking_no}</h1>
      <dl class="kv">
        <dt>实施单位</dt><dd>${v.unitName}</dd>
        <dt>事项</dt><dd>${await itemLink(r.item_id, r.item_name)}</dd>
        <dt>提交时间</dt><dd>${chinaTime(r.created_at)}</dd>
        <dt>答复期限</dt><dd><span class="${v.overdue ? 'overdue' : ''}">${r.due_on}${r.due_provisional ? '（暂定）' : ''}</span> ${v.deadlineText}</dd>
        <dt>申请人</dt><dd id="requester">${
          o.revealed
            ? html`${o.revealed.name ?? '（未留姓名）'}；${o.revealed.contact ?? '（未留联系方式）'} <small class="muted">（查看已记入审计）</small>`
            : html`${v.maskedName ?? '（未留姓名）'}；${v.maskedContact ?? '（未留联系方式）'}
          ${answerer && (r.requester_name || r.contact) ? html`<form method="post" action="/console/explanations/${r.id}/reveal" class="inline"><input type="hidden" name="_csrf" value="${csrfField(request)}"> <button type="submit" class="link">查看完整联系方式</button></form>` : ''}
          ${r.contact_erased_at ? html`<small class="muted">（姓名和联系方式已于 ${chinaTime(r.contact_erased_at)} 按保存期限删除）</small>` : ''}`
        }</dd>
      </dl>
      <h2>问题</h2><p class="question">${r.question}</p>
      ${
        r.status === 'answered'
          ? html`<h2>答复</h2><p class="question">${r.answer}</p><p class="muted">答复于 ${chinaTime(r.answered_at)}${r.faq_status !== 'none' ? html`；${FAQ_STATES[r.faq_status]}` : ''}${r.faq_note ? html`（${r.faq_note}）` : ''}</p>`
          : !answerer
            ? html`<h2>答复</h2><p class="muted">尚未答复，由实施单位在期限内答复。</p>`
            : html`<h2>答复</h2>${errorList(o.problems ?? [])}
        <form method="post" action="/console/explanations/${r.id}/answer" class="stack form-section">
          <input type="hidden" name="_csrf" value="${csrfField(request)}">
          <div class="field"><label for="answer">答复内容（申请人凭受理编号和查询码查看）</label><textarea id="answer" name="answer" rows="6" maxlength="4000" required>${vals.answer ?? ''}</textarea></div>
          <fieldset class="group"><legend>发布为常见问题（可选，须经中心批准）</legend>
            <label class="check"><input type="checkbox" name="proposeFaq" value="1"${vals.proposeFaq ? html` checked` : ''}> 建议把本答复作为该事项的常见问题公开</label>
            <div class="field"><label for="faqQuestion">面向公众的问题表述（不得含个人信息）</label><input id="faqQuestion" name="faqQuestion" maxlength="1000" value="${vals.faqQuestion ?? ''}"></div>
            <div class="field"><label for="faqAnswer">公开的解答（留空则使用答复内容）</label><textarea id="faqAnswer" name="faqAnswer" rows="3" maxlength="4000">${vals.faqAnswer ?? ''}</textarea></div>
          </fieldset>
          <p><button type="submit" class="primary">提交答复</button></p>
        </form>`
      }
      <p><a href="/console/explanations">返回列表</a></p>`,
    });
  };

  app.get(
    '/console/explanations/:id',
    {
      config: { access: 'explanation.read' },
      schema: {
        hide: true,
        params: Id,
        querystring: Type.Object({ msg: Type.Optional(Type.String({ maxLength: 40 })) }),
      },
    },
    async (request, reply) =>
      detail(request, reply, await getExplanationRequest(ucOf(ctx, request), request.params.id)),
  );

  app.post(
    '/console/explanations/:id/reveal',
    { config: { access: 'explanation.answer' }, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const revealed = await revealRequester(uc, request.params.id);
      return detail(request, reply, await getExplanationRequest(uc, request.params.id), { revealed });
    },
  );

  app.post(
    '/console/explanations/:id/answer',
    { config: { access: 'explanation.answer' }, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const b = request.body;
      const values = {
        answer: str(b.answer),
        proposeFaq: str(b.proposeFaq),
        faqQuestion: str(b.faqQuestion),
        faqAnswer: str(b.faqAnswer),
      };
      try {
        await answerExplanationRequest(uc, request.params.id, {
          answer: values.answer,
          proposeFaq: values.proposeFaq === '1',
          faqQuestion: values.faqQuestion,
          faqAnswer: values.faqAnswer,
        });
        return seeOther(reply, `/console/explanations/${request.params.id}?msg=done`);
      } catch (e) {
        const problems = messagesOf(e);
        return detail(request, reply, await getExplanationRequest(uc, request.params.id), {
          problems,
          values,
          status: 400,
        });
      }
    },
  );

  app.get(
    '/console/faq-approvals',
    {
      config: { access: 'explanation.approve_faq' },
      schema: {
        hide: true,
        querystring: Type.Object({
          status: Type.Optional(Type.String({ maxLength: 20 })),
          msg: Type.Optional(Type.String({ maxLength: 40 })),
        }),
      },
    },
    async (request, reply) => {
      const status =
        request.query.status === 'approved' || request.query.status === 'declined' ? request.query.status : 'proposed';
      const views = await listFaqProposals(ucOf(ctx, request), status);
      const tabs: Array<[string, string]> = [
        ['proposed', '待批准'],
        ['approved', '已发布'],
        ['declined', '未批准'],
      ];
      return sendPage(ctx, request, reply, {
        title: '常见问题审批',
        active: 'faq-approvals',
        body: html`<h1>说明解释答复发布为常见问题</h1>
      <p class="muted">实施单位建议公开的答复。事项有正在编辑的调整时，批准后并入该调整，随之核验、发布；没有时，批准即作为该事项的常见问题发布新版本（计入发布记录，门户、接口、订阅和各渠道同步），须由中心发布员批准。</p>
      <nav aria-label="筛选"><ul class="actions-list">${tabs.map(([k, t]) => html`<li><a class="button${k === status ? ' primary' : ''}" href="/console/faq-approvals?status=${k}"${k === status ? html` aria-current="page"` : ''}>${t}</a></li>`)}</ul></nav>
      ${
        views.length
          ? html`<table class="list"><caption class="visually-hidden">常见问题建议</caption>
        <thead><tr><th scope="col">受理编号</th><th scope="col">实施单位</th><th scope="col">事项</th><th scope="col">拟公开的问题</th><th scope="col">答复时间</th></tr></thead>
        <tbody>${views.map((v) => html`<tr><td><a href="/console/faq-approvals/${v.row.id}">${v.row.tracking_no}</a></td><td>${v.unitName ?? ''}</td><td>${v.row.item_name}</td><td>${v.row.faq_question ?? ''}</td><td>${chinaTime(v.row.answered_at)}</td></tr>`)}</tbody></table>`
          : html`<p>没有记录。</p>`
      }`,
      });
    },
  );

  const faqPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    v: ExplanationView,
    o: { problems?: string[]; status?: number } = {},
  ) => {
    const r = v.row;
    return sendPage(ctx, request, reply, {
      title: `常见问题建议 ${r.tracking_no}`,
      active: 'faq-approvals',
      status: o.status,
      body: html`<h1>常见问题建议 ${r.tracking_no}</h1>
      <dl class="kv"><dt>事项</dt><dd>${await itemLink(r.item_id, r.item_name)}</dd><dt>状态</dt><dd>${FAQ_STATES[r.faq_status]}${r.faq_seq ? html`（发布序号 ${r.faq_seq}）` : ''}</dd></dl>
      <h2>公众的问题</h2><p class="question">${r.question}</p>
      <h2>单位的答复</h2><p class="question">${r.answer ?? ''}</p>
      ${
        r.faq_status === 'proposed'
          ? html`${errorList(o.problems ?? [])}
        <form method="post" action="/console/faq-approvals/${r.id}" class="stack form-section">
          <input type="hidden" name="_csrf" value="${csrfField(request)}">
          <div class="field"><label for="question">公开的问题</label><input id="question" name="question" maxlength="1000" value="${r.faq_question ?? ''}"></div>
          <div class="field"><label for="answer">公开的解答</label><textarea id="answer" name="answer" rows="5" maxlength="4000">${r.faq_answer ?? ''}</textarea></div>
          <div class="field"><label for="note">意见（不予发布时必填）</label><input id="note" name="note" maxlength="500"></div>
          <p><button type="submit" name="decision" value="approve" class="primary">批准</button> <button type="submit" name="decision" value="decline">不予发布</button></p>
        </form>`
          : html`<h2>公开内容</h2><p><strong>${r.faq_question}</strong></p><p class="question">${r.faq_answer}</p>${r.faq_note ? html`<p>意见：${r.faq_note}</p>` : ''}`
      }
      <p><a href="/console/faq-approvals">返回列表</a></p>`,
    });
  };

  app.get(
    '/console/faq-approvals/:id',
    {
      config: { access: 'explanation.approve_faq' },
      schema: {
        hide: true,
        params: Id,
        querystring: Type.Object({ msg: Type.Optional(Type.String({ maxLength: 40 })) }),
      },
    },
    async (request, reply) => faqPage(request, reply, await getFaqProposal(ucOf(ctx, request), request.params.id)),
  );

  app.post(
    '/console/faq-approvals/:id',
    { config: { access: 'explanation.approve_faq' }, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const b = request.body;
      try {
        const outcome = await decideFaq(uc, request.params.id, {
          approve: str(b.decision) === 'approve',
          question: str(b.question) || undefined,
          answer: str(b.answer) || undefined,
          note: str(b.note),
        });
        return seeOther(
          reply,
          `/console/faq-approvals/${request.params.id}?msg=${outcome?.kind === 'published' ? 'published' : 'done'}`,
        );
      } catch (e) {
        // The status of the refusal: 400 invalid wording, 403 publishing without item.publish, 409 state or race.
        return faqPage(request, reply, await getFaqProposal(uc, request.params.id), {
          problems: messagesOf(e),
          status: isAppError(e) ? e.status : 400,
        });
      }
    },
  );
}
