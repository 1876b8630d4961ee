import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import type { AppError } from '../shared/errors.js';
import { errorPage } from '../web/layout.js';
import { issueMessages } from './common.js';

export const isConsoleRequest = (request: FastifyRequest) => request.url.startsWith('/console');

const STAGE_PAGES: Record<string, string> = {
  mfa_pending: '/console/login/mfa',
  password_change: '/console/account/password',
  mfa_enroll: '/console/account/mfa',
};

export const stagePage = (stage: string) => STAGE_PAGES[stage] ?? '/console';

/**
 * Console navigations get pages, not JSON: sign-in problems redirect to the step to complete, other
 * errors render an error page with the same status the API would send.
 */
export function sendConsoleError(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  err: AppError,
): FastifyReply {
  const stage = typeof err.details.stage === 'string' ? err.details.stage : undefined;
  if ((err.code === 'UNAUTHENTICATED' || err.code === 'PASSWORD_EXPIRED') && stage)
    return reply.status(303).header('location', stagePage(stage)).send();
  if (err.code === 'UNAUTHENTICATED' && request.method === 'GET') {
    return reply
      .status(303)
      .header('location', `/console/login?next=${encodeURIComponent(request.url)}`)
      .send();
  }
  const actor = request.actor?.kind === 'public' ? null : (request.actor ?? null);
  // An AppError's message carries the API's field paths (`publishAt: …`); people get the issue messages.
  const message =
    err.code === 'INTERNAL'
      ? `服务器内部错误（请求编号 ${request.id}）`
      : err.issues.length
        ? issueMessages(err.issues).join('；')
        : err.message;
  return reply
    .status(err.status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(errorPage(err.status, message, ctx.config.jurisdiction.fullName, actor).value);
}
