import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { listAccounts } from '../accounts/account.service.js';
import { can } from '../auth/policy.js';
import { DEPT_NATURES, label } from '../domain/enums.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { isAppError, type FieldIssue } from '../shared/errors.js';
import { schemaIssues } from '../shared/schema-issues.js';
import { presentUnit } from '../units/unit.routes.js';
import { UnitBody } from '../units/unit.schema.js';
import { createUnit, getUnit, listUnits, updateUnit } from '../units/unit.service.js';
import { html } from '../web/html.js';
import { coerceForm } from '../web/form/coerce.js';
import { renderFields } from '../web/form/render.js';
import { renderObject } from '../web/form/view.js';
import { accountTable } from './accounts/account.view.js';
import { registerReorganisationPages } from './reorganisation.pages.js';
import { csrfField, seeOther, sendPage } from './render.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const SCHEMA = UnitBody;

type Values = Record<string, unknown>;

/**
 * 实施单位: every business role and the system/security administrators can read the list; the 系统管理员
 * registers and edits units (USCC validated with its check character by unit.service). For the 安全管理员
 * the unit page lists the unit's accounts.
 */
export function registerUnitPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/units',
    {
      config: { access: 'unit.read' },
      schema: {
        hide: true,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          msg: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => {
      const units = await listUnits(ucOf(ctx, request), request.query.q || undefined);
      return sendPage(ctx, request, reply, {
        title: '实施单位',
        active: 'units',
        body: html`<div class="page-head"><h1>实施单位</h1>${can(request.actor, 'unit.manage') ? html`<a class="button primary" href="/console/units/new">新增单位</a>` : ''}${can(request.actor, 'unit.reorganise') ? html`<a class="button" href="/console/units/reorganise">实施机构职能调整</a>` : ''}</div>
      <form method="get" action="/console/units" class="filters" role="search" aria-label="查找单位">
        <div class="field"><label for="q">名称或统一社会信用代码</label><input id="q" name="q" value="${request.query.q ?? ''}" maxlength="100"></div><button type="submit">查找</button></form>
      ${
        units.length
          ? html`<table class="list"><caption class="visually-hidden">实施单位列表</caption>
        <thead><tr><th scope="col">单位名称</th><th scope="col">统一社会信用代码</th><th scope="col">实施主体性质</th><th scope="col">事项数</th><th scope="col">提交前单位审核</th></tr></thead>
        <tbody>${units.map(
          (
            u,
          ) => html`<tr><td><a href="/console/units/${u.id}">${u.name}</a></td><td><code>${u.uscc}</code></td><td>${label(DEPT_NATURES, u.nature)}</td>
          <td>${Number(u.item_count)}</td><td>${u.unit_review_enabled ? '是' : '否'}${u.active ? '' : html` <span class="badge">已撤并</span>`}</td></tr>`,
        )}</tbody></table>`
          : html`<p>没有符合条件的单位。</p>`
      }`,
      });
    },
  );

  const form = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { id?: string; values: Values; version?: number; issues?: FieldIssue[]; message?: string; status?: number },
  ) => {
    const notes = new Map<string, Array<{ severity: 'error'; message: string }>>();
    for (const i of o.issues ?? [])
      notes.set(`unit.${i.path}`, [...(notes.get(`unit.${i.path}`) ?? []), { severity: 'error', message: i.message }]);
    const title = o.id ? '修改实施单位' : '新增实施单位';
    return sendPage(ctx, request, reply, {
      title,
      active: 'units',
      status: o.status,
      body: html`<h1>${title}</h1>
      ${o.message ? html`<div class="flash flash-error" role="alert">${o.message}</div>` : ''}
      ${o.issues?.length ? html`<div class="flash flash-error" role="alert">有 ${o.issues.length} 处填写不符合要求，已在对应字段旁标出，未保存。</div>` : ''}
      <form method="post" action="${o.id ? `/console/units/${o.id}/edit` : '/console/units/new'}" class="stack form-section" novalidate>
        <input type="hidden" name="_csrf" value="${csrfField(request)}">
        ${o.version ? html`<input type="hidden" name="version" value="${o.version}">` : ''}
        ${renderFields(SCHEMA, ['unit'], o.values, { notes })}
        <p><button type="submit" class="primary">保存</button> <a href="${o.id ? `/console/units/${o.id}` : '/console/units'}">取消</a></p>
      </form>`,
    });
  };

  /** The form's values, checked against the same schema as the API body; null values become absent. */
  const read = (body: Values): { values: Values; issues: FieldIssue[] } => {
    const values = coerceForm(SCHEMA, body.unit, true) as Values;
    return { values, issues: schemaIssues(UnitBody, values) };
  };

  app.get('/console/units/new', { config: { access: 'unit.manage' }, schema: { hide: true } }, async (request, reply) =>
    form(request, reply, { values: { regionCode: ctx.config.jurisdiction.regionCode, nature: '1' } }),
  );

  app.post(
    '/console/units/new',
    { config: { access: 'unit.manage' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const { values, issues } = read(request.body);
      if (issues.length) return form(request, reply, { values, issues, status: 400 });
      try {
        const unit = await createUnit(ucOf(ctx, request), values as UnitBody);
        return seeOther(reply, `/console/units/${unit.id}?msg=saved`);
      } catch (e) {
        if (isAppError(e) && ['VALIDATION_FAILED', 'DUPLICATE'].includes(e.code))
          return form(request, reply, {
            values,
            issues: e.issues,
            message: e.issues.length ? undefined : e.message,
            status: e.status,
          });
        throw e;
      }
    },
  );

  registerReorganisationPages(app, ctx);

  app.get(
    '/console/units/:id',
    { config: { access: 'unit.read' }, schema: { hide: true, params: Id } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const unit = presentUnit(await getUnit(uc, request.params.id));
      const accounts = can(request.actor, 'account.manage') ? await listAccounts(uc, { unitId: unit.id }) : null;
      const { id: _id, version: _v, active: _a, ...shown } = unit;
      return sendPage(ctx, request, reply, {
        title: unit.name,
        active: 'units',
        body: html`<div class="page-head"><h1>${unit.name}</h1>${can(request.actor, 'unit.manage') ? html`<a class="button primary" href="/console/units/${unit.id}/edit">修改</a>` : ''}</div>
      ${renderObject(SCHEMA, shown)}
      ${
        accounts
          ? html`<section><div class="page-head"><h2>本单位账号</h2><a class="button" href="/console/accounts/new?unitId=${unit.id}">为本单位开设账号</a></div>
        ${accountTable(accounts, () => unit.name, ctx.clock.now().toISOString())}</section>`
          : ''
      }
      <p><a href="/console/units">返回单位列表</a></p>`,
      });
    },
  );

  app.get(
    '/console/units/:id/edit',
    { config: { access: 'unit.manage' }, schema: { hide: true, params: Id } },
    async (request, reply) => {
      const unit = presentUnit(await getUnit(ucOf(ctx, request), request.params.id));
      const values = Object.fromEntries(Object.entries(unit).filter(([, v]) => v !== null));
      return form(request, reply, { id: unit.id, values, version: unit.version });
    },
  );

  app.post(
    '/console/units/:id/edit',
    { config: { access: 'unit.manage' }, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      const body = request.body;
      const version = Number.parseInt(String(body.version ?? ''), 10);
      const { values, issues } = read(body);
      if (issues.length || !(version >= 1))
        return form(request, reply, {
          id: request.params.id,
          values,
          version,
          issues,
          status: 400,
          message: version >= 1 ? undefined : '缺少版本号，请刷新后重试',
        });
      try {
        await updateUnit(ucOf(ctx, request), request.params.id, { ...(values as UnitBody), version });
        return seeOther(reply, `/console/units/${request.params.id}?msg=saved`);
      } catch (e) {
        if (isAppError(e) && ['VALIDATION_FAILED', 'DUPLICATE', 'VERSION_CONFLICT'].includes(e.code)) {
          return form(request, reply, {
            id: request.params.id,
            values,
            version,
            issues: e.issues,
            message: e.issues.length ? undefined : e.message,
            status: e.status,
          });
        }
        throw e;
      }
    },
  );
}
