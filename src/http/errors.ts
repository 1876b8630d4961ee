import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { dbErrorToAppError } from '../db/db-errors.js';
import { schemaIssues } from '../shared/schema-issues.js';
import { AppError, ERROR_CODES, isAppError, type ErrorCode, type FieldIssue } from '../shared/errors.js';

export const UNAVAILABLE_RETRY_SECONDS = 5;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: FieldIssue[]; details?: Record<string, unknown>; requestId: string };
}

/**
 * The single place where errors become HTTP. Schema-validation failures and Fastify's own 4xx errors are
 * turned into AppErrors first, so every client sees the same shape; anything else is a bug → 500 without details.
 */
export function toAppError(err: unknown, request?: FastifyRequest): AppError {
  if (isAppError(err)) return err;
  // A database that went away during a read (outside a use case's transaction) is a 503 too, not a bug.
  const fromDb = dbErrorToAppError(err);
  if (isAppError(fromDb)) return fromDb;
  const fe = err as FastifyError & { validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[]; validationContext?: string };
  const context = fe?.validationContext as 'body' | 'querystring' | 'params' | 'headers' | undefined;
  const schema = context && context !== 'headers' ? (request?.routeOptions.schema as Partial<Record<typeof context, TSchema>> | undefined)?.[context] : undefined;
  if (fe?.validation && context && context !== 'headers' && schema) {
    // Re-validate with the schema to report every problem with the element's Chinese name. Query and path
    // values arrive as text, so they are converted the way Fastify coerces them before checking.
    const raw = context === 'body' ? request!.body : Value.Convert(schema, structuredClone(context === 'querystring' ? request!.query : request!.params));
    const issues = schemaIssues(schema, raw, context === 'body' ? '' : context);
    if (issues.length) return new AppError('VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
  if (fe?.validation) {
    const issues = fe.validation.map((v) => ({ path: validationPath(fe.validationContext, v), message: validationMessage(v) }));
    return new AppError('VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 404) return new AppError('NOT_FOUND', '请求的资源不存在');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', '请求体过大');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', '该地址不接受此类型的请求体（Content-Type）', { issues: [{ path: 'content-type', message: '不支持的内容类型' }] });
  if (status === 429) return new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试');
  if (status >= 400 && status < 500) {
    return new AppError('VALIDATION_FAILED', fe.message || '请求格式错误', { issues: [{ path: fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'content-type' : 'body', message: fe.message }] });
  }
  return new AppError('INTERNAL', '服务器内部错误', { cause: err });
}

function validationPath(context: string | undefined, v: { instancePath?: string; params?: Record<string, unknown> }): string {
  const segments = (v.instancePath ?? '').split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = v.params?.additionalProperty ?? v.params?.missingProperty ?? (Array.isArray(v.params?.additionalProperties) ? (v.params.additionalProperties as string[])[0] : undefined);
  if (typeof extra === 'string') segments.push(extra);
  const base = context && context !== 'body' ? context : '';
  return [base, ...segments].filter(Boolean).join('.') || context || 'body';
}

function validationMessage(v: { message?: string; params?: Record<string, unknown> }): string {
  if (v.params?.additionalProperty || v.params?.additionalProperties) return '不允许的字段';
  if (v.params?.missingProperty) return '必填';
  return v.message ?? '格式错误';
}

export function errorBody(err: AppError, requestId: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.code === 'INTERNAL' ? '服务器内部错误' : err.message,
      ...(err.issues.length ? { issues: err.issues } : {}),
      ...(Object.keys(err.details).length && err.code !== 'INTERNAL' ? { details: err.details } : {}),
      requestId,
    },
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, raw: unknown, html?: (err: AppError) => FastifyReply | null): FastifyReply {
  const err = toAppError(raw, request);
  if (err.code === 'INTERNAL') request.log.error({ err: raw }, 'unhandled error');
  else if (err.code === 'UNAVAILABLE') request.log.warn({ err: raw }, 'dependency unavailable');
  if (err.code === 'RATE_LIMITED' && typeof err.details.retryAfterSeconds === 'number') {
    reply.header('retry-after', String(err.details.retryAfterSeconds));
  }
  // Clients and gateways retry a 503 after this many seconds (a database restart or failover takes a few).
  if (err.code === 'UNAVAILABLE') reply.header('retry-after', String(UNAVAILABLE_RETRY_SECONDS));
  const page = html?.(err);
  if (page) return page;
  return reply.status(ERROR_CODES[err.code]).type('application/json; charset=utf-8').send(errorBody(err, request.id));
}
