import { sql } from 'kysely';
import type { Dialect, Executor, Trx } from '../db/database.js';
import type { VersionState } from '../items/states.js';
import type { ChangeRequestRow, NotificationTable, PublicationRow, ReviewCommentRow } from './workflow.table.js';

/** Moves a version from one of `from` to `to`; the state guard is in the WHERE clause (race-safe). */
export async function moveVersion(db: Executor, id: string, from: readonly VersionState[], to: VersionState, patch: Record<string, unknown> = {}): Promise<boolean> {
  const res = await db.updateTable('item_versions').set({ ...patch, state: to }).where('id', '=', id).where('state', 'in', [...from]).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertComments(db: Executor, rows: ReviewCommentRow[]): Promise<void> {
  if (rows.length) await db.insertInto('review_comments').values(rows).execute();
}

export async function findChangeRequest(db: Executor, id: string): Promise<ChangeRequestRow | undefined> {
  return db.selectFrom('change_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateChangeRequest(db: Executor, id: string, patch: Partial<ChangeRequestRow>): Promise<void> {
  await db.updateTable('change_requests').set(patch).where('id', '=', id).execute();
}

/** Serialises publication numbering across instances (PostgreSQL); SQLite has a single writer. */
export async function nextPublicationSeq(trx: Trx, dialect: Dialect): Promise<number> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(72682027)`.execute(trx);
  const row = await trx.selectFrom('publications').select((eb) => eb.fn.max<number>('seq').as('m')).executeTakeFirst();
  return Number(row?.m ?? 0) + 1;
}

export async function insertPublication(trx: Trx, row: PublicationRow): Promise<void> {
  await trx.insertInto('publications').values(row).execute();
}

export async function insertNotifications(db: Executor, rows: NotificationTable[]): Promise<void> {
  if (!rows.length) return;
  // A repeated dedupe key (e.g. "deadline near" already sent today) is skipped, not an error.
  await db.insertInto('notifications').values(rows).onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing()).execute();
}

/** Active accounts holding any of `roles` (within `unitId` when given), with their e-mail for the mail channel. */
export async function recipients(db: Executor, roles: readonly string[], unitId?: string | null): Promise<Array<{ id: string; email: string | null; roles: string }>> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'roles'])
    .where('status', '=', 'active')
    .$if(unitId !== undefined, (qb) => qb.where('unit_id', unitId === null ? 'is' : '=', unitId as never))
    .execute();
  return rows.filter((r) => r.roles.split(',').some((role) => roles.includes(role)));
}
