import type { Insertable, Selectable } from 'kysely';

/** One loaded State Council holiday notice; at most one per year (replacing one is explicit). */
export interface CalendarNoticeTable {
  id: string;
  /** The year the notice arranges. Unique: a year is covered iff it has a row here. */
  year: number;
  title: string;
  /** 文号; null where not confirmed. */
  doc_no: string | null;
  published_on: string;
  url: string;
  /** 'bundled' (shipped with the application) or 'admin' (imported by an administrator). */
  source: 'bundled' | 'admin';
  loaded_at: string;
  /** Actor id of the administrator; null for bundled notices. */
  loaded_by: string | null;
}
export type CalendarNoticeRow = Selectable<CalendarNoticeTable>;
export type NewCalendarNoticeRow = Insertable<CalendarNoticeTable>;

/** A date a notice changes from the Mon–Fri default. Dates a notice does not mention have no row. */
export interface CalendarDayTable {
  date: string;
  /** 'OFF' (放假) or 'WORK' (调休上班). */
  kind: 'OFF' | 'WORK';
  /** The holiday the date belongs to (for WORK: the one it makes up for). */
  holiday: string;
  notice_id: string;
}
export type CalendarDayRow = Selectable<CalendarDayTable>;
export type NewCalendarDayRow = Insertable<CalendarDayTable>;
