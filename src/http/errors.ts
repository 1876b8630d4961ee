import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { dbErrorToAppError } from '../db/db-errors.js';
import { schemaIssues } from '../shared/schema-issues.js';
import { AppError, ERROR_CODES, isAppError, type ErrorCode, type FieldIssue } from '../shared/errors.js';

export const UNAVAILABLE_RETRY_SECONDS = 5;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    issues?: FieldIssue[];
    details?: Record<string, unknown>;
    requestId: string;
  };
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
  const fe = err as FastifyError & {
    validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
    validationContext?: string;
  };
  const context = VALIDATION_CONTEXTS.find((c) => c === fe?.validationContext);
  const schema =
    context && context !== 'headers'
      ? (request?.routeOptions.schema as Partial<Record<typeof context, TSchema>> | undefined)?.[context]
      : undefined;
  if (fe?.validation && context && context !== 'headers' && schema) {
    // Re-validate with the schema to report every problem with the element's Chinese name. Query and path
    // values arrive as text, so they are converted the way Fastify coerces them before checking.
    const raw =
      context === 'body'
        ? request!.body
        : Value.Convert(schema, structuredClone(context === 'querystring' ? request!.query : request!.params));
    const issues = schemaIssues(schema, raw, context === 'body' ? '' : context);
    if (issues.length)
      return new AppError('VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
  if (fe?.validation) {
    const issues = fe.validation.map((v) => ({
      path: validationPath(fe.validationContext, v),
      message: validationMessage(v),
    }));
    return new AppError('VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 404) return new AppError('NOT_FOUND', '请求的资源不存在');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', '请求体过大');
  if (status === 415)
    return new AppError('UNSUPPORTED_MEDIA_TYPE', '该地址不接受此类型的请求体（Content-Type）', {
      issues: [{ path: 'content-type', message: '不支持的内容类型' }],
    });
  if (status === 429) return new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试');
  if (status === 431) return headersTooLarge();
  if (status >= 400 && status < 500) {
    // Fastify's own messages are English and name its internals: clients get a Chinese one for the case.
    const message = FASTIFY_MESSAGES[fe.code ?? ''] ?? '请求格式错误';
    return new AppError('VALIDATION_FAILED', message, { issues: [{ path: 'body', message }] });
  }
  return new AppError('INTERNAL', '服务器内部错误', { cause: err });
}

/** The request parts Fastify validates, as named in an error's `validationContext`. */
const VALIDATION_CONTEXTS = ['body', 'querystring', 'params', 'headers'] as const;

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是有效的 JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求体为空：Content-Type 为 application/json 时须提供 JSON 请求体',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求体长度与 Content-Length 不符',
  FST_ERR_CTP_EMPTY_TYPE: '请求体缺少内容类型（Content-Type）',
};

export const headersTooLarge = () => new AppError('HEADERS_TOO_LARGE', '请求头或请求地址（查询条件）过长');

const firstOf = (list: unknown): unknown => (Array.isArray(list) ? list[0] : undefined);

function validationPath(
  context: string | undefined,
  v: { instancePath?: string; params?: Record<string, unknown> },
): string {
  const segments = (v.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = v.params?.additionalProperty ?? v.params?.missingProperty ?? firstOf(v.params?.additionalProperties);
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

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  raw: unknown,
  html?: (err: AppError) => FastifyReply | null,
): FastifyReply {
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

/**
 * Requests that Node's HTTP parser refuses before Fastify sees them (headers or request line over
 * `maxHeaderSize`, malformed request lines) still get the one error body, in Chinese: 431 or 400.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const error =
    err.code === 'HPE_HEADER_OVERFLOW' ? headersTooLarge() : new AppError('VALIDATION_FAILED', '请求格式错误');
  const body = JSON.stringify(errorBody(error, `client-${randomBytes(6).toString('hex')}`));
  const reason = error.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${error.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
