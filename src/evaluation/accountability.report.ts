import type { UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import { codesOf } from '../domain/enums.js';
import { chinaDate } from '../shared/clock.js';
import {
  assess,
  totalsBy,
  type AccountabilityRow,
  type AccountabilityTotals,
  type AccountableKind,
  type DeadlineRecord,
  type Outcome,
} from './accountability.js';
import {
  changeRequestRecords,
  explanationRecords,
  obligationRecords,
  type RecordFilter,
} from './accountability.queries.js';
import type { Period } from './period.js';
import { spotCheckRecords } from './spot-check.queries.js';

export interface AccountabilityFilter {
  period: Period;
  unitId?: string;
  kind?: AccountableKind;
  /** A responsible account id, or `none` for records no account answered. */
  accountId?: string;
  outcome?: Outcome;
}

export interface AccountabilityReport {
  period: Period;
  today: string;
  rows: AccountabilityRow[];
  byUnit: AccountabilityTotals[];
  byAccount: AccountabilityTotals[];
}

/** Every source of deadlines, in the order the report lists kinds. */
const SOURCES: Record<
  AccountableKind,
  (db: UseCaseContext['app']['db']['kysely'], f: RecordFilter) => Promise<DeadlineRecord[]>
> = {
  change_request: changeRequestRecords,
  obligation: obligationRecords,
  explanation: explanationRecords,
  spot_check: spotCheckRecords,
};

export const NO_ACCOUNT: [string, string] = ['none', '（无人办理）'];

/** All deadline records of the period (filtered by unit and kind), met or not: the scorecards count from the same list. */
export async function deadlineRecords(
  uc: UseCaseContext,
  f: { period: Pick<Period, 'from' | 'to'>; unitId?: string; kind?: AccountableKind },
): Promise<DeadlineRecord[]> {
  const scope = unitScope(uc.actor);
  if (scope.kind === 'none') return [];
  const unitId = scope.kind === 'unit' ? scope.unitId : f.unitId;
  const kinds = codesOf(SOURCES).filter((k) => !f.kind || f.kind === k);
  const lists = await Promise.all(
    kinds.map((k) => SOURCES[k](uc.app.db.kysely, { from: f.period.from, to: f.period.to, unitId })),
  );
  return lists.flat();
}

/** Art. 23: what was late or never done in the period, per record, per unit and per responsible account. */
export async function accountabilityReport(uc: UseCaseContext, f: AccountabilityFilter): Promise<AccountabilityReport> {
  authorize(uc.actor, 'evaluation.read');
  const today = chinaDate(uc.app.clock.now());
  const cal = await loadCalendar(uc.app.db);
  const rows = (await deadlineRecords(uc, f))
    .map((r) => assess(cal, today, r))
    .filter((r): r is AccountabilityRow => r !== null)
    .filter((r) => !f.outcome || r.outcome === f.outcome)
    .filter((r) => !f.accountId || (r.responsibleId ?? NO_ACCOUNT[0]) === f.accountId)
    .sort(
      (a, b) =>
        a.unitName.localeCompare(b.unitName, 'zh') || a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id),
    );
  return {
    period: f.period,
    today,
    rows,
    byUnit: totalsBy(rows, (r) => [r.unitId, r.unitName], ['', '']),
    byAccount: totalsBy(
      rows,
      (r) => (r.responsibleId ? [r.responsibleId, r.responsibleName ?? r.responsibleId] : null),
      NO_ACCOUNT,
    ),
  };
}
