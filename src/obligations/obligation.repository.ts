import type { Executor } from '../db/database.js';
import type { ObligationRow } from '../workflow/workflow.table.js';
import type { ObligationStatus } from './obligation.enums.js';

/** Inserts obligations (in batches of 200: one statement per batch stays under the engines' parameter limits). */
export async function insertObligations(db: Executor, rows: readonly ObligationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('obligations')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Moves an obligation between statuses with the guard in the WHERE clause (two racing answers: one wins). */
export async function moveObligation(
  db: Executor,
  id: string,
  from: readonly ObligationStatus[],
  patch: Partial<ObligationRow>,
): Promise<boolean> {
  const res = await db
    .updateTable('obligations')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** An obligation of the unit (a change request names the one it answers). */
export function findObligationOfUnit(db: Executor, id: string, unitId: string): Promise<ObligationRow | undefined> {
  return db.selectFrom('obligations').selectAll().where('id', '=', id).where('unit_id', '=', unitId).executeTakeFirst();
}

/** The change request answering these obligations was withdrawn: they are open again. */
export async function reopenObligationsOf(db: Executor, changeRequestId: string): Promise<void> {
  await db
    .updateTable('obligations')
    .set({ status: 'open', change_request_id: null })
    .where('change_request_id', '=', changeRequestId)
    .execute();
}

/** The change request answering these obligations completed: they are resolved. */
export async function resolveObligationsOf(db: Executor, changeRequestId: string, now: string): Promise<void> {
  await db
    .updateTable('obligations')
    .set({ status: 'resolved', resolved_at: now })
    .where('change_request_id', '=', changeRequestId)
    .where('status', '=', 'in_change')
    .execute();
}

// Writes of `obligations` (table type in workflow/workflow.table.ts). Each kind of change is one function whose
// WHERE clause carries its state guard.

/** A newer catalogue version supersedes a review nobody has acted on: the obligation is dismissed with a note. */
export async function dismissObligation(db: Executor, id: string, note: string, at: string): Promise<void> {
  await db
    .updateTable('obligations')
    .set({ status: 'dismissed', review_note: note, resolved_at: at })
    .where('id', '=', id)
    .execute();
}

/** An open obligation is now carried by a pending change request. Guarded: still open. */
export async function carryOpenObligation(db: Executor, id: string, changeRequestId: string): Promise<void> {
  await db
    .updateTable('obligations')
    .set({ status: 'in_change', change_request_id: changeRequestId })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

/** An open obligation is done without a change request (nothing public to adjust). Guarded: still open. */
export async function resolveOpenObligation(db: Executor, id: string, at: string, by: string | null): Promise<void> {
  await db
    .updateTable('obligations')
    .set({ status: 'resolved', resolved_at: at, resolved_by: by })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}
