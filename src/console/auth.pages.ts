import { fieldsOf } from './fields.js';
import QRCode from 'qrcode';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import {
  changePassword,
  confirmMfaEnrollment,
  startMfaEnrollment,
  verifyMfa,
} from '../accounts/login-steps.service.js';
import { INVALID_CREDENTIALS, login, logout, type IssuedSession } from '../accounts/session.service.js';
import { requireAuth } from '../accounts/auth.routes.js';
import { can, type Action } from '../auth/policy.js';
import { ROLES } from '../auth/roles.js';
import type { App } from '../http/app-type.js';
import { assertSameOriginSignIn, clearSessionCookie, setSessionCookie } from '../http/auth.js';
import { isAppError } from '../shared/errors.js';
import { html, type HtmlValue } from '../web/html.js';
import { chinaTime, errorList, messagesOf } from './common.js';
import { stagePage } from './errors.js';
import { csrfField, seeOther, sendPage } from './render.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const HOME: Array<[Action, string]> = [
  ['inbox.read', '/console/work'],
  ['account.manage', '/console/accounts'],
  ['audit.read', '/console/audit'],
  ['system.config', '/console/system'],
];
const str = (v: unknown) => (typeof v === 'string' ? v : '');
/**
 * Only console paths of this site are followed after sign-in (no open redirect), and only in printable ASCII
 * without a backslash: the value becomes a Location header, where anything else (e.g. `/console/事项`) would
 * throw after the session was already issued. Browsers send non-ASCII paths percent-encoded anyway.
 */
const NEXT = /^\/console(?:$|\?[\x21-\x5b\x5d-\x7e]*$|\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$)/;
const safeNext = (next: unknown) => (typeof next === 'string' && NEXT.test(next) ? next : '/console');

