import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import type { UseCaseContext } from '../app/use-case.js';

/** The use-case context of a request: who is acting and the facts the audit trail records. */
export const ucOf = (ctx: AppContext, request: FastifyRequest): UseCaseContext => ({
  app: ctx,
  actor: request.actor,
  meta: request.meta,
});
