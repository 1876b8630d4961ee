import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { requestStamp } from '../publishing/public-response.js';
import type { HtmlValue } from '../web/html.js';
import { portalPage } from './layout.js';
import type { PortalLinks } from './links.js';

export type PrivatePageSender = (
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  title: string,
  body: HtmlValue,
) => Promise<FastifyReply>;

/**
 * Sends portal pages that answer a visitor's own post (a receipt, a tracking page, the thanks for a vote): never
 * stored by browsers or proxies, since they may carry a tracking key or what the visitor typed.
 */
export function privatePageSender(ctx: AppContext, links: PortalLinks): PrivatePageSender {
  const jurisdiction = ctx.config.jurisdiction.fullName;
  return async (request, reply, status, title, body) => {
    const stamp = await requestStamp(ctx, request);
    return reply
      .status(status)
      .header('cache-control', 'no-store')
      .header('x-publication-seq', String(stamp.seq))
      .type('text/html; charset=utf-8')
      .send(
        portalPage({
          title,
          links,
          jurisdiction,
          seq: stamp.seq,
          body,
          // The tracking page is the navigation's 答复查询 entry.
          active: title === '答复查询' ? 'track' : undefined,
        }).value,
      );
  };
}
