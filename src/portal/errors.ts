import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import type { PublicationStamp } from '../publishing/public.queries.js';
import type { AppError } from '../shared/errors.js';
import { html } from '../web/html.js';
import { portalPage } from './layout.js';
import { liveLinks } from './links.js';

const NOT_PORTAL = ['/api/', '/console', '/static/', '/feeds/', '/widget/', '/healthz', '/readyz'];

/** A browser navigation to the public portal (errors there are pages, not JSON). */
export function isPortalRequest(request: FastifyRequest): boolean {
  if (NOT_PORTAL.some((p) => request.url.startsWith(p))) return false;
  return String(request.headers.accept ?? '').includes('text/html');
}

const TITLES: Record<number, string> = {
  400: '请求有误',
  403: '无法处理该请求',
  404: '页面不存在',
  429: '请求过于频繁',
  503: '服务暂不可用',
};

/** Error page in the portal's frame, with the same status the API would send. */
export function sendPortalError(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  err: AppError,
): FastifyReply {
  // The stamp the handler read, when it got that far (an error page needs no database round trip).
  const seq = (request as FastifyRequest & { publicationStamp?: PublicationStamp }).publicationStamp?.seq;
  const title = TITLES[err.status] ?? '出错了';
  const message =
    err.code === 'INTERNAL'
      ? `服务器内部错误（请求编号 ${request.id}）`
      : err.code === 'NOT_FOUND'
        ? '您访问的事项或页面不存在，可能已经取消或地址有误。'
        : err.message;
  const links = liveLinks(ctx.config.http.publicBaseUrl);
  const page = portalPage({
    title,
    links,
    jurisdiction: ctx.config.jurisdiction.fullName,
    seq,
    body: html`<h1>${title}</h1><p>${message}</p>${err.code === 'RATE_LIMITED' ? html`<p>请稍后再试。</p>` : ''}<p><a href="${links.home}">返回首页</a> · <a href="${links.adjustments()}">查看最近调整</a></p>`,
  });
  return reply.status(err.status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page.value);
}
