import type { Executor } from '../db/database.js';
import type { AttestationRow } from './workflow.table.js';

/** An item's statements, oldest first (shown beside its version history). */
export function attestationsOf(db: Executor, itemId: string): Promise<AttestationRow[]> {
  return db
    .selectFrom('attestations')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('attested_at')
    .orderBy('id')
    .execute();
}
