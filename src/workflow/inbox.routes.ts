import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { listNotifications, markNotificationsRead, worklist } from './worklist.queries.js';

const tags = ['工作台与通知'];
const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.Union([Type.String(), Type.Null()]),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});

/** The worklist and the in-app inbox as JSON, for clients other than the console (Art. 9 workflow, Art. 19 deadlines). */
export function registerInboxRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/worklist',
    {
      config: { access: 'inbox.read' },
      schema: {
        tags,
        summary: '本人的工作清单：草稿、被退回、待审核/核验/发布队列（最早的在前）、调整申请及期限、超期统计',
        response: { 200: Type.Record(Type.String(), Type.Unknown()) },
      },
    },
    async (request) => ({ ...(await worklist(ucOf(ctx, request))) }),
  );

  app.get(
    '/api/v1/inbox',
    {
      config: { access: 'inbox.read' },
      schema: {
        tags,
        summary: '站内通知（最新的在前）',
        querystring: Type.Object(
          { limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ notifications: Type.Array(Notification) }) },
      },
    },
    async (request) => ({
      notifications: (await listNotifications(ucOf(ctx, request), request.query.limit)).map((n) => ({
        id: n.id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        createdAt: n.created_at,
        readAt: n.read_at,
      })),
    }),
  );

  app.post(
    '/api/v1/inbox/read',
    {
      config: { access: 'inbox.read' },
      schema: {
        tags,
        summary: '标为已读（指定 id，或全部）',
        body: Type.Object({ id: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await markNotificationsRead(ucOf(ctx, request), request.body.id);
      return reply.status(204).send(null);
    },
  );
}
