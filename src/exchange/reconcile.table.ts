import type { Selectable } from 'kysely';

/** A decision on one element that differs from the provincial system's copy of an item. */
export interface ReconcileDecisionTable {
  id: string;
  task_code: string;
  handling_code: string;
  /** Element path as the diff names it, e.g. `materials[营业执照].paperCopies`. */
  path: string;
  decision: string;
  /** SM3 of the provincial value decided on (canonical JSON). */
  theirs_hash: string;
  note: string | null;
  decided_by: string | null;
  decided_at: string;
}
export type ReconcileDecisionRow = Selectable<ReconcileDecisionTable>;
