import { sql, type ExpressionBuilder } from 'kysely';
import type { UnitScope } from '../auth/policy.js';
import type { Executor, Trx } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { ItemRow, ItemUpdate, ItemVersionRow, NewItemRow, NewItemVersionRow } from './item.table.js';
import { containsText } from '../db/like.js';
import { isProvisionalTaskCode, nextHandlingCode } from '../domain/task-code.js';
import type { Granularity, LifeState } from '../domain/enums.js';
import type { VersionState } from './states.js';
import type { ReviewCommentRow } from '../workflow/workflow.table.js';

/** The unit-scope WHERE clause: another unit's item is simply not there (AC-01). */
export function withinScope(scope: UnitScope) {
  return (eb: ExpressionBuilder<Database, 'items'>) =>
    scope.kind === 'all'
      ? eb.lit(true)
      : scope.kind === 'unit'
        ? eb('items.unit_id', '=', scope.unitId)
        : eb.lit(false);
}

export async function findItem(db: Executor, scope: UnitScope, id: string): Promise<ItemRow | undefined> {
  return db.selectFrom('items').selectAll().where('id', '=', id).where(withinScope(scope)).executeTakeFirst();
}

/** Several items by id within the scope (a bulk write's parents), in one query. */
export async function findItems(db: Executor, scope: UnitScope, ids: readonly string[]): Promise<ItemRow[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('items')
    .selectAll()
    .where('id', 'in', [...ids])
    .where(withinScope(scope))
    .execute();
}

/** Every item under any of these 实施编码 (all 业务办理项编码), in one query: a bulk import's lookups. */
export async function findItemsByTaskCodes(db: Executor, taskCodes: readonly string[]): Promise<ItemRow[]> {
  if (!taskCodes.length) return [];
  return db
    .selectFrom('items')
    .selectAll()
    .where('task_code', 'in', [...new Set(taskCodes)])
    .execute();
}

export async function findItemByCode(
  db: Executor,
  taskCode: string,
  handlingCode: string,
): Promise<ItemRow | undefined> {
  return db
    .selectFrom('items')
    .selectAll()
    .where('task_code', '=', taskCode)
    .where('handling_code', '=', handlingCode)
    .executeTakeFirst();
}

/** Every 业务办理项编码 ever given under a 实施编码 (cancelled ones included: codes are never reused). */
export async function handlingCodesUnder(db: Executor, taskCode: string): Promise<string[]> {
  return (
    await db
      .selectFrom('items')
      .select('handling_code')
      .where('task_code', '=', taskCode)
      .where('handling_code', '<>', '')
      .execute()
  ).map((r) => r.handling_code);
}

/** A unit's items that are not cancelled (a reorganisation moves them). */
export function activeItemsOfUnit(db: Executor, unitId: string): Promise<ItemRow[]> {
  return db
    .selectFrom('items')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('life_state', '<>', 'cancelled')
    .orderBy('task_code')
    .orderBy('handling_code')
    .execute();
}

