import type { Actor, RequestMeta } from '../auth/actor.js';
import { appendAudit, type AuditEntry } from '../audit/audit.service.js';
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

/**
 * Runs `fn` in one transaction with an `audit` function bound to it. The change and its audit record
 * commit together or not at all (AUD-04); database failures become AppErrors (409 duplicate, 503 unavailable).
 */
export async function inTransaction<T>(uc: UseCaseContext, fn: (trx: Trx, audit: Audit) => Promise<T>): Promise<T> {
  const { db, keys, clock } = uc.app;
  try {
    return await db.kysely.transaction().execute((trx) =>
      fn(trx, (entry) => appendAudit(trx, { dialect: db.dialect, key: keys.audit, now: clock.now() }, { actor: uc.actor, meta: uc.meta }, entry)),
    );
  } catch (e) {
    throw dbErrorToAppError(e);
  }
}
