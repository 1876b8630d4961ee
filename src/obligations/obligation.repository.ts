import type { Executor } from '../db/database.js';

// Writes of `obligations` (table type in workflow/workflow.table.ts). Each kind of change is one function whose
// WHERE clause carries its state guard.

/** A newer catalogue version supersedes a review nobody has acted on: the obligation is dismissed with a note. */
export async function dismissObligation(db: Executor, id: string, note: string, at: string): Promise<void> {
  await db.updateTable('obligations').set({ status: 'dismissed', review_note: note, resolved_at: at }).where('id', '=', id).execute();
}

/** An open obligation is now carried by a pending change request. Guarded: still open. */
export async function carryOpenObligation(db: Executor, id: string, changeRequestId: string): Promise<void> {
  await db.updateTable('obligations').set({ status: 'in_change', change_request_id: changeRequestId }).where('id', '=', id).where('status', '=', 'open').execute();
}

/** An open obligation is done without a change request (nothing public to adjust). Guarded: still open. */
export async function resolveOpenObligation(db: Executor, id: string, at: string, by: string | null): Promise<void> {
  await db.updateTable('obligations').set({ status: 'resolved', resolved_at: at, resolved_by: by }).where('id', '=', id).where('status', '=', 'open').execute();
}