/** Hands a published item to another unit (its code and versions unchanged; a 变更 or 划转 follows). */
export async function setItemUnit(db: Executor, id: string, unitId: string, now: string): Promise<void> {
  await db
    .updateTable('items')
    .set((eb) => ({ unit_id: unitId, updated_at: now, lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/**
 * Moves a never-published item to another unit: it has no public code yet, so its codes are re-derived from the
 * new unit's USCC (a 业务办理项 from its parent's new 实施编码).
 */
export async function moveDraftItem(
  db: Executor,
  item: ItemRow,
  to: { id: string; uscc: string },
  parentId: string | null,
  now: string,
): Promise<void> {
  const parent = parentId
    ? await db.selectFrom('items').select('task_code').where('id', '=', parentId).executeTakeFirst()
    : undefined;
  // A draft without a 基本编码 keeps its provisional code: it gets a real one when the 基本编码 is filled in.
  const taskCode =
    item.granularity === 'handling' && parent
      ? parent.task_code
      : isProvisionalTaskCode(item.task_code)
        ? item.task_code
        : `${to.uscc}${item.task_code.slice(18)}`;
  const handlingCode =
    item.granularity === 'handling' ? nextHandlingCode(taskCode, await handlingCodesUnder(db, taskCode)) : '';
  await db
    .updateTable('items')
    .set((eb) => ({
      unit_id: to.id,
      parent_id: parentId,
      task_code: taskCode,
      handling_code: handlingCode,
      updated_at: now,
      lock_version: eb('lock_version', '+', 1),
    }))
    .where('id', '=', item.id)
    .execute();
}

export interface ItemListFilter {
  unitId?: string;
  type?: string;
  workflowState?: VersionState;
  lifeState?: LifeState;
  granularity?: Granularity;
  parentId?: string;
  q?: string;
  hasErrors?: boolean;
  offset: number;
  limit: number;
}

export type ItemListRow = ItemRow & { unit_name: string };

export async function listItems(
  db: Executor,
  scope: UnitScope,
  f: ItemListFilter,
): Promise<{ rows: ItemListRow[]; total: number }> {
  const base = db
    .selectFrom('items')
    .innerJoin('units', 'units.id', 'items.unit_id')
    .where(withinScope(scope))
    .$if(!!f.unitId, (qb) => qb.where('items.unit_id', '=', f.unitId!))
    .$if(!!f.type, (qb) => qb.where('items.type', '=', f.type!))
    .$if(!!f.workflowState, (qb) => qb.where('items.workflow_state', '=', f.workflowState!))
    .$if(!!f.lifeState, (qb) => qb.where('items.life_state', '=', f.lifeState!))
    .$if(!!f.granularity, (qb) => qb.where('items.granularity', '=', f.granularity!))
    .$if(!!f.parentId, (qb) => qb.where('items.parent_id', '=', f.parentId!))
    .$if(f.hasErrors === true, (qb) => qb.where('items.error_count', '>', 0))
    .$if(!!f.q, (qb) =>
      qb.where((eb) =>
        eb.or([
          containsText('items.name', f.q!),
          eb('items.task_code', '=', f.q!),
          eb('items.catalog_code', '=', f.q!),
        ]),
      ),
    );
  const [rows, count] = await Promise.all([
    base
      .selectAll('items')
      .select('units.name as unit_name')
      .orderBy('items.updated_at', 'desc')
      .orderBy('items.id')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function insertItem(db: Executor, row: NewItemRow): Promise<void> {
  await db.insertInto('items').values(row).execute();
}

/**
 * Optimistic-concurrency write: applies `patch` and bumps `lock_version` only if the stored version is the
 * one the client saw. Returns false when someone else got there first (→ 409, nothing changed).
 */
export async function updateItemIfVersion(
  db: Executor,
  id: string,
  expectedVersion: number,
  patch: ItemUpdate,
): Promise<boolean> {
  const res = await db
    .updateTable('items')
    .set((eb) => ({ ...patch, lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', id)
    .where('lock_version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ── The one writer of `items` ──────────────────────────────────────────────────────────────────────────────
// One function per kind of change. Each bumps `lock_version` when the change is one an open edit form must not
// overwrite (content, states, pointers), so a stale save gets 409; the exceptions say why. Guarded writes return
// false when the row was not as the caller read it, and the caller turns that into 409.

const bump = (eb: ExpressionBuilder<Database, 'items'>) => eb('lock_version', '+', 1);
const updatedOne = (res: { numUpdatedRows: bigint }) => Number(res.numUpdatedRows) === 1;

/**
 * Finding counts recomputed from the stored content (after a legal change). Derived data, so no bump: an open edit
 * form stays valid. Guarded by `lock_version` instead: if the item was saved meanwhile, that save computed the
 * counts from newer content, and these are not written (returns false).
 */
export async function setFindingCounts(
  db: Trx,
  item: Pick<ItemRow, 'id' | 'lock_version'>,
  counts: { errors: number; warnings: number },
): Promise<boolean> {
  return updatedOne(
    await db
      .updateTable('items')
      .set({ error_count: counts.errors, warning_count: counts.warnings })
      .where('id', '=', item.id)
      .where('lock_version', '=', item.lock_version)
      .executeTakeFirst(),
  );
}

/**
 * The working version moves from a returned version to its revision (still a draft). No bump here: every caller
 * goes on to record the revision on the item (`updateItemIfVersion`, `recordRevision`), which bumps once.
 */
export async function moveWorkingVersion(
  db: Trx,
  itemId: string,
  fromVersionId: string,
  toVersionId: string,
): Promise<boolean> {
  return updatedOne(
    await db
      .updateTable('items')
      .set({ draft_version_id: toVersionId, workflow_state: 'draft' })
      .where('id', '=', itemId)
      .where('draft_version_id', '=', fromVersionId)
      .executeTakeFirst(),
  );
}

/**
 * The working version was revised by the system (an inherited element taken over, an FAQ added): bumps, and
 * updates the list name and type while the item is unpublished. Guarded: `workingVersionId` is still the item's.
 */
export async function recordRevision(
  db: Trx,
  itemId: string,
  o: { workingVersionId: string; now: string; by?: string | null; listing?: Pick<ItemRow, 'name' | 'type'> },
): Promise<boolean> {
  return updatedOne(
    await db
      .updateTable('items')
      .set((eb) => ({
        ...o.listing,
        updated_at: o.now,
        ...(o.by !== undefined ? { updated_by: o.by } : {}),
        lock_version: bump(eb),
      }))
      .where('id', '=', itemId)
      .where('draft_version_id', '=', o.workingVersionId)
      .executeTakeFirst(),
  );
}

/** A change request opens a working copy of a published item. Guarded: no other working version exists. */
export async function openWorkingVersion(db: Trx, itemId: string, versionId: string, now: string): Promise<boolean> {
  return updatedOne(
    await db
      .updateTable('items')
      .set((eb) => ({ draft_version_id: versionId, workflow_state: 'draft', updated_at: now, lock_version: bump(eb) }))
      .where('id', '=', itemId)
      .where('draft_version_id', 'is', null)
      .executeTakeFirst(),
  );
}

/**
 * A withdrawn change request drops the item's working version: a published item goes back to its public version;
 * one that only existed in the request is retired with its code (cancelled).
 */
export async function dropWorkingVersion(
  db: Trx,
  item: Pick<ItemRow, 'id' | 'published_version_id'>,
  now: string,
): Promise<void> {
  await db
    .updateTable('items')
    .set((eb) => ({
      draft_version_id: null,
      workflow_state: item.published_version_id ? 'published' : 'withdrawn',
      life_state: item.published_version_id ? eb.ref('life_state') : 'cancelled',
      updated_at: now,
      lock_version: bump(eb),
    }))
    .where('id', '=', item.id)
    .execute();
}

/** The working version moved along the workflow (submitted, verified, returned…), not to publication. */
export async function setWorkflowState(db: Trx, itemId: string, state: VersionState, now: string): Promise<void> {
  await db
    .updateTable('items')
    .set((eb) => ({ workflow_state: state, updated_at: now, lock_version: bump(eb) }))
    .where('id', '=', itemId)
    .execute();
}

/** 暂停 / 恢复. Guarded: the life state is still `from`. */
export async function setLifeState(
  db: Trx,
  itemId: string,
  from: LifeState,
  to: LifeState,
  now: string,
): Promise<boolean> {
  return updatedOne(
    await db
      .updateTable('items')
      .set((eb) => ({ life_state: to, updated_at: now, lock_version: bump(eb) }))
      .where('id', '=', itemId)
      .where('life_state', '=', from)
      .executeTakeFirst(),
  );
}

/**
 * A version becomes the public one. Guarded: the item's working version is this one (or none, for a version made
 * outside the workflow such as an approved FAQ) and its life state is the one the caller read.
 */
export interface PublishedMark {
  item: Pick<ItemRow, 'id' | 'life_state'>;
  versionId: string;
  name: string;
  type: string;
  cancels: boolean;
}

/**
 * Items now showing their newly published versions, in one statement: the per-item values joined from a
 * VALUES list (column1… on both engines). Each row guarded as one at a time: its working version is this one
 * (or none) and its life state the one read. Returns the ids claimed; one missing means another write got
 * there first.
 */
export async function markPublished(db: Trx, marks: readonly PublishedMark[], now: string): Promise<Set<string>> {
  if (!marks.length) return new Set();
  const values = sql<{
    column1: string;
    column2: string;
    column3: string;
    column4: string;
    column5: string;
    column6: string;
  }>`(values ${sql.join(
    marks.map(
      (m) =>
        sql`(${m.item.id}, ${m.versionId}, ${m.name}, ${m.type}, ${m.item.life_state}, ${m.cancels ? 'cancelled' : m.item.life_state})`,
    ),
  )})`.as('v');
  const rows = await db
    .updateTable('items')
    .from(values)
    .set((eb) => ({
      published_version_id: eb.ref('v.column2'),
      draft_version_id: null,
      workflow_state: 'published',
      name: eb.ref('v.column3'),
      type: eb.ref('v.column4'),
      life_state: sql<LifeState>`v.column6`,
      updated_at: now,
      lock_version: bump(eb),
    }))
    .whereRef('items.id', '=', 'v.column1')
    .where((eb) =>
      eb.or([eb('items.draft_version_id', 'is', null), eb('items.draft_version_id', '=', eb.ref('v.column2'))]),
    )
    .whereRef('items.life_state', '=', 'v.column5')
    .returning('items.id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * The item came from the basic catalogue (认领). Set once, in the transaction that creates the item, before anyone
 * has read its `lock_version`: no bump, so the version the creator returns stays valid.
 */
export async function markClaimed(db: Trx, itemId: string): Promise<void> {
  await db.updateTable('items').set({ origin: 'claimed' }).where('id', '=', itemId).execute();
}

/** Moves a version from one of `from` to `to`; the state guard is in the WHERE clause (race-safe). */
export async function moveVersion(
  db: Executor,
  id: string,
  from: readonly VersionState[],
  to: VersionState,
  patch: Record<string, unknown> = {},
): Promise<boolean> {
  const res = await db
    .updateTable('item_versions')
    .set({ ...patch, state: to })
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Moves many versions from one of `from` to `to` in one statement (a batch of publications); returns the ids
 * moved, each guarded as in `moveVersion`.
 */
export async function moveVersions(
  db: Executor,
  ids: readonly string[],
  from: readonly VersionState[],
  to: VersionState,
  patch: Record<string, unknown> = {},
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .updateTable('item_versions')
    .set({ ...patch, state: to })
    .where('id', 'in', [...ids])
    .where('state', 'in', [...from])
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The public versions newly published ones replace leave the public record. */
export async function supersedeVersions(db: Executor, ids: readonly string[], now: string): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('item_versions')
    .set({ state: 'superseded', superseded_at: now })
    .where('id', 'in', [...ids])
    .execute();
}

export async function insertVersion(db: Executor, row: NewItemVersionRow): Promise<void> {
  await db.insertInto('item_versions').values(row).execute();
}

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's limits on bound parameters. */
const INSERT_CHUNK = 400;

export async function insertItems(db: Executor, rows: readonly NewItemRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await db
      .insertInto('items')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
}

export async function insertVersions(db: Executor, rows: readonly NewItemVersionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await db
      .insertInto('item_versions')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
}

/** Several versions by id, in one query. */
export async function findVersions(db: Executor, ids: readonly string[]): Promise<ItemVersionRow[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('item_versions')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function findVersion(db: Executor, id: string): Promise<ItemVersionRow | undefined> {
  return db.selectFrom('item_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listVersions(db: Executor, itemId: string): Promise<ItemVersionRow[]> {
  return db.selectFrom('item_versions').selectAll().where('item_id', '=', itemId).orderBy('seq', 'desc').execute();
}

export async function maxVersionSeq(db: Executor, itemId: string): Promise<number> {
  const row = await db
    .selectFrom('item_versions')
    .select((eb) => eb.fn.max<number>('seq').as('m'))
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}

export async function findVersionAt(db: Executor, itemId: string, seq: number): Promise<ItemVersionRow | undefined> {
  return db
    .selectFrom('item_versions')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('seq', '=', seq)
    .executeTakeFirst();
}

/**
 * A draft revised in place. Guarded: still a draft, with the content the caller read (a concurrent save is never
 * overwritten with stale content). The item's `lock_version` is the caller's business (`updateItemIfVersion`).
 */
export async function reviseDraft(
  db: Executor,
  working: Pick<ItemVersionRow, 'id' | 'content_hash'>,
  patch: Pick<ItemVersionRow, 'content' | 'content_hash' | 'updated_at' | 'updated_by' | 'change_note'>,
): Promise<boolean> {
  const res = await db
    .updateTable('item_versions')
    .set(patch)
    .where('id', '=', working.id)
    .where('state', '=', 'draft')
    .where('content_hash', '=', working.content_hash)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A version's review comments made at one of `stages`, oldest first. */
export function reviewCommentsAt(
  db: Executor,
  versionId: string,
  stages: readonly string[],
): Promise<ReviewCommentRow[]> {
  return db
    .selectFrom('review_comments')
    .selectAll()
    .where('version_id', '=', versionId)
    .where('stage', 'in', [...stages])
    .orderBy('created_at')
    .execute();
}

/** Updates a version only while it is in one of `states` (the state guard lives in the WHERE clause). */
export async function updateVersionIfState(
  db: Executor,
  id: string,
  states: readonly VersionState[],
  patch: Partial<ItemVersionRow>,
): Promise<boolean> {
  const res = await db
    .updateTable('item_versions')
    .set(patch)
    .where('id', '=', id)
    .where('state', 'in', [...states])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function countChildren(db: Executor, parentId: string): Promise<number> {
  const row = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', parentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** 主项 and 子项 of one unit that are not cancelled, at most `limit`: what a new 子项 or 业务办理项 can hang under. */
export function parentCandidates(
  db: Executor,
  unitId: string,
  limit: number,
): Promise<Array<Pick<ItemRow, 'id' | 'name' | 'task_code' | 'granularity'>>> {
  return db
    .selectFrom('items')
    .select(['id', 'name', 'task_code', 'granularity'])
    .where('unit_id', '=', unitId)
    .where('granularity', 'in', ['main', 'sub'])
    .where('life_state', '<>', 'cancelled')
    .orderBy('task_code')
    .orderBy('handling_code')
    .limit(limit)
    .execute();
}
