import type { ExpressionBuilder } from 'kysely';
import type { UnitScope } from '../auth/policy.js';
import type { Executor } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { ItemRow, ItemUpdate, ItemVersionRow, NewItemRow, NewItemVersionRow } from './item.table.js';
import { containsText } from '../db/like.js';
import { nextHandlingCode } from '../domain/task-code.js';

/** The unit-scope WHERE clause: another unit's item is simply not there (AC-01). */
export function withinScope(scope: UnitScope) {
  return (eb: ExpressionBuilder<Database, 'items'>) =>
    scope.kind === 'all' ? eb.lit(true) : scope.kind === 'unit' ? eb('items.unit_id', '=', scope.unitId) : eb.lit(false);
}

export async function findItem(db: Executor, scope: UnitScope, id: string): Promise<ItemRow | undefined> {
  return db.selectFrom('items').selectAll().where('id', '=', id).where(withinScope(scope)).executeTakeFirst();
}

export async function findItemByCode(db: Executor, taskCode: string, handlingCode: string): Promise<ItemRow | undefined> {
  return db.selectFrom('items').selectAll().where('task_code', '=', taskCode).where('handling_code', '=', handlingCode).executeTakeFirst();
}

/** Every 业务办理项编码 ever given under a 实施编码 (cancelled ones included: codes are never reused). */
export async function handlingCodesUnder(db: Executor, taskCode: string): Promise<string[]> {
  return (await db.selectFrom('items').select('handling_code').where('task_code', '=', taskCode).where('handling_code', '<>', '').execute()).map((r) => r.handling_code);
}

/** A unit's items that are not cancelled (a reorganisation moves them). */
export function activeItemsOfUnit(db: Executor, unitId: string): Promise<ItemRow[]> {
  return db.selectFrom('items').selectAll().where('unit_id', '=', unitId).where('life_state', '<>', 'cancelled').orderBy('task_code').orderBy('handling_code').execute();
}

/** Hands a published item to another unit (its code and versions unchanged; a 变更 or 划转 follows). */
export async function setItemUnit(db: Executor, id: string, unitId: string, now: string): Promise<void> {
  await db.updateTable('items').set((eb) => ({ unit_id: unitId, updated_at: now, lock_version: eb('lock_version', '+', 1) })).where('id', '=', id).execute();
}

/**
 * Moves a never-published item to another unit: it has no public code yet, so its codes are re-derived from the
 * new unit's USCC (a 业务办理项 from its parent's new 实施编码).
 */
export async function moveDraftItem(db: Executor, item: ItemRow, to: { id: string; uscc: string }, parentId: string | null, now: string): Promise<void> {
  const parent = parentId ? await db.selectFrom('items').select('task_code').where('id', '=', parentId).executeTakeFirst() : undefined;
  const taskCode = item.granularity === 'handling' && parent ? parent.task_code : `${to.uscc}${item.task_code.slice(18)}`;
  const handlingCode = item.granularity === 'handling' ? nextHandlingCode(taskCode, await handlingCodesUnder(db, taskCode)) : '';
  await db.updateTable('items').set((eb) => ({ unit_id: to.id, parent_id: parentId, task_code: taskCode, handling_code: handlingCode, updated_at: now, lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', item.id).execute();
}

export interface ItemListFilter {
  unitId?: string;
  type?: string;
  workflowState?: string;
  lifeState?: string;
  granularity?: string;
  parentId?: string;
  q?: string;
  hasErrors?: boolean;
  offset: number;
  limit: number;
}

export type ItemListRow = ItemRow & { unit_name: string };

export async function listItems(db: Executor, scope: UnitScope, f: ItemListFilter): Promise<{ rows: ItemListRow[]; total: number }> {
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
      qb.where((eb) => eb.or([containsText('items.name', f.q!), eb('items.task_code', '=', f.q!), eb('items.catalog_code', '=', f.q!)])),
    );
  const [rows, count] = await Promise.all([
    base.selectAll('items').select('units.name as unit_name').orderBy('items.updated_at', 'desc').orderBy('items.id').offset(f.offset).limit(f.limit).execute(),
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
export async function updateItemIfVersion(db: Executor, id: string, expectedVersion: number, patch: ItemUpdate): Promise<boolean> {
  const res = await db
    .updateTable('items')
    .set((eb) => ({ ...patch, lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', id)
    .where('lock_version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertVersion(db: Executor, row: NewItemVersionRow): Promise<void> {
  await db.insertInto('item_versions').values(row).execute();
}

export async function findVersion(db: Executor, id: string): Promise<ItemVersionRow | undefined> {
  return db.selectFrom('item_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listVersions(db: Executor, itemId: string): Promise<ItemVersionRow[]> {
  return db.selectFrom('item_versions').selectAll().where('item_id', '=', itemId).orderBy('seq', 'desc').execute();
}

export async function maxVersionSeq(db: Executor, itemId: string): Promise<number> {
  const row = await db.selectFrom('item_versions').select((eb) => eb.fn.max<number>('seq').as('m')).where('item_id', '=', itemId).executeTakeFirst();
  return Number(row?.m ?? 0);
}

/** Updates a version only while it is in one of `states` (the state guard lives in the WHERE clause). */
export async function updateVersionIfState(db: Executor, id: string, states: readonly string[], patch: Partial<ItemVersionRow>): Promise<boolean> {
  const res = await db.updateTable('item_versions').set(patch).where('id', '=', id).where('state', 'in', [...states]).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function countChildren(db: Executor, parentId: string): Promise<number> {
  const row = await db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', parentId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** 主项 and 子项 of one unit that are not cancelled, at most `limit`: what a new 子项 or 业务办理项 can hang under. */
export function parentCandidates(db: Executor, unitId: string, limit: number): Promise<Array<Pick<ItemRow, 'id' | 'name' | 'task_code' | 'granularity'>>> {
  return db.selectFrom('items').select(['id', 'name', 'task_code', 'granularity']).where('unit_id', '=', unitId)
    .where('granularity', 'in', ['main', 'sub']).where('life_state', '<>', 'cancelled').orderBy('task_code').orderBy('handling_code').limit(limit).execute();
}
