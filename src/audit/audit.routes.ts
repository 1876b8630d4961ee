import { PassThrough, Readable } from 'node:stream';
import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { listIssuedAccounts } from '../accounts/issued-accounts.queries.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { auditCsv, csvDisposition } from './audit-csv.js';
import { writeAuditXlsx, xlsxDisposition } from './audit-xlsx.js';
import { exportAudit, searchAudit } from './audit-query.service.js';

const tags = ['审计（审计管理员）'];
const Filter = {
  from: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD（北京时间整日）或 ISO 时间，含' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD（北京时间整日）或 ISO 时间，含' })),
  actor: Type.Optional(Type.String({ maxLength: 100, description: '用户名、账号 ID 或记录的操作者名称' })),
  action: Type.Optional(Type.String({ maxLength: 60, description: '操作类型，见 AUDIT_ACTIONS' })),
  targetType: Type.Optional(Type.String({ maxLength: 60 })),
  targetId: Type.Optional(Type.String({ maxLength: 100 })),
  result: Type.Optional(Type.Enum(['success', 'failure'], { type: 'string' })),
};
const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const AuditRecord = Type.Object({
  seq: Type.Integer(),
  ts: Type.String(),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  actorRole: Nullable(Type.String()),
  unitId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  sessionRef: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  action: Type.String(),
  actionLabel: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  targetName: Type.Optional(
    Type.String({ description: '对象的当前名称（事项、实施单位、法律文件、发布渠道；不含个人信息）' }),
  ),
  result: Type.String(),
  reason: Nullable(Type.String()),
  beforeDigest: Nullable(Type.String()),
  afterDigest: Nullable(Type.String()),
  details: Nullable(Type.String({ description: 'JSON，个人信息已脱敏' })),
});

/** JSON API of the audit trail: search (`audit.read`) and CSV export (`audit.export`); both are audited. */
export function registerAuditRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags,
        summary: '查询审计记录（按时间倒序分页；查询本身记入审计）',
        querystring: Type.Object({
          ...Filter,
          before: Type.Optional(Type.Integer({ minimum: 1, description: '上一页返回的 nextBefore' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        }),
        response: {
          200: Type.Object({ records: Type.Array(AuditRecord), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }),
        },
      },
    },
    async (request) => {
      const { before, limit, ...filter } = request.query;
      return searchAudit(ucOf(ctx, request), filter, { before, limit });
    },
  );

  app.get(
    '/api/v1/audit/accounts',
    {
      config: { access: 'audit.read' },
      schema: {
        tags,
        summary: '账号开设清单：每个账号及其开设者、三员账号的确认者（三员分立：供审计管理员核对）',
        response: {
          200: Type.Object({
            accounts: Type.Array(
              Type.Object({
                id: Type.String(),
                username: Type.String(),
                displayName: Type.String(),
                roles: Type.Array(Type.String()),
                unitName: Nullable(Type.String()),
                status: Type.String(),
                createdAt: Type.String(),
                issuedBy: Nullable(Type.String({ description: '开设者姓名；null 表示在服务器上用命令行开设' })),
                confirmedBy: Nullable(Type.String({ description: '确认三员账号的管理员（或命令行）' })),
                mfaEnabled: Type.Boolean(),
                lastLoginAt: Nullable(Type.String()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ accounts: await listIssuedAccounts(ucOf(ctx, request)) }),
  );

  app.get(
    '/api/v1/audit/export',
    {
      config: { access: 'audit.export' },
      schema: {
        tags,
        summary: '导出审计记录（CSV：UTF-8 带 BOM、防公式注入；或 xlsx；导出本身记入审计）',
        querystring: Type.Object({
          ...Filter,
          format: Type.Optional(Type.Enum(['csv', 'xlsx'], { type: 'string', default: 'csv' })),
        }),
      },
    },
    async (request, reply) => {
      const { format = 'csv', ...filter } = request.query;
      const { records } = await exportAudit(ucOf(ctx, request), filter, format);
      if (format === 'xlsx') {
        const out = new PassThrough();
        writeAuditXlsx(records, out).catch((err) => out.destroy(err));
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', xlsxDisposition(ctx.clock.now()))
          .header('cache-control', 'no-store')
          .send(out);
      }
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', csvDisposition(ctx.clock.now()))
        .header('cache-control', 'no-store')
        .send(Readable.from(auditCsv(records)));
    },
  );
}
