import type { AppContext } from '../app/context.js';
import type { Trx } from '../db/database.js';

/** The database handle the context carries (a service passes it on to the repository). */
type Db = AppContext['db'];
import { iso, systemClock, type Clock } from '../shared/clock.js';
import { errors, type FieldIssue } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import * as repo from './calendar.repository.js';
import { parseCalendarNotice } from './calendar.schema.js';
import type { CalendarNoticeRow } from './calendar.table.js';
import { addDays } from './dates.js';
import { noticeDays, type HolidayNotice } from './notice.js';
import { BUNDLED_NOTICES } from './notices/index.js';
import { calendarFromEntries, type Calendar } from './working-days.js';

/**
 * Inserts the bundled notices (2021–2026) whose year is not loaded yet; returns the years inserted.
 * Idempotent and safe at every boot, also when several instances boot at once: the unique year makes a
 * concurrent insert a no-op. A year an administrator has loaded is never overwritten.
 */
export async function ensureBundledCalendar(db: Db, clock: Clock = systemClock): Promise<number[]> {
  const loaded = new Set((await repo.listNoticeKeys(db.kysely)).map((n) => n.year));
  const missing = BUNDLED_NOTICES.filter((n) => !loaded.has(n.year));
  if (!missing.length) return [];
  return db.kysely.transaction().execute(async (trx) => {
    const inserted: number[] = [];
    for (const notice of missing) {
      if (await insertNotice(trx, notice, { source: 'bundled', loadedBy: null, now: clock.now() }))
        inserted.push(notice.year);
    }
    return inserted;
  });
}

const cache = new WeakMap<Db, { key: string; calendar: Calendar }>();

/**
 * The calendar as stored. Cached per database handle; each call first reads the notice ids (a few rows)
 * and rebuilds only when they changed, so an import made by another instance is seen on the next call.
 */
export async function loadCalendar(db: Db): Promise<Calendar> {
  const keys = await repo.listNoticeKeys(db.kysely);
  const key = keys.map((n) => n.id).join(',');
  const cached = cache.get(db);
  if (cached?.key === key) return cached.calendar;
  // The key is read before the days: an import committing in between makes the cached calendar newer than
  // its key, never older, and the next call rebuilds it.
  const calendar = calendarFromEntries(
    keys.map((n) => n.year),
    await repo.listDays(db.kysely),
  );
  cache.set(db, { key, calendar });
  return calendar;
}

/** Every loaded notice, oldest year first. */
export function listCalendarNotices(db: Db): Promise<CalendarNoticeRow[]> {
  return repo.listNotices(db.kysely);
}

export interface ImportNoticeOptions {
  /** The administrator loading the notice (stored as loaded_by). */
  actorId: string;
  /** Replace the notice already loaded for the same year. Without it, loading a loaded year is refused. */
  replace?: boolean;
  /** Source of loaded_at; defaults to the system clock. */
  clock?: Clock;
}

export interface ImportedNotice {
  id: string;
  year: number;
  /** Dates the notice sets (OFF and WORK). */
  dayCount: number;
  /** The notice it replaced, for the caller's audit record. */
  replaced: CalendarNoticeRow | null;
}

/**
 * An administrator loads a new year's State Council notice (or a corrected one, with `replace`).
 * `input` is untrusted JSON: it is validated in full first and rejected with field paths.
 *
 * Runs in the caller's transaction so the caller can write its audit record in the same transaction;
 * when this throws, the caller's rollback leaves nothing written.
 */
export async function importNotice(trx: Trx, input: unknown, options: ImportNoticeOptions): Promise<ImportedNotice> {
  const notice = parseCalendarNotice(input);
  const existing = await repo.findNoticeByYear(trx, notice.year);
  if (existing && !options.replace) {
    const source = existing.source === 'bundled' ? '随系统提供' : '管理员导入';
    throw errors.duplicate(
      `${notice.year} 年的节假日安排已经导入（${source}），未作改动；如确需替换，请指定替换（replace）`,
      'year',
    );
  }
  if (existing) await repo.deleteNotice(trx, existing.id);
  const conflicts = await conflictsWithOtherNotices(trx, notice);
  if (conflicts.length) throw errors.validation(conflicts);
  const now = (options.clock ?? systemClock).now();
  const id = await insertNotice(trx, notice, { source: 'admin', loadedBy: options.actorId, now });
  // Only a concurrent import of the same year can get here: it committed between our read and our insert.
  if (!id) throw errors.duplicate(`${notice.year} 年的节假日安排刚被其他人导入，请核对后重试`, 'year');
  return { id, year: notice.year, dayCount: noticeDays(notice).length, replaced: existing ?? null };
}

/** Inserts the notice and its days unless the year is already loaded; returns the new id, or null. */
async function insertNotice(
  trx: Trx,
  notice: HolidayNotice,
  meta: { source: 'bundled' | 'admin'; loadedBy: string | null; now: Date },
): Promise<string | null> {
  const id = newId();
  const isInserted = await repo.insertNoticeIfAbsent(trx, {
    id,
    year: notice.year,
    title: notice.title,
    doc_no: notice.docNo,
    published_on: notice.publishedOn,
    url: notice.url,
    source: meta.source,
    loaded_at: iso(meta.now),
    loaded_by: meta.loadedBy,
  });
  if (!isInserted) return null;
  await repo.insertDays(
    trx,
    noticeDays(notice).map((d) => ({ date: d.date, kind: d.kind, holiday: d.holiday, notice_id: id })),
  );
  return id;
}

/** A date belongs to one notice: a new one may not redefine a date another year's notice set (e.g. late December). */
async function conflictsWithOtherNotices(trx: Trx, notice: HolidayNotice): Promise<FieldIssue[]> {
  const pathOf = new Map<string, string>();
  notice.holidays.forEach((block, i) => {
    for (let d = block.firstDay; d <= block.lastDay; d = addDays(d, 1)) pathOf.set(d, `holidays.${i}`);
    block.makeUpWorkdays.forEach((d, j) => pathOf.set(d, `holidays.${i}.makeUpWorkdays.${j}`));
  });
  const taken = await repo.findDaysTaken(trx, [...pathOf.keys()]);
  return taken.map((t) => ({
    path: pathOf.get(t.date) ?? 'holidays',
    message: `${t.date} 已由 ${t.year} 年的通知设定`,
  }));
}