/** Sign-in, second factor, forced password change, TOTP enrolment and sign-out pages. */
export function registerAuthPages(app: App, ctx: AppContext): void {
  const done = (reply: Parameters<typeof seeOther>[0], issued: IssuedSession, next: string) => {
    setSessionCookie(reply, ctx.config, issued.token);
    if (issued.stage !== 'full') return seeOther(reply, stagePage(issued.stage));
    // AUTH-03: within 7 days of expiry the first page after sign-in says so.
    return seeOther(
      reply,
      issued.passwordExpiresInDays ? `${next}${next.includes('?') ? '&' : '?'}msg=password_expiring` : next,
    );
  };

  const loginPage = (
    request: Parameters<typeof sendPage>[1],
    reply: Parameters<typeof sendPage>[2],
    errors: string[] = [],
    username = '',
    status = 200,
  ) =>
    sendPage(ctx, request, reply, {
      title: '登录',
      status,
      body: html`<div class="narrow"><h1>登录</h1>
      <p class="muted">账号由区营商环境促进中心统一配发（第九条）。</p>
      ${errorList(errors)}
      <form method="post" action="/console/login" class="stack">
        <input type="hidden" name="next" value="${safeNext(fieldsOf(request.query).next)}">
        <div class="field"><label for="username">用户名</label><input id="username" name="username" autocomplete="username" required value="${username}"></div>
        <div class="field"><label for="password">口令</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
        <button type="submit" class="primary">登录</button>
      </form></div>`,
    });

  app.get(
    '/console/login',
    { config: { access: 'public', managementPlane: true }, schema: { hide: true } },
    async (request, reply) => loginPage(request, reply),
  );

  app.post(
    '/console/login',
    { config: { access: 'public', managementPlane: true }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const body = request.body;
      assertSameOriginSignIn(request);
      try {
        const issued = await login(ctx, request.meta, { username: str(body.username), password: str(body.password) });
        return done(reply, issued, safeNext(body.next));
      } catch (e) {
        if (isAppError(e) && e.code === 'RATE_LIMITED')
          return loginPage(request, reply, [e.message], str(body.username), 429);
        if (isAppError(e) && e.code === 'UNAUTHENTICATED')
          return loginPage(request, reply, [INVALID_CREDENTIALS], str(body.username), 401);
        throw e;
      }
    },
  );

  const stepPage = (
    request: Parameters<typeof sendPage>[1],
    reply: Parameters<typeof sendPage>[2],
    title: string,
    body: HtmlValue,
    status = 200,
  ) => sendPage(ctx, request, reply, { title, status, body: html`<div class="narrow">${body}</div>` });

  const mfaForm = (request: Parameters<typeof sendPage>[1], errors: string[] = []) => html`<h1>动态口令</h1>
    <p>请输入手机验证器（身份验证器应用）中显示的 6 位动态口令。</p>${errorList(errors)}
    <form method="post" action="/console/login/mfa" class="stack"><input type="hidden" name="_csrf" value="${csrfField(request)}">
      <div class="field"><label for="code">动态口令</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="\\d{6}" required></div>
      <button type="submit" class="primary">确认</button></form>`;

  app.get(
    '/console/login/mfa',
    { config: { access: 'session', signInStep: true }, schema: { hide: true } },
    async (request, reply) => stepPage(request, reply, '动态口令', mfaForm(request)),
  );

  app.post(
    '/console/login/mfa',
    { config: { access: 'session', signInStep: true }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      try {
        return done(
          reply,
          await verifyMfa(ctx, requireAuth(request.auth), request.meta, str(request.body.code)),
          '/console',
        );
      } catch (e) {
        return stepPage(request, reply, '动态口令', mfaForm(request, messagesOf(e)), 401);
      }
    },
  );

  const passwordForm = (request: Parameters<typeof sendPage>[1], errors: string[] = []) => {
    const auth = requireAuth(request.auth);
    const forced = auth.stage === 'password_change';
    const needOtp = auth.stage === 'full' && auth.user.mfa_enabled === 1;
    return html`<h1>${forced ? '请设置新口令' : '修改口令'}</h1>
    ${forced ? html`<p>${auth.user.must_change_password ? '首次登录须将一次性初始口令改为只有您知道的口令。' : '口令已到期，须修改后才能继续使用。'}</p>` : ''}
    <p class="muted">口令至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 类，不能包含用户名，不能与最近使用过的口令相同。</p>
    ${errorList(errors)}
    <form method="post" action="/console/account/password" class="stack"><input type="hidden" name="_csrf" value="${csrfField(request)}">
      <div class="field"><label for="currentPassword">当前口令</label><input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" required></div>
      <div class="field"><label for="newPassword">新口令</label><input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required minlength="8"></div>
      <div class="field"><label for="confirmPassword">再次输入新口令</label><input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required minlength="8"></div>
      ${needOtp ? html`<div class="field"><label for="otp">动态口令</label><input id="otp" name="otp" inputmode="numeric" pattern="\\d{6}" required></div>` : ''}
      <button type="submit" class="primary">修改口令</button></form>`;
  };

  app.get(
    '/console/account/password',
    { config: { access: 'session', signInStep: true }, schema: { hide: true } },
    async (request, reply) => stepPage(request, reply, '修改口令', passwordForm(request)),
  );

  app.post(
    '/console/account/password',
    { config: { access: 'session', signInStep: true }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const body = request.body;
      if (str(body.newPassword) !== str(body.confirmPassword))
        return stepPage(request, reply, '修改口令', passwordForm(request, ['两次输入的新口令不一致']), 400);
      try {
        const issued = await changePassword(ctx, requireAuth(request.auth), request.meta, {
          currentPassword: str(body.currentPassword),
          newPassword: str(body.newPassword),
          ...(str(body.otp) ? { otp: str(body.otp) } : {}),
        });
        setSessionCookie(reply, ctx.config, issued.token);
        return seeOther(reply, issued.stage === 'full' ? '/console?msg=password_changed' : stagePage(issued.stage));
      } catch (e) {
        return stepPage(request, reply, '修改口令', passwordForm(request, messagesOf(e)), 400);
      }
    },
  );

  // A voluntary enrolment (from a full session) first asks for the current password; the forced one does not.
  const reauthForm = (request: Parameters<typeof sendPage>[1], errors: string[] = []) => html`<h1>绑定动态口令</h1>
    <p>为确认是您本人操作，请先输入当前口令。</p>${errorList(errors)}
    <form method="post" action="/console/account/mfa" class="stack"><input type="hidden" name="_csrf" value="${csrfField(request)}"><input type="hidden" name="step" value="start">
      <div class="field"><label for="currentPassword">当前口令</label><input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" required></div>
      <button type="submit" class="primary">下一步</button></form>`;

  const enrollPage = async (
    request: Parameters<typeof sendPage>[1],
    reply: Parameters<typeof sendPage>[2],
    errors: string[] = [],
    status = 200,
    currentPassword?: string,
  ) => {
    const auth = requireAuth(request.auth);
    const voluntary = auth.stage === 'full' && auth.user.mfa_enabled !== 1;
    if (voluntary && currentPassword === undefined)
      return stepPage(request, reply, '绑定动态口令', reauthForm(request, errors), status);
    let started: Awaited<ReturnType<typeof startMfaEnrollment>>;
    try {
      started = await startMfaEnrollment(ctx, auth, request.meta, currentPassword);
    } catch (e) {
      if (voluntary && isAppError(e) && e.code === 'VALIDATION_FAILED')
        return stepPage(request, reply, '绑定动态口令', reauthForm(request, messagesOf(e)), 400);
      throw e;
    }
    const { uri, secret } = started;
    const svg = await QRCode.toString(uri, { type: 'svg', margin: 1 });
    return stepPage(
      request,
      reply,
      '绑定动态口令',
      html`<h1>绑定动态口令</h1>
      <p>中心、管理局及管理员账号须使用动态口令作为第二重身份鉴别。请用手机验证器应用扫描二维码，或手动输入密钥。</p>
      <img class="qr" alt="动态口令二维码" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="200" height="200">
      <p>密钥：<code class="secret">${secret}</code></p>
      ${errorList(errors)}
      <form method="post" action="/console/account/mfa" class="stack"><input type="hidden" name="_csrf" value="${csrfField(request)}">
        <div class="field"><label for="code">验证器显示的 6 位动态口令</label><input id="code" name="code" inputmode="numeric" pattern="\\d{6}" required></div>
        <button type="submit" class="primary">完成绑定</button></form>`,
      status,
    );
  };

  app.get(
    '/console/account/mfa',
    { config: { access: 'session', signInStep: true }, schema: { hide: true } },
    async (request, reply) => enrollPage(request, reply),
  );

  app.post(
    '/console/account/mfa',
    { config: { access: 'session', signInStep: true }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const body = request.body;
      if (str(body.step) === 'start') return enrollPage(request, reply, [], 200, str(body.currentPassword));
      try {
        const issued = await confirmMfaEnrollment(ctx, requireAuth(request.auth), request.meta, str(body.code));
        setSessionCookie(reply, ctx.config, issued.token);
        return seeOther(reply, issued.stage === 'full' ? '/console?msg=mfa_enrolled' : stagePage(issued.stage));
      } catch (e) {
        return enrollPage(request, reply, messagesOf(e), 400);
      }
    },
  );

  app.get(
    '/console/account',
    { config: { access: 'self.account' }, schema: { hide: true } },
    async (request, reply) => {
      const { user } = requireAuth(request.auth);
      return sendPage(ctx, request, reply, {
        title: '账号设置',
        active: '',
        body: html`<h1>账号设置</h1><dl class="kv"><dt>用户名</dt><dd>${user.username}</dd><dt>姓名</dt><dd>${user.display_name}</dd>
        <dt>角色</dt><dd>${request.actor.roles.map((r) => ROLES[r]).join('、')}</dd><dt>动态口令</dt><dd>${user.mfa_enabled ? '已绑定' : '未绑定'}</dd>
        <dt>上次登录</dt><dd>${chinaTime(user.last_login_at)}</dd><dt>口令修改时间</dt><dd>${chinaTime(user.password_changed_at)}</dd></dl>
        <p><a class="button" href="/console/account/password">修改口令</a> ${user.mfa_enabled ? '' : html`<a class="button" href="/console/account/mfa">绑定动态口令</a>`}</p>`,
      });
    },
  );

  app.post(
    '/console/logout',
    { config: { access: 'session', signInStep: true }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      await logout(ctx, requireAuth(request.auth), request.meta);
      clearSessionCookie(reply, ctx.config);
      reply.header('clear-site-data', '"cache", "cookies", "storage"');
      return seeOther(reply, '/console/login?msg=logged_out');
    },
  );

  // Each role lands on its own work: business roles on their worklist, each administrator on their interface.
  app.get('/console', { config: { access: 'session' }, schema: { hide: true } }, async (request, reply) => {
    const home = HOME.find(([action]) => can(request.actor, action))?.[1] ?? '/console/account';
    const msg = fieldsOf(request.query).msg;
    return seeOther(reply, typeof msg === 'string' && /^\w+$/.test(msg) ? `${home}?msg=${msg}` : home);
  });
}
