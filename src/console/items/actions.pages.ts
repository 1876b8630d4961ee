import { fieldsOf } from '../fields.js';
import { ATTESTATION_STATEMENT } from '../../workflow/attestation.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../app/context.js';
import { codesOf } from '../../domain/enums.js';
import type { App } from '../../http/app-type.js';
import { ucOf } from '../../http/use-case.js';
import { diffContent } from '../../items/diff.js';
import { getItemDetail } from '../../items/item.queries.js';
import { errors, isAppError } from '../../shared/errors.js';
import { parseStored } from '../../shared/json.js';
import { html, type HtmlValue } from '../../web/html.js';
import { setLifeState } from '../../workflow/life.service.js';
import { COMMENT_REQUIRED, TRANSITIONS, type TransitionName } from '../../workflow/state-machine.js';
import { transition, type FieldComment } from '../../workflow/transition.service.js';
import { csrfField, seeOther, sendPage } from '../render.js';
import { chinaLocalToIso, messagesOf } from '../common.js';
import { ACT_SEGMENTS, submitLabel, unitReviewOn } from './actions.js';
import { returnedPredecessor } from '../../items/working-version.js';
import { getChangeRequest } from '../../workflow/change-request.queries.js';
import { changePanel } from '../workflow/change-panel.js';
import { commentTargets } from './comment-targets.js';
import { contentView, findingsPanel } from './content-form.js';
import { diffTable } from './diff-view.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const ACTION_LABELS: Record<string, string> = {
  publishAt: '生效时间',
  comment: '意见',
  reason: '理由',
  version: '版本',
};
const FLASH: Partial<Record<TransitionName, string>> = {
  submit: 'submitted',
  unit_approve: 'submitted',
  verify: 'verified',
  return: 'returned',
  unit_return: 'returned',
  publish: 'published',
  schedule: 'scheduled',
};

/** Submission and 单位审核 approval from the console carry the Art. 15 statement: the person ticks it each time. */
const attests = (name: string) => name === 'submit' || name === 'unit_approve';

/** Field comments from the form's rows: `fieldComments[i][path]`, `fieldComments[i][comment]`. */
function readFieldComments(body: Record<string, unknown>): FieldComment[] {
  const raw = body.fieldComments;
  const rows = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : [];
  return rows
    .map((r) => ({
      path: str((r as Record<string, unknown>).path),
      comment: str((r as Record<string, unknown>).comment),
    }))
    .filter((r) => r.path && r.comment);
}

/**
 * Every transition from the console goes through a confirmation page that puts the difference against
 * the public version, the findings and the whole content in front of the person who approves it.
 */
