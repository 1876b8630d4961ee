import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import { unitOf, type UnitScope } from '../auth/policy.js';
import type { Dialect, Executor, Trx } from '../db/database.js';
import type {
  ChangeRequestItemTable,
  ChangeRequestRow,
  NotificationTable,
  PublicationRow,
  ReviewCommentRow,
} from './workflow.table.js';

/** The versions a change request proposed, with their states. */
export function versionsOfChangeRequest(
  db: Executor,
  changeRequestId: string,
): Promise<Array<{ id: string; item_id: string; state: string }>> {
  return db
    .selectFrom('item_versions')
    .select(['id', 'item_id', 'state'])
    .where('change_request_id', '=', changeRequestId)
    .execute();
}

/** Whether any version of the change request is not public yet (published or superseded since). */
export async function hasUnpublishedVersions(db: Executor, changeRequestId: string): Promise<boolean> {
  const pending = await db
    .selectFrom('item_versions')
    .select('id')
    .where('change_request_id', '=', changeRequestId)
    .where('state', 'not in', ['published', 'superseded'])
    .executeTakeFirst();
  return !!pending;
}

/** Whether the unit has its own review step before the centre (submit goes to the unit reviewer). */
export async function unitReviewEnabled(db: Executor, unitId: string): Promise<boolean> {
  const unit = await db
    .selectFrom('units')
    .select('unit_review_enabled')
    .where('id', '=', unitId)
    .executeTakeFirstOrThrow();
  return !!unit.unit_review_enabled;
}

/** Return comments of an item, newest first, with the number of the version they were made on. */
export function commentsOfItem(db: Executor, itemId: string) {
  return db
    .selectFrom('review_comments as c')
    .innerJoin('item_versions as v', 'v.id', 'c.version_id')
    .select(['c.id', 'c.stage', 'c.field_path', 'c.comment', 'c.author_name', 'c.created_at', 'v.seq'])
    .where('c.item_id', '=', itemId)
    .orderBy('c.created_at', 'desc')
    .execute();
}

export async function insertComments(db: Executor, rows: ReviewCommentRow[]): Promise<void> {
  if (rows.length) await db.insertInto('review_comments').values(rows).execute();
}

export async function findChangeRequest(db: Executor, id: string): Promise<ChangeRequestRow | undefined> {
  return db.selectFrom('change_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Several change requests by id, in one query. */
export async function findChangeRequests(db: Executor, ids: readonly string[]): Promise<ChangeRequestRow[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('change_requests')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** A change request in the scope (a unit sees its own). */
export function findChangeRequestInScope(
  db: Executor,
  scope: UnitScope,
  id: string,
): Promise<ChangeRequestRow | undefined> {
  return db
    .selectFrom('change_requests')
    .selectAll()
    .where('id', '=', id)
    .$if(scope.kind === 'unit', (qb) => qb.where('unit_id', '=', unitOf(scope)))
    .executeTakeFirst();
}

export async function insertChangeRequestRow(db: Executor, row: ChangeRequestRow): Promise<void> {
  await db.insertInto('change_requests').values(row).execute();
}

/** Moves a change request out of one of `from` (the guard is in the WHERE clause); false when it had moved already. */
export async function moveChangeRequest(
  db: Executor,
  id: string,
  from: readonly ChangeRequestRow['status'][],
  patch: Partial<ChangeRequestRow>,
): Promise<boolean> {
  const res = await db
    .updateTable('change_requests')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The lineage of a 合并/拆分/划转: which items it retires (source, parent) and which it creates (target). */
export async function insertLineage(db: Executor, rows: readonly Insertable<ChangeRequestItemTable>[]): Promise<void> {
  await db
    .insertInto('change_request_items')
    .values([...rows])
    .execute();
}

/** The item's role in a change request's lineage, if any. */
export async function lineageRole(db: Executor, changeRequestId: string, itemId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('change_request_items')
    .select('role')
    .where('change_request_id', '=', changeRequestId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return row?.role;
}

export async function updateChangeRequest(db: Executor, id: string, patch: Partial<ChangeRequestRow>): Promise<void> {
  await db.updateTable('change_requests').set(patch).where('id', '=', id).execute();
}

/** Serialises publication numbering across instances (PostgreSQL); SQLite has a single writer. */
export async function nextPublicationSeq(trx: Trx, dialect: Dialect): Promise<number> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(72682027)`.execute(trx);
  const row = await trx
    .selectFrom('publications')
    .select((eb) => eb.fn.max<number>('seq').as('m'))
    .executeTakeFirst();
  return Number(row?.m ?? 0) + 1;
}

export async function insertPublication(trx: Trx, row: PublicationRow): Promise<void> {
  await insertPublications(trx, [row]);
}

/** Publication log rows of a batch of publications, in multi-row inserts. */
export async function insertPublications(trx: Trx, rows: readonly PublicationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400)
    await trx
      .insertInto('publications')
      .values(rows.slice(i, i + 400))
      .execute();
}

export async function insertNotifications(db: Executor, rows: NotificationTable[]): Promise<void> {
  if (!rows.length) return;
  // A repeated dedupe key (e.g. "deadline near" already sent today) is skipped, not an error.
  await db
    .insertInto('notifications')
    .values(rows)
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .execute();
}

/** Of `userIds`, those who already received the notification with this dedupe key. */
export async function alreadyNotified(
  db: Executor,
  dedupeKey: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('notifications')
    .select('user_id')
    .where('dedupe_key', '=', dedupeKey)
    .where('user_id', 'in', [...userIds])
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Active accounts holding any of `roles` (within `unitId` when given), with their e-mail for the mail channel. */
export async function recipients(
  db: Executor,
  roles: readonly string[],
  unitId?: string | null,
): Promise<Array<{ id: string; email: string | null; roles: string }>> {
  let query = db.selectFrom('users').select(['id', 'email', 'roles']).where('status', '=', 'active');
  if (unitId === null) query = query.where('unit_id', 'is', null);
  else if (unitId !== undefined) query = query.where('unit_id', '=', unitId);
  const rows = await query.execute();
  return rows.filter((r) => r.roles.split(',').some((role) => roles.includes(role)));
}

/** Marks the account's unread notifications read (one of them when `id` is given). */
export async function markNotificationsRead(db: Executor, userId: string, at: string, id?: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .$if(!!id, (qb) => qb.where('id', '=', id!))
    .execute();
}
