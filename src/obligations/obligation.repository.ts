import type { Executor } from '../db/database.js';
import type { ObligationRow } from '../workflow/workflow.table.js';
import type { ObligationStatus } from './obligation.enums.js';

/** Inserts obligations (in batches of 200: one statement per batch stays under the engines' parameter limits). */
export async function insertObligations(db: Executor, rows: readonly ObligationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('obligations').values(rows.slice(i, i + 200)).execute();
}

/** Moves an obligation between statuses with the guard in the WHERE clause (two racing answers: one wins). */
export async function moveObligation(db: Executor, id: string, from: readonly ObligationStatus[], patch: Partial<ObligationRow>): Promise<boolean> {
  const res = await db.updateTable('obligations').set(patch).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** An obligation of the unit (a change request names the one it answers). */
export function findObligationOfUnit(db: Executor, id: string, unitId: string): Promise<ObligationRow | undefined> {
  return db.selectFrom('obligations').selectAll().where('id', '=', id).where('unit_id', '=', unitId).executeTakeFirst();
}

/** The change request answering these obligations was withdrawn: they are open again. */
export async function reopenObligationsOf(db: Executor, changeRequestId: string): Promise<void> {
  await db.updateTable('obligations').set({ status: 'open', change_request_id: null }).where('change_request_id', '=', changeRequestId).execute();
}

/** The change request answering these obligations completed: they are resolved. */
export async function resolveObligationsOf(db: Executor, changeRequestId: string, now: string): Promise<void> {
  await db.updateTable('obligations').set({ status: 'resolved', resolved_at: now }).where('change_request_id', '=', changeRequestId).where('status', '=', 'in_change').execute();
}
