import { fieldsOf } from './fields.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isIsoDate } from '../calendar/dates.js';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { AccountView } from '../accounts/account-view.js';
import { getAccount, listAccounts } from '../accounts/account.service.js';
import { requireAuth } from '../accounts/auth.routes.js';
import { issueToken, listTokens, revokeToken } from '../accounts/token.service.js';
import { actionsAllowed, POLICY, type Action } from '../auth/policy.js';
import { ADMIN_ROLES } from '../auth/roles.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { isAppError, type FieldIssue } from '../shared/errors.js';
import { html } from '../web/html.js';
import { rolesText } from './accounts/account.view.js';
import { chinaTime, confirmForm, fieldError, issueList, str, strList } from './common.js';
import { stashSecret, takeSecret } from './one-time-reveal.js';
import { csrfField, seeOther, sendPage } from './render.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const access = { access: 'token.manage' } as const;

/** Scopes a token may carry for this owner: what the owner's roles allow, less the owner's own-account actions. */
const scopesFor = (owner: AccountView): Action[] => actionsAllowed(owner.roles).filter((a) => a !== 'self.account');
const isTokenOwner = (a: AccountView) => a.status === 'active' && !a.roles.some((r) => ADMIN_ROLES.includes(r));

/**
 * API 令牌 for the 安全管理员: tokens for machine clients (a unit's online-handling system, the portal
 * integration). Issued in two steps (owner, then the scopes that owner's roles allow), shown once, revocable.
 */
