import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app.js';
import { errors } from '../shared/errors.js';
import { findPublicItem } from './public.queries.js';

/** Public read API (`/api/public/v1`): no account, CORS open, only published content. */
export function registerPublicRoutes(app: App, ctx: AppContext): void {
  app.get('/api/public/v1/items/:code', {
    config: { access: 'public' },
    schema: {
      tags: ['公开接口'], summary: '按实施编码查询已发布事项（业务办理项：实施编码-业务办理项编码）',
      params: Type.Object({ code: Type.String({ pattern: '^[0-9A-Z]{31}(-[0-9A-Za-z-]{1,50})?$' }) }),
    },
  }, async (request, reply) => {
    const [taskCode, ...rest] = request.params.code.split('-');
    const item = await findPublicItem(ctx.db.kysely, taskCode!, rest.join('-'));
    if (!item) throw errors.notFound('事项');
    return reply.header('access-control-allow-origin', '*').header('etag', `"${item.contentHash}"`).send(item);
  });
}
