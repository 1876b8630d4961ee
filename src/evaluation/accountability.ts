import { workingDaysBetween, type Calendar } from '../calendar/working-days.js';

/**
 * Art. 23 accountability: which deadlines a unit (and which account in it) missed. Pure: the records come from
 * `accountability.queries.ts`, the calendar and "today" from the caller.
 *
 * A record counts in a period when its deadline falls in the period and has passed. It is **late** when it was
 * done after the deadline and **never done** when it is still not done today; working days late are those in
 * (deadline, done date or today]. History stays: a late record remains late after it is completed.
 */
export const ACCOUNTABLE_KINDS = {
  change_request: '调整申请（第十九条）',
  obligation: '调整义务（第十九条）',
  explanation: '说明解释申请（第二十一条）',
  spot_check: '监督检查整改（第二十二条）',
} as const;
export type AccountableKind = keyof typeof ACCOUNTABLE_KINDS;

export const OUTCOMES = { late: '逾期完成', never_done: '超期未办' } as const;
export type Outcome = keyof typeof OUTCOMES;

/** One thing that had a deadline. */
export interface DeadlineRecord {
  kind: AccountableKind;
  id: string;
  unitId: string;
  unitName: string;
  /** What it is about (item name, summary). */
  title: string;
  /** The day the ground arose / the request was made / the check was recorded. */
  arisenOn: string;
  dueOn: string;
  /** The day the unit did what was due (submitted, answered, fixed), or null. */
  doneOn: string | null;
  /** The account that did it, or that opened it when it was never done, from the audit trail. */
  responsibleId: string | null;
  responsibleName: string | null;
}

export interface AccountabilityRow extends DeadlineRecord {
  outcome: Outcome;
  /** Working days in (dueOn, doneOn ?? today]; null when the holiday calendar does not cover those days. */
  workingDaysLate: number | null;
}

/** The record's standing on `today`, or null when it was done on time or its deadline has not passed. */
export function assess(cal: Calendar, today: string, r: DeadlineRecord): AccountabilityRow | null {
  if (r.doneOn !== null && r.doneOn <= r.dueOn) return null;
  if (r.doneOn === null && today <= r.dueOn) return null;
  const end = r.doneOn ?? today;
  let workingDaysLate: number | null;
  try {
    workingDaysLate = workingDaysBetween(cal, r.dueOn, end);
  } catch {
    workingDaysLate = null;
  }
  return { ...r, outcome: r.doneOn === null ? 'never_done' : 'late', workingDaysLate };
}

/** True when the deadline was met (done on or before it). Not-yet-due open records are neither met nor missed. */
export const metDeadline = (r: DeadlineRecord): boolean => r.doneOn !== null && r.doneOn <= r.dueOn;

export interface AccountabilityTotals {
  key: string;
  name: string;
  late: number;
  neverDone: number;
  workingDaysLate: number;
}

/** Totals per key (unit or account), most missed first. Records without a key are grouped under `fallback`. */
export function totalsBy(
  rows: readonly AccountabilityRow[],
  key: (r: AccountabilityRow) => [string, string] | null,
  fallback: [string, string],
): AccountabilityTotals[] {
  const map = new Map<string, AccountabilityTotals>();
  for (const r of rows) {
    const [k, name] = key(r) ?? fallback;
    const t = map.get(k) ?? { key: k, name, late: 0, neverDone: 0, workingDaysLate: 0 };
    if (r.outcome === 'late') t.late += 1;
    else t.neverDone += 1;
    t.workingDaysLate += r.workingDaysLate ?? 0;
    map.set(k, t);
  }
  return [...map.values()].sort(
    (a, b) =>
      b.late + b.neverDone - (a.late + a.neverDone) ||
      b.workingDaysLate - a.workingDaysLate ||
      a.name.localeCompare(b.name, 'zh'),
  );
}
