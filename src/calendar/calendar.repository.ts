import type { Executor, Trx } from '../db/database.js';
import type { CalendarDayRow, CalendarNoticeRow, NewCalendarDayRow, NewCalendarNoticeRow } from './calendar.table.js';

/** All SQL of the working-day calendar. No rules here: the service decides. */

/** Id and year of every loaded notice. A handful of rows; the id set changes with every import or replacement. */
export function listNoticeKeys(db: Executor): Promise<Pick<CalendarNoticeRow, 'id' | 'year'>[]> {
  return db.selectFrom('calendar_notices').select(['id', 'year']).orderBy('year').execute();
}

export function listNotices(db: Executor): Promise<CalendarNoticeRow[]> {
  return db.selectFrom('calendar_notices').selectAll().orderBy('year').execute();
}

export function listDays(db: Executor): Promise<Pick<CalendarDayRow, 'date' | 'kind' | 'holiday'>[]> {
  return db.selectFrom('calendar_days').select(['date', 'kind', 'holiday']).orderBy('date').execute();
}

export function findNoticeByYear(trx: Trx, year: number): Promise<CalendarNoticeRow | undefined> {
  return trx.selectFrom('calendar_notices').selectAll().where('year', '=', year).executeTakeFirst();
}

/** Days among `dates` already set by a loaded notice, with that notice's year. */
export function findDaysTaken(trx: Trx, dates: string[]): Promise<{ date: string; year: number }[]> {
  if (!dates.length) return Promise.resolve([]);
  return trx
    .selectFrom('calendar_days')
    .innerJoin('calendar_notices', 'calendar_notices.id', 'calendar_days.notice_id')
    .select(['calendar_days.date', 'calendar_notices.year'])
    .where('calendar_days.date', 'in', dates)
    .orderBy('calendar_days.date')
    .execute();
}

/**
 * Inserts the notice unless its year is already loaded; true if this call inserted it. On PostgreSQL a
 * concurrent insert of the same year waits for the other transaction and then inserts nothing.
 */
export async function insertNoticeIfAbsent(trx: Trx, row: NewCalendarNoticeRow): Promise<boolean> {
  const inserted = await trx
    .insertInto('calendar_notices')
    .values(row)
    .onConflict((oc) => oc.column('year').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function insertDays(trx: Trx, rows: NewCalendarDayRow[]): Promise<void> {
  if (rows.length) await trx.insertInto('calendar_days').values(rows).execute();
}

/** Removes a notice and the days it set. */
export async function deleteNotice(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('calendar_days').where('notice_id', '=', id).execute();
  await trx.deleteFrom('calendar_notices').where('id', '=', id).execute();
}
