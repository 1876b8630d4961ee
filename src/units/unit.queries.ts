import type { Executor } from '../db/database.js';

/** Read model of units for page chrome and pickers. */

/** The unit's name (the console header shows it beside the signed-in account), or null when it is gone. */
export async function unitName(db: Executor, id: string): Promise<string | null> {
  return (await db.selectFrom('units').select('name').where('id', '=', id).executeTakeFirst())?.name ?? null;
}

/** Active units as id → name, by name: the choices of a unit picker. */
export async function activeUnitNames(db: Executor): Promise<Record<string, string>> {
  const rows = await db.selectFrom('units').select(['id', 'name']).where('active', '=', 1).orderBy('name').execute();
  return Object.fromEntries(rows.map((u) => [u.id, u.name]));
}
