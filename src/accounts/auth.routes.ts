import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import QRCode from 'qrcode';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { assertSameOriginSignIn, clearSessionCookie, setSessionCookie } from '../http/auth.js';
import { errors } from '../shared/errors.js';
import { presentAccount } from './account-view.js';
import { changePassword, confirmMfaEnrollment, startMfaEnrollment, verifyMfa } from './login-steps.service.js';
import { login, logout, type IssuedSession, type ResolvedSession } from './session.service.js';

const tags = ['登录与会话'];
const Stage = Type.Enum(['mfa_pending', 'password_change', 'mfa_enroll', 'full'], {
  type: 'string',
  description: 'full 之前只能访问登录步骤接口',
});
const SessionResponse = Type.Object({
  stage: Stage,
  csrfToken: Type.String({ description: '使用 Cookie 会话调用写接口时放入 x-csrf-token 请求头' }),
  passwordExpiresInDays: Type.Optional(Type.Integer()),
});
const Code6 = Type.String({ pattern: '^\\d{6}$', title: '动态口令', description: '应为 6 位数字' });

/** Which step a session still has to complete (also used by the console). */
export function requireAuth(resolved: ResolvedSession | null): ResolvedSession {
  if (!resolved) throw errors.unauthenticated();
  return resolved;
}

export function registerAuthRoutes(app: App, ctx: AppContext): void {
  const issue = (reply: FastifyReply, s: IssuedSession) => {
    setSessionCookie(reply, ctx.config, s.token);
    return {
      stage: s.stage,
      csrfToken: s.csrfToken,
      ...(s.passwordExpiresInDays ? { passwordExpiresInDays: s.passwordExpiresInDays } : {}),
    };
  };

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public', managementPlane: true },
      schema: {
        tags,
        summary: '口令登录（第一步）。失败时不区分用户不存在、口令错误、锁定或停用',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionResponse },
      },
    },
    async (request, reply) => {
      assertSameOriginSignIn(request);
      return issue(reply, await login(ctx, request.meta, request.body));
    },
  );

  app.post(
    '/api/v1/auth/mfa',
    {
      config: { access: 'session', signInStep: true },
      schema: {
        tags,
        summary: '提交动态口令（第二因子）',
        body: Type.Object({ code: Code6 }, { additionalProperties: false }),
        response: { 200: SessionResponse },
      },
    },
    async (request, reply) =>
      issue(reply, await verifyMfa(ctx, requireAuth(request.auth), request.meta, request.body.code)),
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { access: 'session', signInStep: true },
      schema: {
        tags,
        summary: '修改口令（首次登录、到期强制修改或主动修改；主动修改需动态口令）',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
            newPassword: Type.String({ minLength: 1, maxLength: 256 }),
            otp: Type.Optional(Code6),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionResponse },
      },
    },
    async (request, reply) =>
      issue(reply, await changePassword(ctx, requireAuth(request.auth), request.meta, request.body)),
  );

  app.post(
    '/api/v1/auth/mfa/enroll',
    {
      config: { access: 'session', signInStep: true },
      schema: {
        tags,
        summary: '开始绑定动态口令：返回 otpauth URI 与二维码（登录后主动绑定须提供当前口令）',
        body: Type.Optional(
          Type.Object(
            { currentPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Type.Object({ uri: Type.String(), secret: Type.String(), qrSvg: Type.String() }) },
      },
    },
    async (request) => {
      const { uri, secret } = await startMfaEnrollment(
        ctx,
        requireAuth(request.auth),
        request.meta,
        request.body?.currentPassword,
      );
      return { uri, secret, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
    },
  );

  app.post(
    '/api/v1/auth/mfa/confirm',
    {
      config: { access: 'session', signInStep: true },
      schema: {
        tags,
        summary: '输入验证器显示的动态口令完成绑定',
        body: Type.Object({ code: Code6 }, { additionalProperties: false }),
        response: { 200: SessionResponse },
      },
    },
    async (request, reply) =>
      issue(reply, await confirmMfaEnrollment(ctx, requireAuth(request.auth), request.meta, request.body.code)),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'session', signInStep: true },
      schema: { tags, summary: '退出登录（服务端会话立即失效）', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await logout(ctx, requireAuth(request.auth), request.meta);
      clearSessionCookie(reply, ctx.config);
      reply.header('clear-site-data', '"cache", "cookies", "storage"');
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: 'session', signInStep: true },
      schema: { tags, summary: '当前账号与登录步骤' },
    },
    async (request) => {
      const auth = requireAuth(request.auth);
      return { account: presentAccount(auth.user), stage: auth.stage, csrfToken: auth.session.csrf_token };
    },
  );
}
