import { isCodeOf } from '../domain/enums.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { can } from '../auth/policy.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { listItems } from '../items/item.queries.js';
import { chinaDate } from '../shared/clock.js';
import { isAppError } from '../shared/errors.js';
import { getReorganisation } from '../units/reorganisation.queries.js';
import {
  REORGANISATION_KINDS,
  reorganiseUnits,
  type ReorganisationInput,
  type ReorganisationKind,
} from '../units/reorganisation.service.js';
import { listUnits } from '../units/unit.service.js';
import { html, type HtmlValue } from '../web/html.js';
import { chinaTime } from './common.js';
import { csrfField, seeOther, sendPage } from './render.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(str).filter(Boolean);
const CR_STATUS: Record<string, string> = {
  open: '待提交',
  submitted: '审核中',
  completed: '已完成',
  withdrawn: '已撤销',
};
const HELP: Record<ReorganisationKind, string> = {
  rename: '单位名称改变、统一社会信用代码不变：各已发布事项生成“变更”申请（编码不变）。',
  merge:
    '被合并单位的全部事项划入合并后的单位：编码随统一社会信用代码改变的，原事项取消、以新编码新增（划转），原网址指向新事项；被合并单位停用。',
  split: '单位撤销、职能分别划入其他单位：为每个事项指定承接单位（下级事项随上级事项）；原单位停用。',
  transfer: '部分职能划入另一单位：选择划出的事项（下级事项随上级事项）；原单位保留。',
};

/**
 * 实施机构职能调整 (Art. 18(三)) for the centre: one form per kind; the result page lists where each item went,
 * the adjustment opened for it with its deadline, and the accounts of ceased units for the 安全管理员.
 */
