import type { Actor, RequestMeta } from '../auth/actor.js';
import { appendAudit, appendAuditMany, type AuditEntry } from '../audit/audit.service.js';
import type { Trx } from '../db/database.js';
import { dbErrorToAppError } from '../db/db-errors.js';
import type { AppContext } from './context.js';

/** What every use case receives: the application, who is acting, and request facts for the audit trail. */
export interface UseCaseContext {
  app: AppContext;
  actor: Actor;
  meta: RequestMeta;
}

export type Audit = (entry: AuditEntry) => Promise<void>;
/** Many records at once, in order (bulk writes): the same records as calling `Audit` for each. */
export type AuditMany = (entries: readonly AuditEntry[]) => Promise<void>;

/**
 * Runs `fn` in one transaction with an `audit` function bound to it. The change and its audit record
 * commit together or not at all (AUD-04); database failures become AppErrors (409 duplicate, 503 unavailable).
 */
export async function inTransaction<T>(
  uc: UseCaseContext,
  fn: (trx: Trx, audit: Audit, auditMany: AuditMany) => Promise<T>,
): Promise<T> {
  const { db, keys, clock } = uc.app;
  const who = { actor: uc.actor, meta: uc.meta };
  try {
    return await db.kysely.transaction().execute((trx) =>
      fn(
        trx,
        (entry) => appendAudit(trx, { dialect: db.dialect, key: keys.audit, now: clock.now() }, who, entry),
        (entries) => appendAuditMany(trx, { dialect: db.dialect, key: keys.audit, now: clock.now() }, who, entries),
      ),
    );
  } catch (e) {
    throw dbErrorToAppError(e);
  }
}