export function registerTokenPages(app: App, ctx: AppContext): void {
  app.get('/console/tokens', { config: access, schema: { hide: true } }, async (request, reply) => {
    const uc = ucOf(ctx, request);
    const tokens = await listTokens(uc);
    const owners = new Map((await listAccounts(uc, {})).map((a) => [a.id, a]));
    const now = ctx.clock.now().toISOString();
    const state = (t: (typeof tokens)[number]) =>
      t.revokedAt ? `已吊销（${chinaTime(t.revokedAt)}）` : t.expiresAt && t.expiresAt < now ? '已过期' : '有效';
    return sendPage(ctx, request, reply, {
      title: 'API 令牌',
      active: 'tokens',
      body: html`<div class="page-head"><h1>API 令牌</h1><a class="button primary" href="/console/tokens/new">签发令牌</a></div>
      <p class="muted">供单位网办系统、门户等机器客户端调用接口。令牌的权限不超过所属账号的角色，并可进一步收窄；令牌只在签发时显示一次，数据库只保存其 SM3 摘要。</p>
      ${
        tokens.length
          ? html`<table class="list"><caption class="visually-hidden">API 令牌列表</caption>
        <thead><tr><th scope="col">名称</th><th scope="col">前缀</th><th scope="col">所属账号</th><th scope="col">权限</th><th scope="col">签发</th><th scope="col">到期</th><th scope="col">最近使用</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
        <tbody>${tokens.map(
          (
            t,
          ) => html`<tr><td>${t.name}</td><td><code>${t.prefix}…</code></td><td>${owners.get(t.userId)?.username ?? t.userId}</td>
          <td>${t.scopes.map((s) => html`<code>${s}</code> `)}</td><td>${chinaTime(t.createdAt)}</td><td>${chinaTime(t.expiresAt)}</td><td>${chinaTime(t.lastUsedAt)}</td><td>${state(t)}</td>
          <td>${t.revokedAt ? '' : html`<a href="/console/tokens/${t.id}/revoke">吊销</a>`}</td></tr>`,
        )}</tbody></table>`
          : html`<p>尚未签发令牌。</p>`
      }`,
    });
  });

  const newPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { body?: Record<string, unknown>; issues?: FieldIssue[]; status?: number } = {},
  ) => {
    const uc = ucOf(ctx, request);
    const b = o.body ?? {};
    const issues = o.issues ?? [];
    const ownerId = str(b.userId) || str(fieldsOf(request.query).userId);
    const owners = (await listAccounts(uc, { status: 'active' })).filter(isTokenOwner);
    const owner = owners.find((a) => a.id === ownerId);
    const e = (path: string) => fieldError(issues, path);
    const checked = new Set(strList(b.scopes));
    const body = owner
      ? html`<form method="post" action="/console/tokens/new" class="stack form-section" novalidate>
          <input type="hidden" name="_csrf" value="${csrfField(request)}"><input type="hidden" name="userId" value="${owner.id}">
          <p>所属账号：<code>${owner.username}</code>（${owner.displayName}，${rolesText(owner.roles)}） <a href="/console/tokens/new">更换</a></p>
          <div class="field"><label for="name">名称（用途）</label><input id="name" name="name" value="${str(b.name)}" required maxlength="100"${e('name').attrs}>${e('name').note}</div>
          <fieldset class="field codeset" id="scopes"${e('scopes').attrs}><legend>权限（只列出所属账号角色允许的操作）</legend>
            ${scopesFor(owner).map((a) => html`<label class="check"><input type="checkbox" name="scopes[]" value="${a}"${checked.has(a) ? html` checked` : ''}> ${POLICY[a].summary} <code>${a}</code></label>`)}
            ${e('scopes').note}</fieldset>
          <div class="field"><label for="expiresOn">到期日（可不填）</label><input id="expiresOn" name="expiresOn" type="date" value="${str(b.expiresOn)}"${e('expiresAt').attrs}>${e('expiresAt').note}</div>
          <p><button type="submit" class="primary">签发令牌</button> <a href="/console/tokens">取消</a></p>
        </form>`
      : html`<form method="get" action="/console/tokens/new" class="stack form-section">
          <div class="field"><label for="userId">所属账号</label><select id="userId" name="userId" required${e('userId').attrs}>
            ${owners.map((a) => html`<option value="${a.id}">${a.username}（${a.displayName}，${rolesText(a.roles)}）</option>`)}</select>${e('userId').note}
            <small class="help">令牌以该账号的身份调用接口，权限不超过其角色；三员账号不能签发令牌。</small></div>
          <p><button type="submit" class="primary">下一步：选择权限</button> <a href="/console/tokens">取消</a></p></form>`;
    return sendPage(ctx, request, reply, {
      title: '签发 API 令牌',
      active: 'tokens',
      status: o.status,
      body: html`<h1>签发 API 令牌</h1>${issueList(issues, { name: '名称', scopes: '权限', userId: '所属账号', expiresAt: '到期日' })}${body}`,
    });
  };

  app.get(
    '/console/tokens/new',
    {
      config: access,
      schema: { hide: true, querystring: Type.Object({ userId: Type.Optional(Type.String({ maxLength: 64 })) }) },
    },
    async (request, reply) => newPage(request, reply),
  );

  app.post('/console/tokens/new', { config: access, schema: { hide: true, body: Form } }, async (request, reply) => {
    const body = request.body;
    const expiresOn = str(body.expiresOn);
    const issues: FieldIssue[] = [];
    if (!str(body.name)) issues.push({ path: 'name', message: '请填写令牌名称（用途）' });
    if (!strList(body.scopes).length) issues.push({ path: 'scopes', message: '至少选择一项权限' });
    const validDay = !expiresOn || isIsoDate(expiresOn);
    if (!validDay) issues.push({ path: 'expiresAt', message: '到期日不是有效日期（如 2027-06-30）' });
    // The token stops working at the end of the chosen day, China time.
    const expiresAt = expiresOn && validDay ? new Date(`${expiresOn}T23:59:59+08:00`).toISOString() : undefined;
    if (expiresAt && expiresAt <= ctx.clock.now().toISOString())
      issues.push({ path: 'expiresAt', message: '到期日应晚于今天' });
    if (issues.length) return newPage(request, reply, { body, issues, status: 400 });
    try {
      const { token, view } = await issueToken(ucOf(ctx, request), {
        name: str(body.name),
        userId: str(body.userId),
        scopes: strList(body.scopes),
        ...(expiresAt ? { expiresAt } : {}),
      });
      const reveal = await stashSecret(ctx, requireAuth(request.auth).session.id_hash, 'api_token', view.id, token);
      return seeOther(reply, `/console/tokens/${view.id}/issued?r=${reveal}`);
    } catch (e) {
      if (isAppError(e) && e.code === 'VALIDATION_FAILED')
        return newPage(request, reply, { body, issues: e.issues, status: 400 });
      throw e;
    }
  });

  app.get(
    '/console/tokens/:id/issued',
    {
      config: access,
      schema: {
        hide: true,
        params: Id,
        querystring: Type.Object({ r: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
    },
    async (request, reply) => {
      const token = (await listTokens(ucOf(ctx, request))).find((t) => t.id === request.params.id);
      if (!token) return seeOther(reply, '/console/tokens');
      const secret = request.query.r
        ? await takeSecret(ctx, requireAuth(request.auth).session.id_hash, request.query.r, 'api_token', token.id)
        : null;
      return sendPage(ctx, request, reply, {
        title: '令牌已签发',
        active: 'tokens',
        body: html`<div class="narrow"><h1>令牌已签发：${token.name}</h1>
      ${
        secret
          ? html`<div class="flash flash-warn" role="alert"><strong>请立即复制令牌并保存到调用方系统的密钥配置中。</strong>令牌只显示这一次，刷新或离开本页后无法再次查看。调用时放在请求头 <code>Authorization: Bearer 令牌</code>。</div>
            <p class="reveal"><span class="reveal-label">令牌</span> <code class="secret" id="api-token">${secret}</code></p>`
          : html`<div class="flash flash-info" role="status">令牌已经显示过，不能再次显示。如未保存，请吊销它并签发新令牌。</div>`
      }
      <p><a href="/console/tokens">返回令牌列表</a></p></div>`,
      });
    },
  );

  app.get(
    '/console/tokens/:id/revoke',
    { config: access, schema: { hide: true, params: Id } },
    async (request, reply) => {
      const token = (await listTokens(ucOf(ctx, request))).find((t) => t.id === request.params.id);
      if (!token) return seeOther(reply, '/console/tokens');
      const owner = await getAccount(ucOf(ctx, request), token.userId).catch(() => null);
      return sendPage(ctx, request, reply, {
        title: '吊销令牌',
        active: 'tokens',
        body: confirmForm(request, {
          title: `吊销令牌：${token.name}`,
          danger: true,
          button: '确认吊销',
          action: `/console/tokens/${token.id}/revoke`,
          cancelHref: '/console/tokens',
          explain: html`<p>令牌 <code>${token.prefix}…</code>（所属账号 ${owner?.username ?? token.userId}）吊销后立即失效，使用它的系统将收到 401。吊销不可撤销。</p>`,
        }),
      });
    },
  );

  app.post(
    '/console/tokens/:id/revoke',
    { config: access, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      await revokeToken(ucOf(ctx, request), request.params.id);
      return seeOther(reply, '/console/tokens?msg=revoked');
    },
  );
}
