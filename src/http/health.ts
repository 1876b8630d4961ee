import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { ping } from '../db/database.js';
import type { App, AppState } from './app-type.js';

const Health = Type.Object({ status: Type.String(), database: Type.String() });

export function registerHealth(app: App, ctx: AppContext, state: AppState): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { tags: ['运维'], summary: '存活与数据库连通检查', response: { 200: Health, 503: Health } },
    },
    async (_req, reply) => {
      try {
        await ping(ctx.db);
        return { status: 'ok', database: 'ok' };
      } catch {
        return reply.status(503).send({ status: 'error', database: 'unreachable' });
      }
    },
  );
  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['运维'],
        summary: '就绪检查（启动中或停机排空时为 503）',
        response: { 200: Health, 503: Health },
      },
    },
    async (_req, reply) => {
      if (!state.ready) return reply.status(503).send({ status: 'draining', database: 'unknown' });
      try {
        await ping(ctx.db);
        return { status: 'ready', database: 'ok' };
      } catch {
        return reply.status(503).send({ status: 'not-ready', database: 'unreachable' });
      }
    },
  );
}
