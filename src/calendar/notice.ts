import { addDays } from './dates.js';

/**
 * One State Council notice (《国务院办公厅关于20XX年部分节假日安排的通知》) as data: where it comes from and
 * the days it changes. Everything the calendar knows is traceable to one of these (domain.md §5.2: "the
 * calendar must be data with provenance, not code").
 */
export interface HolidayNotice {
  /** The year the notice arranges; it covers that whole year (days outside its blocks are Mon–Fri work). */
  year: number;
  /** e.g. 国务院办公厅关于2024年部分节假日安排的通知 (without 《》). */
  title: string;
  /** 文号, e.g. 国办发明电〔2024〕12号; null where it could not be confirmed. */
  docNo: string | null;
  /** Publication date, YYYY-MM-DD. */
  publishedOn: string;
  /** The notice on www.gov.cn. */
  url: string;
  holidays: HolidayBlock[];
}

/** One 放假 block of a notice and the 调休上班 days that pay for it. */
export interface HolidayBlock {
  /** As written in the notice: 春节, 中秋节、国庆节 … */
  name: string;
  /** First day off, inclusive. May lie in the previous December (2023 元旦 starts 2022-12-31). */
  firstDay: string;
  /** Last day off, inclusive. */
  lastDay: string;
  /** Saturdays and Sundays that become working days (调休上班) for this block; often empty. */
  makeUpWorkdays: string[];
}

export type DayKind = 'OFF' | 'WORK';

/** One date a notice changes from the Mon–Fri default. */
export interface CalendarEntry {
  date: string;
  kind: DayKind;
  /** The holiday the day belongs to (for WORK days: the holiday it makes up for). */
  holiday: string;
}

/** Every date the notice sets: each day of each block as OFF, each make-up day as WORK, in date order. */
export function noticeDays(notice: HolidayNotice): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  for (const block of notice.holidays) {
    for (let d = block.firstDay; d <= block.lastDay; d = addDays(d, 1))
      entries.push({ date: d, kind: 'OFF', holiday: block.name });
    for (const d of block.makeUpWorkdays) entries.push({ date: d, kind: 'WORK', holiday: block.name });
  }
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
