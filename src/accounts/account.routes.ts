import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { ROLES } from '../auth/roles.js';
import { POLICY } from '../auth/policy.js';
import { codesOf } from '../domain/enums.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import {
  confirmAccount,
  createAccount,
  endAccountSessions,
  listAccounts,
  listAccountSessions,
  resetMfa,
  resetPassword,
  setAccountRoles,
  setAccountUnit,
  setAccountStatus,
  unlockAccount,
} from './account.service.js';
import { SecuritySettingsBody as Settings } from './security-settings.schema.js';
import { getSecuritySettings, updateSecuritySettings } from './security-settings.service.js';
import { issueToken, listTokens, revokeToken } from './token.service.js';

const tags = ['账号与安全（安全管理员）'];
const RoleCode = Type.Enum(codesOf(ROLES), {
  type: 'string',
  description: Object.entries(ROLES)
    .map(([k, v]) => `${k}=${v}`)
    .join('; '),
});
const Account = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  unitId: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(RoleCode),
  status: Type.String({ description: 'active=正常 disabled=已停用 pending=待另一名安全管理员确认（三员账号）' }),
  mfaEnabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  passwordChangedAt: Type.String(),
  createdAt: Type.String(),
});
const Issued = Type.Object({
  account: Account,
  initialPassword: Type.String({ description: '一次性初始口令，仅此一次显示；首次登录须修改' }),
});
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Token = Type.Object({
  id: Type.String(),
  name: Type.String(),
  userId: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

export function registerAccountRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/accounts',
    {
      config: { access: 'account.manage' },
      schema: {
        tags,
        summary: '账号列表（可按单位筛选）',
        querystring: Type.Object({
          unitId: Type.Optional(Type.String()),
          status: Type.Optional(Type.String()),
          q: Type.Optional(Type.String({ maxLength: 50 })),
        }),
        response: { 200: Type.Object({ accounts: Type.Array(Account) }) },
      },
    },
    async (request) => ({ accounts: await listAccounts(ucOf(ctx, request), request.query) }),
  );

  app.post(
    '/api/v1/accounts',
    {
      config: { access: 'account.manage' },
      schema: {
        tags,
        summary: '开设账号（第九条：由中心统一配发），返回一次性初始口令',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 50 }),
            displayName: Type.String({ minLength: 1, maxLength: 100 }),
            unitId: Type.Union([Type.String(), Type.Null()]),
            roles: Type.Array(RoleCode, { minItems: 1, uniqueItems: true }),
            phone: Type.Optional(Type.String({ maxLength: 30 })),
            email: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Issued },
      },
    },
    async (request, reply) => reply.status(201).send(await createAccount(ucOf(ctx, request), request.body)),
  );

  const action = (
    path: string,
    summary: string,
    fn: (uc: ReturnType<typeof ucOf>, id: string) => Promise<unknown>,
    response: typeof Account | typeof Issued = Account,
  ) =>
    app.post(
      `/api/v1/accounts/:id/${path}`,
      {
        config: { access: 'account.manage' },
        schema: { tags, summary, params: IdParams, response: { 200: response } },
      },
      async (request) => fn(ucOf(ctx, request), request.params.id) as Promise<never>,
    );
  action('disable', '停用账号（立即结束其会话；账号不删除）', (uc, id) => setAccountStatus(uc, id, 'disabled'));
  action('enable', '启用账号', (uc, id) => setAccountStatus(uc, id, 'active'));
  action('unlock', '解除锁定', unlockAccount);
  action('reset-mfa', '重置动态口令', resetMfa);
  action('reset-password', '重置口令（返回新的一次性口令）', resetPassword, Issued);
  action('confirm', '确认开设管理员（三员）账号：须由开设者以外的安全管理员确认，确认前账号不能登录', confirmAccount);

  const Session = Type.Object({
    ref: Type.String({
      description: '会话标识（会话 ID 的 SM3 摘要前 16 位，与审计记录中的 session_ref 相同；不是会话 ID）',
    }),
    stage: Type.String(),
    createdAt: Type.String(),
    lastSeenAt: Type.String(),
    expiresAt: Type.String(),
    ip: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
  });
  app.get(
    '/api/v1/accounts/:id/sessions',
    {
      config: { access: 'account.manage' },
      schema: {
        tags,
        summary: '账号的在线会话（登录时间、最近活动、IP、浏览器；不含会话 ID）',
        params: IdParams,
        response: { 200: Type.Object({ sessions: Type.Array(Session) }) },
      },
    },
    async (request) => ({ sessions: await listAccountSessions(ucOf(ctx, request), request.params.id) }),
  );

  app.delete(
    '/api/v1/accounts/:id/sessions',
    {
      config: { access: 'account.manage' },
      schema: {
        tags,
        summary: '结束账号的全部会话（三员账号和本人账号除外）',
        params: IdParams,
        response: { 200: Type.Object({ ended: Type.Integer() }) },
      },
    },
    async (request) => ({ ended: await endAccountSessions(ucOf(ctx, request), request.params.id) }),
  );

  app.delete(
    '/api/v1/accounts/:id/sessions/:ref',
    {
      config: { access: 'account.manage' },
      schema: {
        tags,
        summary: '结束账号的一个会话',
        params: Type.Object({
          id: Type.String({ maxLength: 64 }),
          ref: Type.String({ pattern: '^[0-9a-f]{16}$', description: '应为 16 位十六进制会话编号' }),
        }),
        response: { 200: Type.Object({ ended: Type.Integer() }) },
      },
    },
    async (request) => ({ ended: await endAccountSessions(ucOf(ctx, request), request.params.id, request.params.ref) }),
  );

  app.put(
    '/api/v1/accounts/:id/roles',
    {
      config: { access: 'account.manage' },
      schema: {
        tags,
        summary: '变更业务角色（三员角色不可变更或追加）',
        params: IdParams,
        body: Type.Object(
          { roles: Type.Array(RoleCode, { minItems: 1, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 200: Account },
      },
    },
    async (request) => setAccountRoles(ucOf(ctx, request), request.params.id, request.body.roles),
  );

  app.put(
    '/api/v1/accounts/:id/unit',
    {
      config: { access: 'account.manage' },
      schema: {
        tags,
        summary: '变更账号所属实施单位（如单位撤并后重新分配）',
        params: IdParams,
        body: Type.Object({ unitId: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: Account },
      },
    },
    async (request) => setAccountUnit(ucOf(ctx, request), request.params.id, request.body.unitId),
  );

  app.get(
    '/api/v1/tokens',
    {
      config: { access: 'token.manage' },
      schema: { tags, summary: 'API 令牌列表', response: { 200: Type.Object({ tokens: Type.Array(Token) }) } },
    },
    async (request) => ({ tokens: await listTokens(ucOf(ctx, request)) }),
  );

  app.post(
    '/api/v1/tokens',
    {
      config: { access: 'token.manage' },
      schema: {
        tags,
        summary: '签发 API 令牌（仅此一次显示；以所属账号角色为上限，按 scopes 收窄）',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            userId: Type.String(),
            scopes: Type.Array(Type.Enum(codesOf(POLICY), { type: 'string' }), { minItems: 1, uniqueItems: true }),
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ token: Type.String(), view: Token }) },
      },
    },
    async (request, reply) => reply.status(201).send(await issueToken(ucOf(ctx, request), request.body)),
  );

  app.post(
    '/api/v1/tokens/:id/revoke',
    {
      config: { access: 'token.manage' },
      schema: { tags, summary: '吊销 API 令牌', params: IdParams, response: { 200: Token } },
    },
    async (request) => revokeToken(ucOf(ctx, request), request.params.id),
  );

  app.get(
    '/api/v1/security/settings',
    {
      config: { access: 'security.policy' },
      schema: { tags, summary: '口令、锁定与会话策略', response: { 200: Settings } },
    },
    async (request) => getSecuritySettings(ucOf(ctx, request)),
  );

  app.put(
    '/api/v1/security/settings',
    {
      config: { access: 'security.policy' },
      schema: { tags, summary: '修改安全策略（审计前后值）', body: Settings, response: { 200: Settings } },
    },
    async (request) => updateSecuritySettings(ucOf(ctx, request), request.body),
  );
}
