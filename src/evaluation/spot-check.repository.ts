import type { Executor } from '../db/database.js';
import type { SpotCheckRow } from './evaluation.table.js';

/** Write-side SQL of spot checks. Moves are conditional on the state read, so a racing request cannot also pass. */

export async function insertSpotCheck(db: Executor, row: SpotCheckRow): Promise<void> {
  await db.insertInto('spot_checks').values(row).execute();
}

export async function moveSpotCheck(
  db: Executor,
  id: string,
  from: string,
  patch: Partial<SpotCheckRow>,
): Promise<boolean> {
  const res = await db
    .updateTable('spot_checks')
    .set((eb) => ({ ...patch, lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
