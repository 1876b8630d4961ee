import type { Executor } from '../db/database.js';
import type { SessionRow, UserRow, UserTable } from './account.table.js';
import type { Insertable, Updateable } from 'kysely';
import { containsText } from '../db/like.js';

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Executor, row: Insertable<UserTable>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Executor, id: string, patch: Updateable<UserTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/**
 * Records a failed login atomically: a new window starts when the previous one is older than `windowStart`.
 * Returns the count within the current window.
 */
export async function recordFailure(db: Executor, id: string, now: string, windowStart: string): Promise<number> {
  const user = await db.selectFrom('users').select(['failed_count', 'first_failed_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const fresh = !user.first_failed_at || user.first_failed_at < windowStart;
  const count = fresh ? 1 : user.failed_count + 1;
  await db.updateTable('users').set({ failed_count: count, first_failed_at: fresh ? now : user.first_failed_at }).where('id', '=', id).execute();
  return count;
}

export interface UserListFilter {
  unitId?: string;
  status?: string;
  q?: string;
}

export async function listUsers(db: Executor, f: UserListFilter): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .$if(!!f.unitId, (qb) => qb.where('unit_id', '=', f.unitId!))
    .$if(!!f.status, (qb) => qb.where('status', '=', f.status!))
    .$if(!!f.q, (qb) => qb.where((eb) => eb.or([containsText('username', f.q!), containsText('display_name', f.q!)])))
    .orderBy('username')
    .limit(1000)
    .execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

// sessions

export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSession(db: Executor, idHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

export async function touchSession(db: Executor, idHash: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteUserSessions(db: Executor, userId: string, exceptIdHash?: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(!!exceptIdHash, (qb) => qb.where('id_hash', '!=', exceptIdHash!))
    .execute();
}

export async function listUserSessions(db: Executor, userId: string): Promise<SessionRow[]> {
  return db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function deleteExpiredSessions(db: Executor, now: string, idleBefore: string): Promise<number> {
  const res = await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<', now), eb('last_seen_at', '<', idleBefore)])).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Active accounts whose last sign-in (or issuance, if never used) is before `cutoff`. */
export async function listDormant(db: Executor, cutoff: string): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('status', '=', 'active')
    .where((eb) => eb(eb.fn.coalesce('last_login_at', 'created_at'), '<', cutoff))
    .limit(500)
    .execute();
}
