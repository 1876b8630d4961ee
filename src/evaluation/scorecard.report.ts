import type { UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import { addDays } from '../calendar/dates.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import { chinaDate } from '../shared/clock.js';
import { deadlineRecords } from './accountability.report.js';
import { feedbackFlags } from './feedback.service.js';
import { onlineStatus } from './content-facts.js';
import { activeObligations, activeUnits, publishedItemFacts } from './facts.queries.js';
import type { Period } from './period.js';
import { scorecard, type Scorecard, type UnitFacts } from './scorecard.js';

export interface ScorecardReport {
  period: Period;
  today: string;
  /** Items last updated before this day count as not reviewed. */
  staleBefore: string;
  cards: Scorecard[];
}

/** An item was last reviewed when it was last published or last confirmed unchanged in a clean-up campaign. */
const laterOf = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b);

/** `months` calendar months before `day` (clamped to the month's length: 03-31 − 1 month = 02-28/29). */
export function monthsBefore(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - months;
  const year = y + Math.floor((m - 1) / 12);
  const month = ((((m - 1) % 12) + 12) % 12) + 1;
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const last = addDays(
    `${month === 12 ? year + 1 : year}-${String(month === 12 ? 1 : month + 1).padStart(2, '0')}-01`,
    -1,
  );
  const want = `${first.slice(0, 8)}${day.slice(8, 10)}`;
  return want > last ? last : want;
}

/** Scorecards of every unit (or one) for the period; figures that describe the catalogue are as of today. */
export async function scorecardReport(
  uc: UseCaseContext,
  f: { period: Period; unitId?: string },
): Promise<ScorecardReport> {
  authorize(uc.actor, 'evaluation.read');
  const scope = unitScope(uc.actor);
  const unitId = scope.kind === 'unit' ? scope.unitId : f.unitId;
  const db = uc.app.db.kysely;
  const { weights, staleMonths, linkCheck } = uc.app.config.evaluation;
  const today = chinaDate(uc.app.clock.now());
  const staleBefore = monthsBefore(today, staleMonths);
  const [cal, units, items, records, obligations, flags] = await Promise.all([
    loadCalendar(uc.app.db),
    activeUnits(db, unitId),
    publishedItemFacts(db, { unitId, brokenAfter: linkCheck.failures }),
    deadlineRecords(uc, { period: f.period, unitId }),
    activeObligations(db, unitId),
    feedbackFlags(uc.app, unitId),
  ]);
  const flagOf = new Map(flags.map((x) => [x.itemId, x.reasons.join('；')]));
  const cards = units.map((u) => {
    const facts: UnitFacts = {
      unitId: u.id,
      unitName: u.name,
      items: items
        .filter((i) => i.unitId === u.id)
        .map((i) => ({
          id: i.id,
          name: i.name,
          errors: i.errors,
          warnings: i.warnings,
          online: onlineStatus(i.content),
          reviewedOn: laterOf(i.lastPublishedOn, i.lastConfirmedOn),
          brokenLinks: i.brokenLinks,
          feedbackFlag: flagOf.get(i.id) ?? null,
        })),
      adjustments: records.filter((r) => r.unitId === u.id && r.kind === 'change_request'),
      explanations: records.filter((r) => r.unitId === u.id && r.kind === 'explanation'),
      openObligations: obligations
        .filter((o) => o.unit_id === u.id)
        .map((o) => ({ id: o.id, title: o.item_name ? `${o.item_name}：${o.summary}` : o.summary, dueOn: o.due_on })),
    };
    return scorecard(facts, { cal, today, staleBefore, weights });
  });
  return {
    period: f.period,
    today,
    staleBefore,
    cards: cards.sort((a, b) => b.total - a.total || a.unitName.localeCompare(b.unitName, 'zh')),
  };
}
