import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { codesOf } from '../domain/enums.js';
import { PageNumber, PageSize } from '../domain/schema-helpers.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { getChangeRequest } from '../workflow/change-request.queries.js';
import { ChangeRequestResponse } from '../workflow/workflow.schema.js';
import { OBLIGATION_SOURCES, OBLIGATION_STATUSES } from './obligation.enums.js';
import { getObligation, listObligations } from './obligation.queries.js';
import { ObligationChangeBody } from './obligation.schema.js';
import {
  answerNoChange,
  confirmNoChange,
  dismissObligation,
  openChangeFromObligation,
  rejectNoChange,
} from './obligation.service.js';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ObligationResponse = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  itemId: Nullable(Type.String()),
  itemName: Nullable(Type.String()),
  taskCode: Nullable(Type.String()),
  handlingCode: Nullable(Type.String({ description: '业务办理项编码（事项为业务办理项时）' })),
  kind: Type.String(),
  kindLabel: Type.String(),
  ground: Type.String(),
  groundLabel: Type.String(),
  sourceType: Type.String(),
  sourceLabel: Type.String(),
  sourceId: Type.String(),
  summary: Type.String(),
  catalogCode: Nullable(Type.String()),
  groundDocument: Nullable(Type.Record(Type.String(), Type.String())),
  groundArisenOn: Type.String(),
  dueOn: Type.String(),
  dueProvisional: Type.Boolean(),
  status: Type.String(),
  statusLabel: Type.String(),
  remainingWorkingDays: Nullable(Type.Integer()),
  overdue: Type.Boolean({ description: '待处理且已过期限' }),
  deadlineText: Type.String(),
  changeRequestId: Nullable(Type.String()),
  justification: Nullable(Type.String()),
  reviewNote: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  createdAt: Type.String(),
});

const StatusFilter = Type.Enum(['active', ...codesOf(OBLIGATION_STATUSES)], {
  type: 'string',
  description: `active=待处理/调整中/待确认; ${Object.entries(OBLIGATION_STATUSES)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ')}`,
});

/** Adjustment obligations: the units' worklist entries opened by legal events, directives and catalogue versions. */
export function registerObligationRoutes(app: App, ctx: AppContext): void {
  const tags = ['调整义务'];
  app.get(
    '/api/v1/obligations',
    {
      config: { access: 'obligation.read' },
      schema: {
        tags,
        summary: '调整义务列表（单位角色仅见本单位；按期限排序；overdue=true 仅列超期未处理的）',
        querystring: Type.Object(
          {
            unitId: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(StatusFilter),
            sourceType: Type.Optional(Type.Enum(codesOf(OBLIGATION_SOURCES), { type: 'string' })),
            sourceId: Type.Optional(Type.String({ maxLength: 64 })),
            itemId: Type.Optional(Type.String({ maxLength: 64 })),
            overdue: Type.Optional(Type.Boolean()),
            page: PageNumber(),
            pageSize: PageSize(500, 50),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ obligations: Type.Array(ObligationResponse), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const q = request.query;
      const { rows, total } = await listObligations(ucOf(ctx, request), {
        ...q,
        status: q.status,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { obligations: rows, total };
    },
  );

  app.get(
    '/api/v1/obligations/:id',
    {
      config: { access: 'obligation.read' },
      schema: { tags, summary: '调整义务详情', params: IdParams, response: { 200: ObligationResponse } },
    },
    async (request) => getObligation(ucOf(ctx, request), request.params.id),
  );

  app.post(
    '/api/v1/obligations/:id/change',
    {
      config: { access: 'obligation.resolve' },
      schema: {
        tags,
        summary: '据此发起调整申请（种类、事由、依据文件、事由发生日取自义务；新增且基本目录有条目时按认领生成事项）',
        params: IdParams,
        body: ObligationChangeBody,
        response: { 201: ChangeRequestResponse },
      },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const cr = await openChangeFromObligation(uc, request.params.id, request.body);
      return reply.status(201).send(await getChangeRequest(uc, cr.id));
    },
  );

  app.post(
    '/api/v1/obligations/:id/no-change',
    {
      config: { access: 'obligation.resolve' },
      schema: {
        tags,
        summary: '说明无需调整（须中心确认后办结）',
        params: IdParams,
        body: Type.Object(
          { justification: Type.String({ title: '理由', minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: ObligationResponse },
      },
    },
    async (request) => {
      const uc = ucOf(ctx, request);
      await answerNoChange(uc, request.params.id, request.body.justification);
      return getObligation(uc, request.params.id);
    },
  );

  app.post(
    '/api/v1/obligations/:id/confirm',
    {
      config: { access: 'obligation.confirm' },
      schema: {
        tags,
        summary: '中心确认“无需调整”（办结）',
        params: IdParams,
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: { 200: ObligationResponse },
      },
    },
    async (request) => {
      const uc = ucOf(ctx, request);
      await confirmNoChange(uc, request.params.id, request.body.note);
      return getObligation(uc, request.params.id);
    },
  );

  app.post(
    '/api/v1/obligations/:id/reject',
    {
      config: { access: 'obligation.confirm' },
      schema: {
        tags,
        summary: '中心不同意“无需调整”（义务重新待处理）',
        params: IdParams,
        body: Type.Object(
          { note: Type.String({ title: '意见', minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: ObligationResponse },
      },
    },
    async (request) => {
      const uc = ucOf(ctx, request);
      await rejectNoChange(uc, request.params.id, request.body.note);
      return getObligation(uc, request.params.id);
    },
  );

  app.post(
    '/api/v1/obligations/:id/dismiss',
    {
      config: { access: 'obligation.confirm' },
      schema: {
        tags,
        summary: '撤销误产生的调整义务（记录理由）',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ title: '理由', minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: ObligationResponse },
      },
    },
    async (request) => {
      const uc = ucOf(ctx, request);
      await dismissObligation(uc, request.params.id, request.body.reason);
      return getObligation(uc, request.params.id);
    },
  );
}
