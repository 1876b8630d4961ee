import type { FieldIssue } from '../shared/errors.js';
import { addDays, isIsoDate, isWeekend, weekdayName, yearOf } from './dates.js';
import type { HolidayNotice } from './notice.js';

/** Longest 放假 block accepted. The longest national one so far is the 10-day 2020 春节 extension; this catches typos. */
const MAX_BLOCK_DAYS = 15;

/**
 * The calendar rules a notice must satisfy before it can be loaded (the schema has checked the shape).
 * Pure; returns every problem found, each with its field path. Cross-notice conflicts need the database
 * and are checked by the service.
 */
export function checkNoticeRules(notice: HolidayNotice): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const { year } = notice;
  const earliest = `${year - 1}-12-01`;
  const latest = `${year + 1}-01-31`;
  const dateProblem = (date: string): string | null => {
    if (!isIsoDate(date)) return `不是有效日期：${date}`;
    if (date < earliest || date > latest)
      return `应在 ${year} 年内（或相邻的 ${year - 1} 年 12 月、${year + 1} 年 1 月）：${date}`;
    return null;
  };
  const inRange = (path: string, date: string): boolean => {
    const problem = dateProblem(date);
    if (problem) add(path, problem);
    return !problem;
  };

  if (!isIsoDate(notice.publishedOn)) add('publishedOn', `不是有效日期：${notice.publishedOn}`);
  else if (notice.publishedOn > `${year}-12-31`) add('publishedOn', `发布日期晚于 ${year} 年末：${notice.publishedOn}`);

  const offDays = new Map<string, string>(); // date -> the block that sets it, for messages
  notice.holidays.forEach((block, i) => {
    const path = `holidays.${i}`;
    const isFirstOk = inRange(`${path}.firstDay`, block.firstDay);
    const isLastOk = inRange(`${path}.lastDay`, block.lastDay);
    if (!isFirstOk || !isLastOk) return;
    if (block.lastDay < block.firstDay) {
      add(`${path}.lastDay`, `结束日期早于开始日期 ${block.firstDay}`);
      return;
    }
    const days: string[] = [];
    for (let d = block.firstDay; d <= block.lastDay && days.length <= MAX_BLOCK_DAYS; d = addDays(d, 1)) days.push(d);
    if (days.length > MAX_BLOCK_DAYS) {
      add(`${path}.lastDay`, `放假区间超过 ${MAX_BLOCK_DAYS} 天，请检查日期`);
      return;
    }
    if (!days.some((d) => yearOf(d) === year)) add(path, `放假区间没有一天在 ${year} 年内`);
    if (days.every(isWeekend)) add(path, '放假区间全是周六、周日，不改变任何工作日，请检查日期');
    const clash = days.find((d) => offDays.has(d));
    if (clash) add(`${path}.firstDay`, `与${offDays.get(clash)}的放假日期重叠：${clash}`);
    for (const d of days) offDays.set(d, `「${block.name}」（${path}）`);
  });

  const workDays = new Set<string>();
  notice.holidays.forEach((block, i) => {
    block.makeUpWorkdays.forEach((date, j) => {
      const path = `holidays.${i}.makeUpWorkdays.${j}`;
      if (!inRange(path, date)) return;
      if (!isWeekend(date)) add(path, `调休上班日应为周六或周日：${date} 是${weekdayName(date)}`);
      else if (offDays.has(date)) add(path, `${date} 在${offDays.get(date)}的放假区间内`);
      else if (workDays.has(date)) add(path, `${date} 重复`);
      workDays.add(date);
    });
  });
  return issues;
}
