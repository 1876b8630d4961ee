import { AppError, errors, isAppError } from '../shared/errors.js';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300', '08006', '08001', '25006',
  'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', 'SQLITE_LOCKED',
]);

/** Whether a driver error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Driver errors that callers can act on become AppErrors; everything else passes through unchanged
 * (and ends as a 500 with the details only in the log).
 */
export function dbErrorToAppError(e: unknown): unknown {
  if (isAppError(e)) return e;
  const code = (e as { code?: string })?.code;
  if (isUniqueViolation(e)) return errors.duplicate('记录已存在（唯一性约束）');
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('SQLITE_IOERR'))) return errors.unavailable(undefined, e);
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' || /append-only/.test(String((e as Error)?.message))) {
    return new AppError('UNAVAILABLE', '审计记录只能追加，操作未执行', { cause: e });
  }
  return e;
}
