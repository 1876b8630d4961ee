import type { NotNull } from 'kysely';
import type { Executor } from '../db/database.js';
import type { NewUnitRow, UnitRow, UnitUpdate } from './unit.table.js';
import { containsText } from '../db/like.js';

export type UnitListRow = UnitRow & { item_count: number };

export async function listUnits(db: Executor, q?: string): Promise<UnitListRow[]> {
  return (
    db
      .selectFrom('units')
      .selectAll('units')
      .select((eb) =>
        eb
          .selectFrom('items')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('items.unit_id', '=', 'units.id')
          .as('item_count'),
      )
      // A count subquery always yields a row, so its value is never null (Kysely types every scalar subquery as nullable).
      .$narrowType<{ item_count: NotNull }>()
      .$if(!!q, (qb) => qb.where((eb) => eb.or([containsText('name', q!), eb('uscc', '=', q!)])))
      .orderBy('name')
      .execute()
  );
}

export async function findUnit(db: Executor, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Units by id, in no particular order (a batch of new items looks its units up at once). */
export async function findUnitsByIds(db: Executor, ids: readonly string[]): Promise<UnitRow[]> {
  return ids.length
    ? db
        .selectFrom('units')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute()
    : [];
}

export async function findUnitByUscc(db: Executor, uscc: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('uscc', '=', uscc).executeTakeFirst();
}

export async function insertUnit(db: Executor, row: NewUnitRow): Promise<void> {
  await db.insertInto('units').values(row).execute();
}

export async function updateUnitIfVersion(
  db: Executor,
  id: string,
  version: number,
  patch: UnitUpdate,
): Promise<boolean> {
  const res = await db
    .updateTable('units')
    .set({ ...patch, lock_version: version + 1 })
    .where('id', '=', id)
    .where('lock_version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function countUnits(db: Executor): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

export async function renameUnit(db: Executor, id: string, name: string, now: string): Promise<void> {
  await db
    .updateTable('units')
    .set((eb) => ({ name, updated_at: now, lock_version: eb('lock_version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** A unit that ceased stays on record (history, accounts) but takes no new items; `successor` took over from it. */
export async function ceaseUnit(db: Executor, id: string, successor: string | null, now: string): Promise<void> {
  await db
    .updateTable('units')
    .set((eb) => ({
      active: 0,
      successor_unit_id: successor,
      updated_at: now,
      lock_version: eb('lock_version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}