export function registerActionPages(app: App, ctx: AppContext): void {
  const confirmPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    name: TransitionName | 'suspend' | 'resume',
    error?: string,
    status = 200,
  ) => {
    const d = await getItemDetail(ucOf(ctx, request), id);
    const label =
      name === 'suspend'
        ? '暂停'
        : name === 'resume'
          ? '恢复'
          : name === 'submit'
            ? submitLabel(await unitReviewOn(ctx.db.kysely, d.item.unit_id))
            : TRANSITIONS[name].label;
    const published = d.published && d.published.id !== d.current.id ? parseStored(d.published.content) : null;
    const changes = published ? diffContent(published, d.content) : [];
    const returnedFrom = await returnedPredecessor(ctx.db.kysely, d.current);
    const sinceReturn = returnedFrom ? diffContent(parseStored(returnedFrom.content), d.content) : [];
    const change =
      d.current.change_request_id && d.item.draft_version_id
        ? await getChangeRequest(ucOf(ctx, request), d.current.change_request_id)
        : null;
    // A 取消 version, or the source of a 合并/拆分, has the published content unchanged: the diff alone would say
    // 没有变化, while confirming moves on the item's cancellation.
    const retires =
      !!change &&
      (change.kind === 'cancel' || change.lineage.some((l) => l.itemId === d.item.id && l.role === 'source'));
    const segment = name === 'suspend' || name === 'resume' ? name : ACT_SEGMENTS[name]!;
    const isReturn = name === 'return' || name === 'unit_return';
    const targets = commentTargets(d.content);
    const reason: HtmlValue =
      name === 'suspend' || name === 'resume'
        ? html`<div class="field"><label for="reason">理由（必填，将公开显示）</label><textarea id="reason" name="reason" required rows="3"></textarea></div>`
        : '';
    return sendPage(ctx, request, reply, {
      title: `${label}：${d.item.name}`,
      active: 'items',
      status,
      body: html`<h1>确认${label}：${d.item.name}</h1>
      ${error ? html`<div class="flash flash-error" role="alert">${error}</div>` : ''}
      ${retires ? html`<div class="flash flash-info" role="note"><strong>本版本用于取消该事项${change!.kind === 'cancel' ? '' : `（${change!.kindLabel}的原事项）`}：</strong>内容与已发布版本相同，发布后该事项将被取消，不再公开办理。</div>` : ''}
      <form method="post" action="/console/items/${d.item.id}/act/${segment}" class="stack confirm">
        <input type="hidden" name="_csrf" value="${csrfField(request)}">
        <input type="hidden" name="version" value="${d.item.lock_version}">
        ${name === 'schedule' ? html`<div class="field"><label for="publishAt">生效时间</label><input id="publishAt" name="publishAt" type="datetime-local" required></div>` : ''}
        ${reason}
        ${attests(name) ? html`<div class="field check attestation"><label><input type="checkbox" name="attestation" value="1" required> ${ATTESTATION_STATEMENT}（第十五条；将以您的姓名和时间记入版本历史）</label></div>` : ''}
        ${name === 'suspend' || name === 'resume' ? '' : html`<div class="field"><label for="comment">意见${COMMENT_REQUIRED.includes(name) ? '（必填，可只填写下方针对要素的意见）' : '（可选）'}</label><textarea id="comment" name="comment" rows="3"></textarea></div>`}
        ${
          isReturn
            ? html`<fieldset class="rows"><legend>针对具体要素的意见（经办人将在对应字段旁看到）</legend>
          ${[0, 1, 2, 3, 4].map(
            (
              i,
            ) => html`<div class="row-inline"><label for="fc-${i}-path">要素</label><select id="fc-${i}-path" name="fieldComments[${i}][path]"><option value="">（选择要素）</option>${targets.map(([p, label]) => html`<option value="${p}">${label}</option>`)}</select>
            <label for="fc-${i}-comment">意见</label><input id="fc-${i}-comment" name="fieldComments[${i}][comment]" maxlength="1000"></div>`,
          )}</fieldset>`
            : ''
        }
        <div class="actions"><button type="submit" class="primary">确认${label}</button> <a href="/console/items/${d.item.id}">取消</a></div>
      </form>
      ${change ? changePanel(change) : ''}
      ${returnedFrom ? html`<section><h2>自退回以来的修改（与第 ${returnedFrom.seq} 版相比）</h2>${diffTable(sinceReturn)}</section>` : ''}
      ${
        published
          ? html`<section><h2>与已发布版本（第 ${d.published!.seq} 版）的差异</h2>${diffTable(changes)}</section>`
          : d.published
            ? html`<p class="muted">当前公开的是第 ${d.published.seq} 版，以下为其全部要素。</p>`
            : html`<p class="muted">首次发布：以下为全部要素。</p>`
      }
      ${findingsPanel(d.findings.findings)}
      ${contentView(d.content)}`,
    });
  };

  for (const name of codesOf(ACT_SEGMENTS)) {
    const segment = ACT_SEGMENTS[name];
    if (segment === undefined) continue;
    const access = TRANSITIONS[name].action;
    app.get(
      `/console/items/:id/act/${segment}`,
      { config: { access }, schema: { hide: true, params: Id } },
      async (request, reply) => confirmPage(request, reply, request.params.id, name),
    );
    app.post(
      `/console/items/:id/act/${segment}`,
      { config: { access }, schema: { hide: true, params: Id, body: Form } },
      async (request, reply) => {
        const body = fieldsOf(request.body);
        try {
          const publishAt = str(body.publishAt);
          // datetime-local has no zone: the console works in China Standard Time.
          const publishAtIso = publishAt ? chinaLocalToIso(publishAt) : undefined;
          if (publishAtIso === null)
            throw errors.field('publishAt', '生效时间格式不正确，请选择日期和时间（如 2026-12-01 08:00）');
          if (attests(name) && str(body.attestation) !== '1')
            throw errors.field('attestation', `请确认“${ATTESTATION_STATEMENT}”后再${TRANSITIONS[name].label}`);
          await transition(ucOf(ctx, request), request.params.id, name, {
            ...(attests(name) ? { attestation: true } : {}),
            version: Number.parseInt(str(body.version), 10) || undefined,
            comment: str(body.comment) || undefined,
            fieldComments: readFieldComments(body),
            ...(publishAtIso ? { publishAt: publishAtIso } : {}),
          });
        } catch (e) {
          if (isAppError(e) && e.status < 500 && e.status !== 404 && e.status !== 403) {
            const detail = e.code === 'RULE_VIOLATION' ? '（请返回编辑页查看字段旁的错误）' : '';
            return confirmPage(
              request,
              reply,
              request.params.id,
              name,
              `${messagesOf(e, ACTION_LABELS).join('；')}${detail}`,
              e.status,
            );
          }
          throw e;
        }
        return seeOther(reply, `/console/items/${request.params.id}?msg=${FLASH[name] ?? 'done'}`);
      },
    );
  }

  for (const [segment, to] of [
    ['suspend', 'suspended'],
    ['resume', 'active'],
  ] as const) {
    app.get(
      `/console/items/:id/act/${segment}`,
      { config: { access: 'item.life' }, schema: { hide: true, params: Id } },
      async (request, reply) => confirmPage(request, reply, request.params.id, segment),
    );
    app.post(
      `/console/items/:id/act/${segment}`,
      { config: { access: 'item.life' }, schema: { hide: true, params: Id, body: Form } },
      async (request, reply) => {
        try {
          await setLifeState(ucOf(ctx, request), request.params.id, to, str(request.body.reason));
        } catch (e) {
          if (isAppError(e) && e.status < 500 && e.status !== 404 && e.status !== 403)
            return confirmPage(
              request,
              reply,
              request.params.id,
              segment,
              messagesOf(e, ACTION_LABELS).join('；'),
              e.status,
            );
          throw e;
        }
        return seeOther(reply, `/console/items/${request.params.id}?msg=done`);
      },
    );
  }
}
