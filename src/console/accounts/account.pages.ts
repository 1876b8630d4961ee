import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppContext } from '../../app/context.js';
import type { UseCaseContext } from '../../app/use-case.js';
import type { AccountView } from '../../accounts/account-view.js';
import type { SessionView } from '../../accounts/account.service.js';
import {
  confirmAccount,
  createAccount,
  endAccountSessions,
  getAccount,
  isAdminAccount,
  listAccounts,
  listAccountSessions,
  resetMfa,
  resetPassword,
  setAccountRoles,
  setAccountUnit,
  setAccountStatus,
  unlockAccount,
} from '../../accounts/account.service.js';
import { readSecuritySettings } from '../../accounts/security-settings.js';
import { isRole, ROLES, roleSetProblem, type Role } from '../../auth/roles.js';
import type { App } from '../../http/app-type.js';
import { requireAuth } from '../../accounts/auth.routes.js';
import { ucOf } from '../../http/use-case.js';
import { errors, isAppError, type FieldIssue } from '../../shared/errors.js';
import { listUnits } from '../../units/unit.service.js';
import { html } from '../../web/html.js';
import { chinaTime, confirmForm, fieldError, issueList, str, strList } from '../common.js';
import { stashSecret, takeSecret } from '../one-time-reveal.js';
import { csrfField, seeOther, sendPage } from '../render.js';
import { accountTable, roleChoices, ROLE_RULES, rolesText } from './account.view.js';
import { codesOf } from '../../domain/enums.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const ListQuery = Type.Object({
  unitId: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  msg: Type.Optional(Type.String()),
});
const access = { access: 'account.manage' } as const;

type Unit = { id: string; name: string };
type Req = FastifyRequest;
type Rep = FastifyReply;

/** A per-account action behind a confirmation page (GET shows what will happen, POST does it). */
interface AccountAction {
  title: string;
  explain: string;
  /** Offered on the account page only when it applies. */
  applies: (a: AccountView, now: string) => boolean;
  danger?: boolean;
  run: (uc: UseCaseContext, id: string) => Promise<unknown>;
}

const ACTIONS: Record<string, AccountAction> = {
  disable: {
    title: '停用账号',
    danger: true,
    applies: (a) => a.status === 'active',
    run: (uc, id) => setAccountStatus(uc, id, 'disabled'),
    explain: '停用后该账号的所有会话立即结束，不能再登录。账号不会被删除，它的审计记录保留；需要时可以重新启用。',
  },
  enable: {
    title: '启用账号',
    applies: (a) => a.status !== 'active',
    run: (uc, id) => setAccountStatus(uc, id, 'active'),
    explain: '启用后该账号可以再次登录，角色和口令不变。',
  },
  'reset-password': {
    title: '重置口令',
    danger: true,
    applies: () => true,
    run: resetPassword,
    explain:
      '系统将生成新的一次性口令（只显示一次），原口令立即失效，该账号的所有会话结束，同时解除锁定。首次登录时必须修改口令。',
  },
  unlock: {
    title: '解除锁定',
    applies: (a, now) => !!a.lockedUntil && a.lockedUntil > now,
    run: unlockAccount,
    explain: '账号因连续登录失败被锁定。解除后可立即再次尝试登录；此操作记入审计。',
  },
  'reset-mfa': {
    title: '重置动态口令',
    danger: true,
    applies: (a) => a.mfaEnabled,
    run: resetMfa,
    explain: '清除该账号已绑定的动态口令（例如手机丢失或更换）。该账号的所有会话结束，下次登录时须重新绑定。',
  },
};

/**
 * 账号管理 for the 安全管理员 (Art. 9; 8.1.5.3): list and filter accounts, issue an account with a one-time
 * password shown once, and the per-account actions, each behind a confirmation page. Every change goes
 * through account.service, which enforces the 三员 rules and writes the audit record.
 */
