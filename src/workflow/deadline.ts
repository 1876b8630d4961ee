import { addWorkingDaysProvisional, remainingWorkingDays, type Calendar } from '../calendar/working-days.js';

/**
 * Art. 19: adjust within N working days (default 3) from the day the ground arises, that day not counted
 * (configurable). A deadline that runs past the last loaded holiday notice is computed on a Mon–Fri
 * assumption and marked provisional, never silently presented as final.
 */
export interface Deadline {
  dueOn: string;
  provisional: boolean;
}

export function deadlineFor(
  cal: Calendar,
  groundArisenOn: string,
  workingDays: number,
  countGroundDay: boolean,
): Deadline {
  const { date, provisional } = addWorkingDaysProvisional(cal, groundArisenOn, workingDays, {
    countStartDay: countGroundDay,
  });
  return { dueOn: date, provisional };
}

export interface DeadlineStatus {
  /** Working days left including the due day: 0 on the due day, negative when overdue; null when the calendar cannot say. */
  remaining: number | null;
  overdue: boolean;
}

/** Where a deadline stands on `today` (a China-time calendar date). */
export function deadlineStatus(cal: Calendar, today: string, dueOn: string): DeadlineStatus {
  const overdue = today > dueOn;
  try {
    return { remaining: remainingWorkingDays(cal, today, dueOn), overdue };
  } catch {
    return { remaining: null, overdue };
  }
}

/** "剩余 2 个工作日" / "今天到期" / "已超期 3 个工作日" for lists and notifications. */
export function describeDeadline(status: DeadlineStatus, provisional: boolean): string {
  const suffix = provisional ? '（暂定：次年节假日安排尚未发布）' : '';
  if (status.remaining === null) return (status.overdue ? '已超期' : '未到期') + suffix;
  if (status.overdue) return `已超期 ${Math.abs(status.remaining)} 个工作日${suffix}`;
  if (status.remaining === 0) return `今天到期${suffix}`;
  return `剩余 ${status.remaining} 个工作日${suffix}`;
}