export function registerReorganisationPages(app: App, ctx: AppContext): void {
  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    v: Record<string, unknown>,
    error?: string,
    status = 200,
  ) => {
    const uc = ucOf(ctx, request);
    const kind = isCodeOf(REORGANISATION_KINDS, v.kind) ? v.kind : 'merge';
    const units = (await listUnits(uc)).filter((u) => u.active);
    const sources = list(v.sourceUnitIds);
    const source = sources[0] ?? '';
    const unitOptions = (selected: string, blank: string) =>
      html`<option value="">${blank}</option>${units.map((u) => html`<option value="${u.id}"${u.id === selected ? html` selected` : ''}>${u.name}（${u.uscc}）</option>`)}`;
    const field = (id: string, label: string, control: HtmlValue) =>
      html`<div class="field"><label for="${id}">${label}</label>${control}</div>`;
    // Split and transfer name items: the unit is chosen first (a GET), then its top-level items are listed.
    const items =
      (kind === 'split' || kind === 'transfer') && source
        ? (await listItems(uc, { unitId: source, lifeState: 'active', offset: 0, limit: 500 })).rows.filter(
            (i) => i.granularity === 'main' || !i.parent_id,
          )
        : [];
    const chosen = new Set(list(v.itemIds));
    return sendPage(ctx, request, reply, {
      title: '实施机构职能调整',
      active: 'units',
      status,
      body: html`<h1>实施机构职能调整（第十八条第（三）项）</h1>
      <p>${Object.entries(REORGANISATION_KINDS).map(([k, label]) => html`<a class="button${k === kind ? ' primary' : ''}" href="/console/units/reorganise?kind=${k}">${label}</a> `)}</p>
      <p class="muted">${HELP[kind]}各事项的调整期限为事由发生之日起 ${ctx.config.deadlines.adjustmentWorkingDays} 个工作日（第十九条）。</p>
      ${error ? html`<div class="flash flash-error" role="alert">${error}</div>` : ''}
      ${
        (kind === 'split' || kind === 'transfer') && !source
          ? html`<form method="get" action="/console/units/reorganise" class="stack"><input type="hidden" name="kind" value="${kind}">
          ${field('source', '原单位', html`<select id="source" name="sourceUnitIds" required>${unitOptions('', '（请选择）')}</select>`)}<div class="actions"><button type="submit">列出该单位的事项</button></div></form>`
          : html`<form method="post" action="/console/units/reorganise" class="stack">
        <input type="hidden" name="_csrf" value="${csrfField(request)}"><input type="hidden" name="kind" value="${kind}">
        ${
          kind === 'merge'
            ? html`<fieldset><legend>被合并的单位</legend>${units.map((u) => html`<label class="check"><input type="checkbox" name="sourceUnitIds" value="${u.id}"${sources.includes(u.id) ? html` checked` : ''}> ${u.name}</label><br>`)}</fieldset>
          ${field('targetUnitId', '合并后的单位（承接全部事项）', html`<select id="targetUnitId" name="targetUnitId" required>${unitOptions(str(v.targetUnitId), '（请选择）')}</select>`)}`
            : kind === 'rename'
              ? html`${field('source', '单位', html`<select id="source" name="sourceUnitIds" required>${unitOptions(source, '（请选择）')}</select>`)}
          ${field('newName', '新名称', html`<input id="newName" name="newName" maxlength="200" required value="${str(v.newName)}">`)}`
              : html`<input type="hidden" name="sourceUnitIds" value="${source}"><p>原单位：${units.find((u) => u.id === source)?.name ?? ''}</p>
          ${kind === 'transfer' ? field('targetUnitId', '承接单位', html`<select id="targetUnitId" name="targetUnitId" required>${unitOptions(str(v.targetUnitId), '（请选择）')}</select>`) : ''}
          <table class="list"><caption>${kind === 'split' ? '各事项的承接单位' : '划出的事项'}</caption><thead><tr><th scope="col">事项</th><th scope="col">实施编码</th><th scope="col">${kind === 'split' ? '承接单位' : '划出'}</th></tr></thead>
          <tbody>${items.map(
            (i, n) =>
              html`<tr><td>${i.name}</td><td><code>${i.task_code}</code></td><td>${
                kind === 'split'
                  ? html`<input type="hidden" name="assignItem" value="${i.id}"><label class="visually-hidden" for="assign-${n}">${i.name}的承接单位</label><select id="assign-${n}" name="assignUnit">${unitOptions(str(list(v.assignUnit)[n]), '（请选择）')}</select>`
                  : html`<label><input type="checkbox" name="itemIds" value="${i.id}"${chosen.has(i.id) ? html` checked` : ''}> 划出</label>`
              }</td></tr>`,
          )}</tbody></table>`
        }
        ${field('eventDate', '调整事由发生日期（机构编制决定生效之日）', html`<input id="eventDate" name="eventDate" type="date" required value="${str(v.eventDate) || chinaDate(ctx.clock.now())}">`)}
        ${field('docNo', '依据文件文号', html`<input id="docNo" name="docNo" maxlength="100" value="${str(v.docNo)}">`)}
        ${field('docTitle', '依据文件名称', html`<input id="docTitle" name="docTitle" maxlength="300" value="${str(v.docTitle)}">`)}
        ${field('explanation', '说明', html`<textarea id="explanation" name="explanation" rows="2" maxlength="2000">${str(v.explanation)}</textarea>`)}
        <div class="actions"><button type="submit" class="primary">确认${REORGANISATION_KINDS[kind]}</button> <a href="/console/units">取消</a></div>
      </form>`
      }`,
    });
  };

  app.get(
    '/console/units/reorganise',
    {
      config: { access: 'unit.reorganise' },
      schema: { hide: true, querystring: Type.Record(Type.String(), Type.String()) },
    },
    async (request, reply) => formPage(request, reply, request.query),
  );

  app.post(
    '/console/units/reorganise',
    { config: { access: 'unit.reorganise' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const b = request.body;
      const kind = str(b.kind) as ReorganisationKind;
      const assignItems = list(b.assignItem);
      const assignUnits = (Array.isArray(b.assignUnit) ? b.assignUnit : [b.assignUnit]).map(str);
      const doc = Object.fromEntries(
        Object.entries({ docNo: str(b.docNo), title: str(b.docTitle) }).filter(([, x]) => x),
      );
      const input: ReorganisationInput = {
        kind,
        sourceUnitIds: list(b.sourceUnitIds),
        eventDate: str(b.eventDate),
        explanation: str(b.explanation) || undefined,
        ...(str(b.targetUnitId) ? { targetUnitId: str(b.targetUnitId) } : {}),
        ...(str(b.newName) ? { newName: str(b.newName) } : {}),
        ...(Object.keys(doc).length ? { groundDocument: doc } : {}),
        ...(kind === 'split'
          ? {
              assignments: assignItems
                .map((itemId, n) => ({ itemId, unitId: assignUnits[n] ?? '' }))
                .filter((a) => a.unitId),
            }
          : {}),
        ...(kind === 'transfer' ? { assignments: list(b.itemIds).map((itemId) => ({ itemId })) } : {}),
      };
      try {
        const result = await reorganiseUnits(ucOf(ctx, request), input);
        return seeOther(reply, `/console/units/reorganisations/${result.id}?msg=done`);
      } catch (e) {
        if (isAppError(e) && e.status < 500 && e.status !== 403 && e.status !== 404)
          return formPage(
            request,
            reply,
            b,
            e.issues.length ? e.issues.map((i) => i.message).join('；') : e.message,
            e.status,
          );
        throw e;
      }
    },
  );

  app.get(
    '/console/units/reorganisations/:id',
    {
      config: { access: 'unit.read' },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      const r = await getReorganisation(ucOf(ctx, request), request.params.id);
      const names = (units: Array<{ name: string }>) => units.map((u) => u.name).join('、');
      return sendPage(ctx, request, reply, {
        title: `实施机构职能调整：${r.kindLabel}`,
        active: 'units',
        body: html`<h1>实施机构职能调整：${r.kindLabel}</h1>
      <dl class="kv"><dt>原单位</dt><dd>${names(r.sources)}</dd><dt>承接单位</dt><dd>${names(r.targets)}</dd><dt>事由</dt><dd>实施机构职能调整（第十八条第（三）项）${r.explanation ? `：${r.explanation}` : ''}</dd>
        <dt>事由发生日</dt><dd>${r.eventDate}</dd><dt>登记时间</dt><dd>${chinaTime(r.createdAt)}</dd></dl>
      <section><h2>事项去向（${r.moves.length} 项）</h2><table class="list"><thead><tr><th scope="col">事项</th><th scope="col">承接单位</th><th scope="col">调整</th><th scope="col">期限</th><th scope="col">状态</th></tr></thead>
        <tbody>${r.moves.map(
          (
            m,
          ) => html`<tr><td><a href="/console/items/${m.itemId}">${m.itemName}</a>${m.successorId ? html` → <a href="/console/items/${m.successorId}">新编码事项</a>` : ''}</td><td>${m.toUnitName}</td>
          <td>${m.changeRequestId ? html`<a href="/console/changes/${m.changeRequestId}">${m.successorId ? '划转（取消＋新增）' : '变更'}</a>` : '未发布，直接划入'}</td><td>${m.dueOn ?? '—'}</td><td>${m.status ? (CR_STATUS[m.status] ?? m.status) : '—'}</td></tr>`,
        )}</tbody></table></section>
      ${
        r.accounts.length
          ? html`<section><h2>待重新分配的账号（原单位已撤并）</h2><p class="muted">请安全管理员为这些账号变更所属单位或停用。</p>
        <table class="list"><thead><tr><th scope="col">账号</th><th scope="col">姓名</th><th scope="col">原单位</th></tr></thead>
        <tbody>${r.accounts.map((a) => html`<tr><td>${can(request.actor, 'account.manage') ? html`<a href="/console/accounts/${a.id}">${a.username}</a>` : a.username}</td><td>${a.displayName}</td><td>${a.unitName}</td></tr>`)}</tbody></table></section>`
          : ''
      }
      <p><a href="/console/units">返回单位列表</a></p>`,
      });
    },
  );
}
