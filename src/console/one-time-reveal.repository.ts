import type { Db, Executor } from '../db/database.js';
import type { OneTimeRevealRow, RevealKind } from './one-time-reveal.table.js';

export type { OneTimeRevealRow, RevealKind };

/** Sweeps the secrets nobody came back for, then stores `row`. */
export async function insertReveal(db: Executor, row: OneTimeRevealRow, now: string): Promise<void> {
  await db.deleteFrom('one_time_reveals').where('expires_at', '<', now).execute();
  await db.insertInto('one_time_reveals').values(row).execute();
}

/**
 * Reads and deletes the row in one transaction; null when there was none for this session, or another request
 * deleted it first (two tabs racing for the same secret: only the one whose DELETE removed the row gets it).
 */
export async function claimReveal(db: Db, id: string, sessionHash: string): Promise<OneTimeRevealRow | null> {
  return db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('one_time_reveals')
      .selectAll()
      .where('id', '=', id)
      .where('session_hash', '=', sessionHash)
      .executeTakeFirst();
    if (!row) return null;
    const deleted = await trx.deleteFrom('one_time_reveals').where('id', '=', id).executeTakeFirst();
    return Number(deleted.numDeletedRows) === 1 ? row : null;
  });
}
