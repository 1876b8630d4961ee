import type { Executor } from '../db/database.js';
import { type UnitScope, scopedUnitId } from '../auth/policy.js';
import type { ExplanationRequestRow, ExplanationStatus, FaqStatus } from './explanation.table.js';

/** SQL of explanation requests. Scoped reads take the actor's unit scope, so another unit's request is "not found". */

export async function insertExplanation(db: Executor, row: ExplanationRequestRow): Promise<void> {
  await db.insertInto('explanation_requests').values(row).execute();
}

export async function findByTrackingNo(db: Executor, trackingNo: string): Promise<ExplanationRequestRow | undefined> {
  return db.selectFrom('explanation_requests').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirst();
}

export async function findExplanation(
  db: Executor,
  scope: UnitScope,
  id: string,
): Promise<ExplanationListRow | undefined> {
  if (scope.kind === 'none') return undefined;
  return db
    .selectFrom('explanation_requests as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .selectAll('e')
    .select('u.name as unit_name')
    .where('e.id', '=', id)
    .$if(scope.kind === 'unit', (qb) => qb.where('e.unit_id', '=', scopedUnitId(scope)!))
    .executeTakeFirst();
}

export interface ExplanationListFilter {
  status?: 'open' | 'answered';
  unitId?: string;
  faqStatus?: FaqStatus;
  /** Only requests past their deadline (open, due before `today`). */
  overdueBefore?: string;
  limit: number;
  offset: number;
}

export type ExplanationListRow = ExplanationRequestRow & { unit_name: string };

export async function listExplanations(
  db: Executor,
  scope: UnitScope,
  f: ExplanationListFilter,
): Promise<{ rows: ExplanationListRow[]; total: number }> {
  if (scope.kind === 'none') return { rows: [], total: 0 };
  const base = db
    .selectFrom('explanation_requests as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .$if(scope.kind === 'unit', (qb) => qb.where('e.unit_id', '=', scopedUnitId(scope)!))
    .$if(!!f.unitId, (qb) => qb.where('e.unit_id', '=', f.unitId!))
    .$if(!!f.status, (qb) => qb.where('e.status', '=', f.status!))
    .$if(!!f.faqStatus, (qb) => qb.where('e.faq_status', '=', f.faqStatus!))
    .$if(!!f.overdueBefore, (qb) => qb.where('e.status', '=', 'open').where('e.due_on', '<', f.overdueBefore!));
  const [rows, count] = await Promise.all([
    base
      .selectAll('e')
      .select('u.name as unit_name')
      .orderBy('e.status', 'desc')
      .orderBy('e.due_on')
      .orderBy('e.created_at')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Guarded update: applies only when the row is still in `status` with `lockVersion` (race-safe). */
export async function updateExplanationIf(
  db: Executor,
  id: string,
  expected: { status?: ExplanationStatus; faqStatus?: FaqStatus },
  patch: Partial<ExplanationRequestRow>,
): Promise<boolean> {
  const res = await db
    .updateTable('explanation_requests')
    .set((eb) => ({ ...patch, lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', id)
    .$if(!!expected.status, (qb) => qb.where('status', '=', expected.status!))
    .$if(!!expected.faqStatus, (qb) => qb.where('faq_status', '=', expected.faqStatus!))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Open requests past their deadline, per unit (Art. 21 answers, supervised like Art. 19 deadlines). */
export async function overdueExplanationsByUnit(
  db: Executor,
  today: string,
): Promise<Array<{ unit_id: string; n: number }>> {
  const rows = await db
    .selectFrom('explanation_requests')
    .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'open')
    .where('due_on', '<', today)
    .groupBy('unit_id')
    .execute();
  return rows.map((r) => ({ unit_id: r.unit_id, n: Number(r.n) }));
}

/** Answered requests (answered before `answeredBefore`) still holding a requester's name or contact, oldest first. */
export async function requestsWithExpiredContact(
  db: Executor,
  answeredBefore: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('explanation_requests')
    .select('id')
    .where('status', '<>', 'open')
    .where('answered_at', '<', answeredBefore)
    .where((eb) => eb.or([eb('requester_name', 'is not', null), eb('contact', 'is not', null)]))
    .orderBy('answered_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * DATA-03: removes the requester's name and contact ciphertext. Guarded like the selection (answered before the
 * cut-off), so a request reopened meanwhile is not touched. Returns how many rows were erased.
 */
export async function eraseRequesterData(
  db: Executor,
  ids: readonly string[],
  answeredBefore: string,
  at: string,
): Promise<number> {
  const res = await db
    .updateTable('explanation_requests')
    .set({ requester_name: null, contact: null, contact_erased_at: at })
    .where('id', 'in', [...ids])
    .where('status', '<>', 'open')
    .where('answered_at', '<', answeredBefore)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