export function registerAccountPages(app: App, ctx: AppContext): void {
  // The confirmation pages are not offered for one's own or a 三员 account; the services refuse (and audit) the actions.
  const manageable = (request: Req, account: AccountView): AccountView => {
    if (account.id === request.actor.id) throw errors.forbidden('不能变更本人账号');
    if (isAdminAccount(account.roles))
      throw errors.forbidden('三员账号不能在管理界面变更，请在服务器上使用 shixiang reset-account');
    return account;
  };

  const units = async (request: Req): Promise<Unit[]> =>
    (await listUnits(ucOf(ctx, request))).map((u) => ({ id: u.id, name: u.name }));
  const unitName = (list: Unit[], id: string | null) =>
    id ? (list.find((u) => u.id === id)?.name ?? id) : '中心 / 管理局';

  app.get(
    '/console/accounts',
    { config: access, schema: { hide: true, querystring: ListQuery } },
    async (request, reply) => {
      const { unitId, status, q } = request.query;
      const [accounts, unitList] = [
        await listAccounts(ucOf(ctx, request), {
          unitId: unitId || undefined,
          status: status || undefined,
          q: q || undefined,
        }),
        await units(request),
      ];
      const option = (value: string, text: string, current?: string) =>
        html`<option value="${value}"${value === (current ?? '') ? html` selected` : ''}>${text}</option>`;
      return sendPage(ctx, request, reply, {
        title: '账号管理',
        active: 'accounts',
        body: html`<div class="page-head"><h1>账号管理</h1><a class="button primary" href="/console/accounts/new">开设账号</a></div>
      <form method="get" action="/console/accounts" class="filters" role="search" aria-label="筛选账号">
        <div class="field"><label for="q">用户名或姓名</label><input id="q" name="q" value="${q ?? ''}" maxlength="50"></div>
        <div class="field"><label for="unitId">实施单位</label><select id="unitId" name="unitId">${option('', '全部')}${unitList.map((u) => option(u.id, u.name, unitId))}</select></div>
        <div class="field"><label for="status">状态</label><select id="status" name="status">${option('', '全部')}${option('active', '正常', status)}${option('disabled', '已停用', status)}</select></div>
        <button type="submit">筛选</button>
      </form>
      <p class="muted" role="status">共 ${accounts.length} 个账号${accounts.length >= 1000 ? '（仅显示前 1000 个，请缩小筛选范围）' : ''}</p>
      ${accountTable(accounts, (id) => unitName(unitList, id), ctx.clock.now().toISOString())}`,
      });
    },
  );

  const newForm = async (
    request: Req,
    reply: Rep,
    o: { body?: Record<string, unknown>; issues?: FieldIssue[]; status?: number } = {},
  ) => {
    const b = o.body ?? {};
    const issues = o.issues ?? [];
    const hours = (await readSecuritySettings(ctx.db.kysely)).initialPasswordHours;
    const unitList = await units(request);
    const e = (path: string) => fieldError(issues, path);
    const selected = new Set(strList(b.roles));
    return sendPage(ctx, request, reply, {
      title: '开设账号',
      active: 'accounts',
      status: o.status,
      body: html`<h1>开设账号</h1>
      <p class="muted">账号由中心统一配发（第九条）。开设后系统生成一次性初始口令，只显示一次，有效期 ${hours} 小时，首次登录必须修改。</p>
      ${issueList(issues, { username: '用户名', displayName: '姓名', unitId: '实施单位', roles: '角色' })}
      <form method="post" action="/console/accounts/new" class="stack form-section" novalidate>
        <input type="hidden" name="_csrf" value="${csrfField(request)}">
        <div class="field"><label for="username">用户名</label><input id="username" name="username" value="${str(b.username)}" required maxlength="50" autocomplete="off" aria-describedby="username-help"${e('username').attrs}>
          <small class="help" id="username-help">3–50 位小写字母、数字或 . _ -，登录时不区分大小写。</small>${e('username').note}</div>
        <div class="field"><label for="displayName">姓名</label><input id="displayName" name="displayName" value="${str(b.displayName)}" required maxlength="100"${e('displayName').attrs}>${e('displayName').note}</div>
        <div class="field"><label for="unitId">实施单位</label><select id="unitId" name="unitId"${e('unitId').attrs}>
          <option value="">（不属于实施单位：中心、管理局或管理员）</option>
          ${unitList.map((u) => html`<option value="${u.id}"${u.id === str(b.unitId) ? html` selected` : ''}>${u.name}</option>`)}</select>${e('unitId').note}</div>
        ${roleChoices(selected, ROLES_ALL, issues)}
        ${ROLE_RULES}
        <p><button type="submit" class="primary">开设账号</button> <a href="/console/accounts">取消</a></p>
      </form>`,
    });
  };

  app.get(
    '/console/accounts/new',
    {
      config: access,
      schema: { hide: true, querystring: Type.Object({ unitId: Type.Optional(Type.String({ maxLength: 64 })) }) },
    },
    async (request, reply) => newForm(request, reply, { body: { unitId: request.query.unitId } }),
  );

  app.post('/console/accounts/new', { config: access, schema: { hide: true, body: Form } }, async (request, reply) => {
    const body = request.body;
    const roles = strList(body.roles);
    const unknown = roles.filter((r) => !isRole(r));
    if (unknown.length)
      return newForm(request, reply, {
        body,
        issues: [{ path: 'roles', message: `未知的角色：${unknown.join('、')}` }],
        status: 400,
      });
    try {
      const issued = await createAccount(ucOf(ctx, request), {
        username: str(body.username),
        displayName: str(body.displayName),
        unitId: str(body.unitId) || null,
        roles: roles.filter(isRole),
      });
      const reveal = await stashSecret(
        ctx,
        requireAuth(request.auth).session.id_hash,
        'initial_password',
        issued.account.id,
        issued.initialPassword,
      );
      return seeOther(reply, `/console/accounts/${issued.account.id}/issued?r=${reveal}`);
    } catch (e) {
      if (isAppError(e) && ['VALIDATION_FAILED', 'DUPLICATE'].includes(e.code)) {
        return newForm(request, reply, {
          body,
          issues: e.issues.length ? e.issues : [{ path: '', message: e.message }],
          status: e.status,
        });
      }
      throw e;
    }
  });

  app.get(
    '/console/accounts/:id/issued',
    {
      config: access,
      schema: {
        hide: true,
        params: Id,
        querystring: Type.Object({ r: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
    },
    async (request, reply) => {
      const account = await getAccount(ucOf(ctx, request), request.params.id);
      const secret = request.query.r
        ? await takeSecret(
            ctx,
            requireAuth(request.auth).session.id_hash,
            request.query.r,
            'initial_password',
            account.id,
          )
        : null;
      const hours = (await readSecuritySettings(ctx.db.kysely)).initialPasswordHours;
      return sendPage(ctx, request, reply, {
        title: '一次性口令',
        active: 'accounts',
        body: html`<div class="narrow"><h1>${account.mustChangePassword && !account.lastLoginAt ? '账号已开设' : '一次性口令'}</h1>
      <dl class="kv"><dt>用户名</dt><dd><code>${account.username}</code></dd><dt>姓名</dt><dd>${account.displayName}</dd><dt>角色</dt><dd>${rolesText(account.roles)}</dd></dl>
      ${
        secret
          ? html`<div class="flash flash-warn" role="alert"><strong>请立即记下一次性口令，并通过安全渠道（当面或电话）交给本人。</strong>
            此口令只显示这一次，刷新或离开本页后无法再次查看；有效期 ${hours} 小时，首次登录时必须修改。</div>
            <p class="reveal"><span class="reveal-label">一次性口令</span> <code class="secret" id="one-time-password">${secret}</code></p>`
          : html`<div class="flash flash-info" role="status">一次性口令已经显示过（或已超过 10 分钟未查看），出于安全考虑不能再次显示。如未记下，${
              isAdminAccount(account.roles)
                ? html`请在服务器上运行 <code>shixiang reset-account --username ${account.username}</code>（三员账号不能在管理界面重置口令）。`
                : html`请为该账号<a href="/console/accounts/${account.id}/reset-password">重置口令</a>。`
            }</div>`
      }
      <p><a class="button" href="/console/accounts/${account.id}">查看账号</a> <a href="/console/accounts">返回账号列表</a></p></div>`,
      });
    },
  );

  app.get('/console/accounts/:id', { config: access, schema: { hide: true, params: Id } }, async (request, reply) => {
    const account = await getAccount(ucOf(ctx, request), request.params.id);
    const now = ctx.clock.now().toISOString();
    const self = account.id === request.actor.id;
    const unitList = await units(request);
    const actions = Object.entries(ACTIONS).filter(([, a]) => a.applies(account, now));
    const isAdmin = isAdminAccount(account.roles);
    const sessions = await listAccountSessions(ucOf(ctx, request), account.id);
    return sendPage(ctx, request, reply, {
      title: `账号：${account.username}`,
      active: 'accounts',
      body: html`<div class="page-head"><h1>账号：${account.username}</h1><a href="/console/accounts">返回账号列表</a></div>
      <dl class="kv"><dt>姓名</dt><dd>${account.displayName}</dd>
        <dt>实施单位</dt><dd>${account.unitId ? html`<a href="/console/units/${account.unitId}">${unitName(unitList, account.unitId)}</a>` : '中心 / 管理局'}</dd>
        <dt>角色</dt><dd>${rolesText(account.roles)}</dd>
        <dt>状态</dt><dd>${account.status === 'active' ? '正常' : account.status === 'pending' ? '待确认（三员账号须由开设者以外的安全管理员确认后才能登录）' : '已停用'}${account.lockedUntil && account.lockedUntil > now ? html`，<strong>已锁定至 ${chinaTime(account.lockedUntil)}</strong>` : ''}</dd>
        <dt>动态口令</dt><dd>${account.mfaEnabled ? '已绑定' : '未绑定'}</dd>
        <dt>口令</dt><dd>${account.mustChangePassword ? '一次性口令，待本人修改' : `修改于 ${chinaTime(account.passwordChangedAt)}`}</dd>
        <dt>上次登录</dt><dd>${chinaTime(account.lastLoginAt)}</dd><dt>开设时间</dt><dd>${chinaTime(account.createdAt)}</dd></dl>
      ${
        self
          ? html`<p class="muted">这是您本人的账号。三员不能变更本人账号的状态或角色；修改口令请到“账号设置”。</p>`
          : isAdmin && account.status === 'pending'
            ? html`<section><h2>确认开设</h2><form method="post" action="/console/accounts/${account.id}/confirm" class="stack"><input type="hidden" name="_csrf" value="${csrfField(request)}">
              <p>核对书面申请后确认：确认后该账号才能登录。开设者本人不能确认；只有一名安全管理员时，请在服务器上运行 <code>shixiang confirm-account --username ${account.username}</code>。</p>
              <button type="submit" class="primary">确认开设</button></form></section>`
            : isAdmin
              ? html`<section><h2>操作</h2><p class="muted">三员（系统、安全、审计管理员）账号不能在管理界面停用、变更角色、重置口令或动态口令、解除锁定，以免一名管理员接管另一名管理员的账号（三员分立）。
              如需恢复，请在服务器上运行 <code>shixiang reset-account --username ${account.username}</code>（可加 <code>--unlock</code>、<code>--reset-mfa</code>）。</p></section>`
              : html`<section><h2>操作</h2><ul class="actions-list">
            ${actions.map(([key, a]) => html`<li><a class="button${a.danger ? ' danger' : ''}" href="/console/accounts/${account.id}/${key}">${a.title}</a></li>`)}
            <li><a class="button" href="/console/accounts/${account.id}/roles">变更角色</a></li>
            ${account.unitId ? html`<li><a class="button" href="/console/accounts/${account.id}/unit">变更所属单位</a></li>` : ''}
          </ul></section>`
      }
      ${sessionsSection(request, account.id, sessions, !self && !isAdmin)}`,
    });
  });

  for (const [key, a] of Object.entries(ACTIONS)) {
    app.get(
      `/console/accounts/:id/${key}`,
      { config: access, schema: { hide: true, params: Id } },
      async (request, reply) => {
        const account = manageable(request, await getAccount(ucOf(ctx, request), request.params.id));
        return sendPage(ctx, request, reply, {
          title: a.title,
          active: 'accounts',
          body: confirmForm(request, {
            title: `${a.title}：${account.username}`,
            danger: a.danger,
            button: `确认${a.title}`,
            action: `/console/accounts/${account.id}/${key}`,
            cancelHref: `/console/accounts/${account.id}`,
            explain: html`<p>账号 <code>${account.username}</code>（${account.displayName}，${rolesText(account.roles)}）。</p><p>${a.explain}</p>`,
          }),
        });
      },
    );

    app.post(
      `/console/accounts/:id/${key}`,
      { config: access, schema: { hide: true, params: Id, body: Form } },
      async (request, reply) => {
        const uc = ucOf(ctx, request);
        const result = await a.run(uc, request.params.id);
        if (key === 'reset-password') {
          const { account, initialPassword } = result as Awaited<ReturnType<typeof resetPassword>>;
          const reveal = await stashSecret(
            ctx,
            requireAuth(request.auth).session.id_hash,
            'initial_password',
            account.id,
            initialPassword,
          );
          return seeOther(reply, `/console/accounts/${account.id}/issued?r=${reveal}`);
        }
        return seeOther(reply, `/console/accounts/${request.params.id}?msg=done`);
      },
    );
  }

  app.post(
    '/console/accounts/:id/confirm',
    { config: access, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      await confirmAccount(ucOf(ctx, request), request.params.id);
      return seeOther(reply, `/console/accounts/${request.params.id}?msg=done`);
    },
  );

  // SESS-06: end one session or all of them; the service refuses (and audits) one's own and 三员 accounts.
  const endSessions = async (request: Req, reply: Rep, id: string, ref?: string) => {
    await endAccountSessions(ucOf(ctx, request), id, ref);
    return seeOther(reply, `/console/accounts/${id}?msg=done`);
  };
  app.post(
    '/console/accounts/:id/sessions/end',
    { config: access, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => endSessions(request, reply, request.params.id),
  );
  app.post(
    '/console/accounts/:id/sessions/:ref/end',
    {
      config: access,
      schema: {
        hide: true,
        params: Type.Object({
          id: Type.String({ maxLength: 64 }),
          ref: Type.String({ pattern: '^[0-9a-f]{16}$', description: '应为 16 位十六进制会话编号' }),
        }),
        body: Form,
      },
    },
    async (request, reply) => endSessions(request, reply, request.params.id, request.params.ref),
  );

  const rolesPage = async (
    request: Req,
    reply: Rep,
    account: AccountView,
    o: { roles?: string[]; issues?: FieldIssue[]; status?: number } = {},
  ) => {
    const offered = account.unitId ? UNIT_CHOICES : CENTRE_CHOICES;
    return sendPage(ctx, request, reply, {
      title: '变更角色',
      active: 'accounts',
      status: o.status,
      body: html`<div class="narrow"><h1>变更角色：${account.username}</h1>
      <p>当前角色：${rolesText(account.roles)}。变更后该账号的所有会话结束，新角色从下次登录起生效。</p>
      ${issueList(o.issues ?? [], { roles: '角色' })}
      <form method="post" action="/console/accounts/${account.id}/roles" class="stack">
        <input type="hidden" name="_csrf" value="${csrfField(request)}"><input type="hidden" name="step" value="preview">
        ${roleChoices(new Set(o.roles ?? account.roles), offered, o.issues ?? [])}
        <p><button type="submit" class="primary">下一步：确认</button> <a href="/console/accounts/${account.id}">取消</a></p>
      </form></div>`,
    });
  };

  app.get(
    '/console/accounts/:id/roles',
    { config: access, schema: { hide: true, params: Id } },
    async (request, reply) =>
      rolesPage(request, reply, manageable(request, await getAccount(ucOf(ctx, request), request.params.id))),
  );

  app.post(
    '/console/accounts/:id/roles',
    { config: access, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const account = await getAccount(uc, request.params.id);
      const body = request.body;
      const roles = strList(body.roles).filter(isRole);
      const problem = roleSetProblem(roles, account.unitId);
      if (problem)
        return rolesPage(request, reply, account, {
          roles,
          issues: [{ path: 'roles', message: problem }],
          status: 400,
        });
      if (str(body.step) !== 'confirm') {
        return sendPage(ctx, request, reply, {
          title: '确认变更角色',
          active: 'accounts',
          body: confirmForm(request, {
            title: `确认变更角色：${account.username}`,
            button: '确认变更',
            action: `/console/accounts/${account.id}/roles`,
            cancelHref: `/console/accounts/${account.id}`,
            hidden: { step: 'confirm', roles },
            explain: html`<dl class="kv"><dt>变更前</dt><dd>${rolesText(account.roles)}</dd><dt>变更后</dt><dd>${rolesText(roles)}</dd></dl><p>该账号的所有会话将结束。</p>`,
          }),
        });
      }
      try {
        await setAccountRoles(uc, account.id, roles);
      } catch (e) {
        if (isAppError(e) && e.code === 'VALIDATION_FAILED')
          return rolesPage(request, reply, account, { roles, issues: e.issues, status: 400 });
        throw e;
      }
      return seeOther(reply, `/console/accounts/${account.id}?msg=done`);
    },
  );

  // A unit account moves to another unit (after a unit was merged or split, Art. 18(三)).
  const unitPage = async (request: Req, reply: Rep, account: AccountView, error?: string, status = 200) => {
    const units = (await listUnits(ucOf(ctx, request))).filter((u) => u.active && u.id !== account.unitId);
    return sendPage(ctx, request, reply, {
      title: '变更所属单位',
      active: 'accounts',
      status,
      body: html`<div class="narrow"><h1>变更所属单位：${account.username}</h1>
      ${error ? html`<div class="flash flash-error" role="alert">${error}</div>` : ''}
      <p>变更后该账号的所有会话结束，从下次登录起只能处理新单位的事项。</p>
      <form method="post" action="/console/accounts/${account.id}/unit" class="stack">
        <input type="hidden" name="_csrf" value="${csrfField(request)}">
        <div class="field"><label for="unitId">新的所属单位</label><select id="unitId" name="unitId" required>${units.map((u) => html`<option value="${u.id}">${u.name}</option>`)}</select></div>
        <p><button type="submit" class="primary">确认变更</button> <a href="/console/accounts/${account.id}">取消</a></p>
      </form></div>`,
    });
  };

  app.get(
    '/console/accounts/:id/unit',
    { config: access, schema: { hide: true, params: Id } },
    async (request, reply) =>
      unitPage(request, reply, manageable(request, await getAccount(ucOf(ctx, request), request.params.id))),
  );

  app.post(
    '/console/accounts/:id/unit',
    { config: access, schema: { hide: true, params: Id, body: Form } },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const account = manageable(request, await getAccount(uc, request.params.id));
      try {
        await setAccountUnit(uc, account.id, str(request.body.unitId));
      } catch (e) {
        if (isAppError(e) && e.status < 500 && e.status !== 403 && e.status !== 404)
          return unitPage(
            request,
            reply,
            account,
            e.issues.length ? e.issues.map((i) => i.message).join('；') : e.message,
            e.status,
          );
        throw e;
      }
      return seeOther(reply, `/console/accounts/${account.id}?msg=done`);
    },
  );
}

const STAGE_TEXT: Record<string, string> = {
  full: '已登录',
  mfa_pending: '待输入动态口令',
  password_change: '待修改口令',
  mfa_enroll: '待绑定动态口令',
};

/** The account's live sessions (SESS-06): when, from where, with what; never the session id. */
function sessionsSection(request: Req, accountId: string, sessions: SessionView[], canEnd: boolean) {
  const csrf = html`<input type="hidden" name="_csrf" value="${csrfField(request)}">`;
  return html`<section><h2>在线会话</h2>
    ${
      sessions.length
        ? html`<table class="list"><caption class="visually-hidden">在线会话</caption>
        <thead><tr><th scope="col">登录时间</th><th scope="col">最近活动</th><th scope="col">IP 地址</th><th scope="col">浏览器</th><th scope="col">状态</th>${canEnd ? html`<th scope="col">操作</th>` : ''}</tr></thead>
        <tbody>${sessions.map(
          (
            s,
          ) => html`<tr><td>${chinaTime(s.createdAt)}</td><td>${chinaTime(s.lastSeenAt)}</td><td>${s.ip ?? '—'}</td><td>${s.userAgent ?? '—'}</td><td>${STAGE_TEXT[s.stage] ?? s.stage}</td>
          ${canEnd ? html`<td><form method="post" action="/console/accounts/${accountId}/sessions/${s.ref}/end" class="inline">${csrf}<button type="submit" class="danger">结束此会话</button></form></td>` : ''}</tr>`,
        )}</tbody></table>
        ${canEnd ? html`<form method="post" action="/console/accounts/${accountId}/sessions/end" class="inline-form">${csrf}<button type="submit" class="danger">结束全部会话</button></form>` : ''}`
        : html`<p>没有在线会话。</p>`
    }
  </section>`;
}

const ROLES_ALL = codesOf(ROLES);
const UNIT_CHOICES: Role[] = ['unit_clerk', 'unit_reviewer'];
const CENTRE_CHOICES: Role[] = ['verifier', 'publisher', 'supervisor'];
