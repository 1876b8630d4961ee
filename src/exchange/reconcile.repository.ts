import type { Executor } from '../db/database.js';
import type { ReconcileDecisionRow } from './reconcile.table.js';

export function listDecisions(db: Executor): Promise<ReconcileDecisionRow[]> {
  return db.selectFrom('reconcile_decisions').selectAll().execute();
}

/** One decision per element: a new one replaces the previous. */
export async function saveDecision(db: Executor, row: ReconcileDecisionRow): Promise<void> {
  await db
    .insertInto('reconcile_decisions')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['task_code', 'handling_code', 'path']).doUpdateSet({
        decision: row.decision,
        theirs_hash: row.theirs_hash,
        note: row.note,
        decided_by: row.decided_by,
        decided_at: row.decided_at,
      }),
    )
    .execute();
}
