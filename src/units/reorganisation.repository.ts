import type { Executor } from '../db/database.js';
import type { UnitReorganisationRow, UnitRow } from './unit.table.js';

export interface AccountToReassign {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
}

export function findUnit(db: Executor, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function unitNamed(db: Executor, name: string, exceptId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('units')
    .select('id')
    .where('name', '=', name)
    .where('id', '<>', exceptId)
    .executeTakeFirst());
}

/** Active accounts still attached to the given units. */
export async function accountsOfUnits(db: Executor, unitIds: readonly string[]): Promise<AccountToReassign[]> {
  if (!unitIds.length) return [];
  const rows = await db
    .selectFrom('users as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.username', 'a.display_name', 'a.unit_id', 'u.name as unit_name'])
    .where('a.unit_id', 'in', [...unitIds])
    .where('a.status', '=', 'active')
    .orderBy('u.name')
    .orderBy('a.username')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    unitId: r.unit_id!,
    unitName: r.unit_name,
  }));
}

export async function insertReorganisation(db: Executor, row: UnitReorganisationRow): Promise<void> {
  await db.insertInto('unit_reorganisations').values(row).execute();
}

/** The item a composite request adds (its one target). */
export async function lineageTarget(db: Executor, changeRequestId: string): Promise<string> {
  const row = await db
    .selectFrom('change_request_items')
    .select('item_id')
    .where('change_request_id', '=', changeRequestId)
    .where('role', '=', 'target')
    .executeTakeFirstOrThrow();
  return row.item_id;
}

/** Items (any unit, cancelled ones too: codes are never reused) holding one of the given 实施编码 as a 主项/子项. */
export async function itemsWithTaskCodes(
  db: Executor,
  codes: readonly string[],
): Promise<Array<{ id: string; name: string; taskCode: string; unitName: string }>> {
  if (!codes.length) return [];
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .select(['i.id', 'i.name', 'i.task_code', 'u.name as unit_name'])
    .where('i.task_code', 'in', [...codes])
    .where('i.handling_code', '=', '')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, taskCode: r.task_code, unitName: r.unit_name }));
}
