import type { Executor } from '../db/database.js';
import type { ApiTokenRow, SessionRow, SessionStage, UserRow, UserTable } from './account.table.js';
import { sql, type Insertable, type Updateable } from 'kysely';
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

/** Applies `patch` only while the account has `status`; true when it did. */
export async function updateUserIfStatus(
  db: Executor,
  id: string,
  status: string,
  patch: Updateable<UserTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/**
 * Reserves one sign-in attempt against the account's failure counter, atomically, before the secret is checked
 * (AUTH-05): one UPDATE increments the counter (starting a new window when the current one began before
 * `windowStart`) and returns the new count. A locked account is not touched: null is returned (as for an
 * unknown id). Concurrent attempts therefore each see a distinct count, on SQLite and PostgreSQL alike.
 */
export async function reserveFailure(
  db: Executor,
  id: string,
  now: string,
  windowStart: string,
): Promise<number | null> {
  const fresh = sql<boolean>`first_failed_at is null or first_failed_at < ${windowStart}`;
  const row = await db
    .updateTable('users')
    .set({
      failed_count: sql<number>`case when ${fresh} then 1 else failed_count + 1 end`,
      first_failed_at: sql<string>`case when ${fresh} then ${now} else first_failed_at end`,
    })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('failed_count')
    .executeTakeFirst();
  return row ? Number(row.failed_count) : null;
}

/** Locks the account unless it is already locked; true when this call set the lock (audit it once). */
export async function lockUser(db: Executor, id: string, until: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ locked_until: until, failed_count: 0, first_failed_at: null })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/**
 * A verified attempt: resets the failure counter (and applies `patch`) only while the account is not locked.
 * False when a concurrent attempt locked it in the meantime: the caller must refuse.
 */
export async function clearFailures(
  db: Executor,
  id: string,
  now: string,
  patch: Updateable<UserTable> = {},
): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ ...patch, failed_count: 0, first_failed_at: null })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/**
 * A verified password with a second factor still to come: gives back only this attempt's reservation, so
 * earlier failures (wrong codes above all) stay counted until a sign-in completes (AUTH-08). False when a
 * concurrent attempt locked the account in the meantime.
 */
export async function releaseFailure(
  db: Executor,
  id: string,
  now: string,
  patch: Updateable<UserTable> = {},
): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ ...patch, failed_count: sql<number>`case when failed_count > 0 then failed_count - 1 else 0 end` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/**
 * Records an accepted TOTP time step only if it is newer than the last accepted one (AUTH-08: a code is
 * used once, also under concurrent submissions) and the account is not locked. False: replayed or locked.
 */
export async function acceptTotpStep(
  db: Executor,
  id: string,
  step: number,
  now: string,
  patch: Updateable<UserTable> = {},
): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ ...patch, mfa_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
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
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
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

export async function setSessionStage(db: Executor, idHash: string, stage: SessionStage): Promise<void> {
  await db.updateTable('sessions').set({ stage }).where('id_hash', '=', idHash).execute();
}

/** True when the session existed. */
export async function deleteSession(db: Executor, idHash: string): Promise<boolean> {
  const res = await db.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function deleteUserSessions(db: Executor, userId: string, exceptIdHash?: string): Promise<number> {
  const res = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(!!exceptIdHash, (qb) => qb.where('id_hash', '!=', exceptIdHash!))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function listUserSessions(db: Executor, userId: string): Promise<SessionRow[]> {
  return db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function deleteExpiredSessions(db: Executor, now: string, idleBefore: string): Promise<number> {
  const res = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('last_seen_at', '<', idleBefore)]))
    .executeTakeFirst();
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

// ── API tokens ───────────────────────────────────────────────────────────────────────────────────────────────

export async function insertToken(db: Executor, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export function findToken(db: Executor, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTokenByHash(db: Executor, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function listTokens(db: Executor): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute();
}

export async function setTokenRevoked(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
}

export async function touchToken(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

// ── Settings (key → JSON text): the security settings, the demo-seed marker ───────────────────────────────────

export async function readSetting(db: Executor, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function writeSetting(
  db: Executor,
  key: string,
  value: string,
  now: string,
  by: string | null,
): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: by }))
    .execute();
}

/** Ids of accounts (at most 200) whose username is `username`, whose id is `text`, or whose display name contains `text`. */
export async function accountIdsMatching(db: Executor, text: string, username: string): Promise<string[]> {
  const users = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('username', '=', username), eb('id', '=', text), containsText('display_name', text)]))
    .limit(200)
    .execute();
  return users.map((u) => u.id);
}
