/**
 * The one error module. Domain and use-case code throws `AppError`s built by the named constructors
 * below; `src/http/errors.ts` is the only place that maps them to HTTP, and the CLI maps them to exit codes.
 *
 * WARNING: `code` values are part of the public API (clients branch on them). Add codes; never rename one.
 */

export const ERROR_CODES = {
  /** Input failed a schema or a domain constraint; `details` names the field(s). */
  VALIDATION_FAILED: 400,
  /** Not signed in, or the session ended. */
  UNAUTHENTICATED: 401,
  /** Signed in but not allowed (used only where existence is not secret). */
  FORBIDDEN: 403,
  /** Password expired: only the change-password page is reachable. */
  PASSWORD_EXPIRED: 403,
  /** Request from outside the management network ranges. */
  NETWORK_FORBIDDEN: 403,
  /** Missing or wrong anti-CSRF token. */
  CSRF_FAILED: 403,
  /** Does not exist, or exists but the actor may not know that. */
  NOT_FOUND: 404,
  /** Existed and was published, then cancelled (取消); `details` say when, why and what replaced it. */
  GONE: 410,
  /** Optimistic-concurrency check failed: the client's `version` is stale. */
  VERSION_CONFLICT: 409,
  /** The object is not in a state that allows the action (e.g. publishing a draft). */
  INVALID_STATE: 409,
  /** A uniqueness rule would be broken (e.g. a 实施编码 already used, or a cancelled one). */
  DUPLICATE: 409,
  /** Same Idempotency-Key with a different body. */
  IDEMPOTENCY_MISMATCH: 422,
  /** The request is well-formed but breaks a business rule (e.g. errors in the item's findings). */
  RULE_VIOLATION: 422,
  /** Body too large. */
  PAYLOAD_TOO_LARGE: 413,
  /** The request line (query string) or the headers are too long. */
  HEADERS_TOO_LARGE: 431,
  /** The route does not take bodies of this Content-Type (e.g. a file upload sent to a route that takes no files). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Too many requests; `Retry-After` is set. */
  RATE_LIMITED: 429,
  /** The working-day calendar does not cover the requested range. */
  CALENDAR_NOT_PUBLISHED: 422,
  /** A dependency (database, audit sink) is unavailable; nothing was written. */
  UNAVAILABLE: 503,
  /** A bug. The body never carries details; the log does. */
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with one input field; `path` uses JSON-pointer-like dots: `materials.2.name`. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { issues?: FieldIssue[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code];
    this.issues = opts.issues ?? [];
    this.details = opts.details ?? {};
  }
}

export const errors = {
  validation: (issues: FieldIssue[], message = issues.map((i) => `${i.path}: ${i.message}`).join('; ')) =>
    new AppError('VALIDATION_FAILED', message, { issues }),
  field: (path: string, message: string) =>
    new AppError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] }),
  notFound: (what = '对象') => new AppError('NOT_FOUND', `${what}不存在`),
  unauthenticated: (message = '请先登录') => new AppError('UNAUTHENTICATED', message),
  forbidden: (message = '无权执行此操作') => new AppError('FORBIDDEN', message),
  versionConflict: (currentVersion: number) =>
    new AppError('VERSION_CONFLICT', `数据已被他人修改（当前版本 ${currentVersion}），请刷新后重试`, {
      details: { currentVersion },
    }),
  gone: (message: string, details: Record<string, unknown>) => new AppError('GONE', message, { details }),
  invalidState: (message: string, details: Record<string, unknown> = {}) =>
    new AppError('INVALID_STATE', message, { details }),
  duplicate: (message: string, path?: string) =>
    new AppError('DUPLICATE', message, path ? { issues: [{ path, message }] } : {}),
  ruleViolation: (message: string, details: Record<string, unknown> = {}) =>
    new AppError('RULE_VIOLATION', message, { details }),
  calendarNotPublished: (year: string) =>
    new AppError('CALENDAR_NOT_PUBLISHED', `${year} 年的节假日安排尚未发布（或尚未导入），无法计算工作日`, {
      details: { year },
    }),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试', { details: { retryAfterSeconds } }),
  unavailable: (message = '服务暂不可用，未写入任何数据', cause?: unknown) =>
    new AppError('UNAVAILABLE', message, { cause }),
};

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
