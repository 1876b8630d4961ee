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
