import { AppError, errors, isAppError } from '../shared/errors.js';
import { errorCode, errorMessage } from '../shared/guards.js';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P03',
  '53300',
  '08006',
  '08001',
  '25006',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** Whether a driver error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(e: unknown): boolean {
  const code = errorCode(e);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Messages of pg errors that carry no code but mean the server went away or could not be reached in time
 * (a restart, a failover, an exhausted pool): the request can be retried later.
 */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|terminating connection due to administrator command/;

/** A SQLite write that found the disk full: retried once space is freed; nothing was written. */
const STORAGE_FULL = new Set(['SQLITE_FULL', 'ENOSPC']);

/**
 * Driver errors that callers can act on become AppErrors; everything else passes through unchanged
 * (and ends as a 500 with the details only in the log).
 */
export function dbErrorToAppError(e: unknown): unknown {
  if (isAppError(e)) return e;
  const code = errorCode(e);
  if (isUniqueViolation(e)) return errors.duplicate('记录已存在（唯一性约束）');
  if (code && STORAGE_FULL.has(code))
    return errors.unavailable('存储空间不足，未写入任何数据，请稍后重试或联系系统管理员', e);
  if (
    (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('SQLITE_IOERR'))) ||
    UNAVAILABLE_MESSAGES.test(String(errorMessage(e)))
  )
    return errors.unavailable(undefined, e);
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' || /append-only/.test(String(errorMessage(e)))) {
    return new AppError('UNAVAILABLE', '审计记录只能追加，操作未执行', { cause: e });
  }
  return e;
}
