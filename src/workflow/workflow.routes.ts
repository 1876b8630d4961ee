import Type from 'typebox';
import { PageNumber, PageSize } from '../domain/schema-helpers.js';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { getItemDetail } from '../items/item.queries.js';
import { presentItemDetail } from '../items/item.presenter.js';
import { ItemDetailResponse } from '../items/item.schema.js';
import { getChangeRequest, listChangeRequests } from './change-request.queries.js';
import { itemComments } from './comment.queries.js';
import { createChangeRequest, withdrawChangeRequest } from './change-request.service.js';
import { TRANSITIONS, type TransitionName } from './state-machine.js';
import { setLifeState } from './life.service.js';
import { transition } from './transition.service.js';
import { ChangeRequestBody, ChangeRequestResponse, ReviewComment, TransitionBody } from './workflow.schema.js';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** URL segment → transition. `submit` goes through unit review automatically when the unit has it on. */
const ENDPOINTS: Record<string, TransitionName> = {
  submit: 'submit',
  withdraw: 'withdraw',
  'unit-approve': 'unit_approve',
  'unit-return': 'unit_return',
  verify: 'verify',
  return: 'return',
  publish: 'publish',
  schedule: 'schedule',
  unschedule: 'unschedule',
};

export function registerWorkflowRoutes(app: App, ctx: AppContext): void {
  for (const [segment, name] of Object.entries(ENDPOINTS)) {
    const t = TRANSITIONS[name];
    app.post(
      `/api/v1/items/:id/${segment}`,
      {
        config: { access: t.action },
        schema: {
          tags: ['流程'],
          summary: `${t.label}（${t.from.join('/')} → ${t.to}）`,
          params: IdParams,
          body: TransitionBody,
          response: { 200: ItemDetailResponse },
        },
      },
      async (request) => {
        const uc = ucOf(ctx, request);
        await transition(uc, request.params.id, name, request.body);
        return presentItemDetail(await getItemDetail(uc, request.params.id));
      },
    );
  }

  for (const [segment, to] of [
    ['suspend', 'suspended'],
    ['resume', 'active'],
  ] as const) {
    app.post(
      `/api/v1/items/:id/${segment}`,
      {
        config: { access: 'item.life' },
        schema: {
          tags: ['流程'],
          summary: to === 'suspended' ? '暂停已发布事项（公开目录显示暂停）' : '恢复暂停的事项',
          params: IdParams,
          body: Type.Object(
            { reason: Type.String({ minLength: 1, maxLength: 1000, title: '理由' }) },
            { additionalProperties: false },
          ),
          response: { 200: ItemDetailResponse },
        },
      },
      async (request) => {
        const uc = ucOf(ctx, request);
        await setLifeState(uc, request.params.id, to, request.body.reason);
        return presentItemDetail(await getItemDetail(uc, request.params.id));
      },
    );
  }

  app.get(
    '/api/v1/items/:id/comments',
    {
      config: { access: 'item.read' },
      schema: {
        tags: ['流程'],
        summary: '退回意见（按要素）',
        params: IdParams,
        response: { 200: Type.Object({ comments: Type.Array(ReviewComment) }) },
      },
    },
    async (request) => {
      return { comments: await itemComments(ucOf(ctx, request), request.params.id) };
    },
  );

  const tags = ['调整申请'];
  app.get(
    '/api/v1/changes',
    {
      config: { access: 'change.read' },
      schema: {
        tags,
        summary: '调整申请列表（含剩余工作日、超期标记）',
        querystring: Type.Object(
          {
            unitId: Type.Optional(Type.String()),
            status: Type.Optional(Type.String()),
            itemId: Type.Optional(Type.String()),
            overdue: Type.Optional(Type.Boolean()),
            page: PageNumber(),
            pageSize: PageSize(200, 50),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ changes: Type.Array(ChangeRequestResponse), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const q = request.query;
      const { rows, total } = await listChangeRequests(ucOf(ctx, request), {
        ...q,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { changes: rows, total };
    },
  );

  app.post(
    '/api/v1/changes',
    {
      config: { access: 'change.create' },
      schema: {
        tags,
        summary: '发起调整申请（第十二至十九条：种类、事由、依据文件、事由发生日，自动计算3个工作日期限）',
        body: ChangeRequestBody,
        response: { 201: ChangeRequestResponse },
      },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const cr = await createChangeRequest(uc, request.body);
      return reply.status(201).send(await getChangeRequest(uc, cr.id));
    },
  );

  app.get(
    '/api/v1/changes/:id',
    {
      config: { access: 'change.read' },
      schema: { tags, summary: '调整申请详情', params: IdParams, response: { 200: ChangeRequestResponse } },
    },
    async (request) => getChangeRequest(ucOf(ctx, request), request.params.id),
  );

  app.post(
    '/api/v1/changes/:id/withdraw',
    {
      config: { access: 'change.create' },
      schema: { tags, summary: '撤销未提交的调整申请', params: IdParams, response: { 200: ChangeRequestResponse } },
    },
    async (request) => {
      const uc = ucOf(ctx, request);
      await withdrawChangeRequest(uc, request.params.id);
      return getChangeRequest(uc, request.params.id);
    },
  );
}
