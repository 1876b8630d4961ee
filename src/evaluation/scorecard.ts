import type { Calendar } from '../calendar/working-days.js';
import { codesOf } from '../domain/enums.js';
import { assess, metDeadline, type AccountableKind, type DeadlineRecord } from './accountability.js';
import type { OnlineStatus } from './content-facts.js';

/**
 * Unit scorecards (Art. 22 evaluation). Pure: the facts come from `scorecard.report.ts`. Every figure keeps the
 * records it was counted from, so the page can show what is behind each number.
 *
 * Each metric gives a sub-score between 0 and 1; the total is 100 × Σ(weight × sub-score) ÷ Σ weight, with the
 * weights from EVALUATION_WEIGHTS. The formula of each sub-score is in METRICS (shown on the page).
 */
export const METRICS = {
  completeness: { label: '要素完备', formula: '无错误级检查结果的在用事项数 ÷ 在用事项数' },
  precision: { label: '指南精准', formula: '1 ÷ (1 + 每个事项的平均警告数)' },
  timeliness: { label: '调整及时', formula: '按期提交的调整申请 ÷ 期限已届满的调整申请（另列合计逾期工作日）' },
  online: { label: '网办率', formula: '可网上办理的事项 ÷ (在用事项 − 依法不予网办的事项)' },
  links: { label: '链接有效', formula: '1 − 有失效链接的事项 ÷ 在用事项' },
  explanations: { label: '按期答复', formula: '按期答复的说明解释申请 ÷ 期限已届满的申请' },
  obligations: { label: '义务清零', formula: '1 ÷ (1 + 未办结的调整义务数)' },
  feedback: { label: '公众评价', formula: '1 − 公众反映较多（达到阈值、待复核）的事项 ÷ 在用事项' },
  review: { label: '定期复核', formula: '1 − 超过复核周期未更新（也未在目录清理中确认无变化）的事项 ÷ 在用事项' },
} as const;
export type Metric = keyof typeof METRICS;
export const METRIC_KEYS = codesOf(METRICS);
export type Weights = Record<Metric, number>;

export interface ItemFacts {
  id: string;
  name: string;
  errors: number;
  warnings: number;
  online: OnlineStatus;
  /** Day of the last publication (or confirmation in a clean-up campaign). */
  reviewedOn: string | null;
  brokenLinks: number;
  /** Why public feedback flags the item for review (null: not flagged). */
  feedbackFlag: string | null;
}

export interface UnitFacts {
  unitId: string;
  unitName: string;
  items: ItemFacts[];
  /** Change requests due in the period. */
  adjustments: DeadlineRecord[];
  /** Explanation requests due in the period. */
  explanations: DeadlineRecord[];
  openObligations: Array<{ id: string; title: string; dueOn: string }>;
}

/** One record behind a figure: what it is, where to open it, and why it counts. */
export interface Evidence {
  kind: AccountableKind | 'item' | 'obligation';
  id: string;
  title: string;
  note: string;
}

export interface Figure {
  metric: Metric;
  /** The headline value as shown ("95.0%", "0.40", "3 / 4"). */
  text: string;
  /** Sub-score 0…1. */
  score: number;
  /** The records counted against the unit (items with errors, late requests …); the drill-down. */
  evidence: Evidence[];
}

export interface Scorecard {
  unitId: string;
  unitName: string;
  itemCount: number;
  figures: Record<Metric, Figure>;
  /** Total working days late of the period's change requests (timeliness detail). */
  workingDaysLate: number;
  total: number;
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);
const share = (n: number, d: number) => (d === 0 ? 1 : n / d);

/** A deadline that has passed or been met counts; one still running does not count yet. */
const decided = (today: string) => (r: DeadlineRecord) => r.doneOn !== null || r.dueOn < today;

export function scorecard(
  f: UnitFacts,
  o: { cal: Calendar; today: string; staleBefore: string; weights: Weights },
): Scorecard {
  const items = f.items;
  const n = items.length;
  const itemEvidence = (pick: (i: ItemFacts) => string | null): Evidence[] =>
    items.flatMap((i) => {
      const note = pick(i);
      return note === null ? [] : [{ kind: 'item' as const, id: i.id, title: i.name, note }];
    });

  const withErrors = itemEvidence((i) => (i.errors > 0 ? `${i.errors} 个错误` : null));
  const warnings = items.reduce((s, i) => s + i.warnings, 0);
  const perItem = n ? warnings / n : 0;
  const adjustments = f.adjustments.filter(decided(o.today));
  const late = adjustments.flatMap((r) => {
    const a = assess(o.cal, o.today, r);
    return a ? [a] : [];
  });
  const applicable = items.filter((i) => i.online !== 'exempt');
  const online = applicable.filter((i) => i.online === 'online').length;
  const broken = itemEvidence((i) => (i.brokenLinks > 0 ? `${i.brokenLinks} 个链接失效` : null));
  const answers = f.explanations.filter(decided(o.today));
  const answeredLate = answers.filter((r) => !metDeadline(r));
  const flagged = itemEvidence((i) => i.feedbackFlag);
  const stale = itemEvidence((i) =>
    i.reviewedOn === null || i.reviewedOn < o.staleBefore ? `最近更新或确认 ${i.reviewedOn ?? '—'}` : null,
  );

  const figures: Record<Metric, Figure> = {
    completeness: {
      metric: 'completeness',
      text: pct(n - withErrors.length, n),
      score: share(n - withErrors.length, n),
      evidence: withErrors,
    },
    precision: {
      metric: 'precision',
      text: n ? perItem.toFixed(2) : '—',
      score: 1 / (1 + perItem),
      evidence: itemEvidence((i) => (i.warnings > 0 ? `${i.warnings} 个警告` : null)),
    },
    timeliness: {
      metric: 'timeliness',
      text: `${adjustments.length - late.length} / ${adjustments.length}`,
      score: share(adjustments.length - late.length, adjustments.length),
      evidence: late.map((r) => ({
        kind: r.kind,
        id: r.id,
        title: r.title,
        note:
          r.outcome === 'late'
            ? `逾期 ${r.workingDaysLate ?? '?'} 个工作日完成`
            : `超期未办 ${r.workingDaysLate ?? '?'} 个工作日`,
      })),
    },
    online: {
      metric: 'online',
      text: pct(online, applicable.length),
      score: share(online, applicable.length),
      evidence: itemEvidence((i) => (i.online === 'none' ? '既未网办也未说明豁免' : null)),
    },
    links: { metric: 'links', text: `${broken.length}`, score: n ? 1 - broken.length / n : 1, evidence: broken },
    explanations: {
      metric: 'explanations',
      text: `${answers.length - answeredLate.length} / ${answers.length}`,
      score: share(answers.length - answeredLate.length, answers.length),
      evidence: answeredLate.map((r) => ({
        kind: r.kind,
        id: r.id,
        title: r.title,
        note: r.doneOn ? `${r.doneOn} 答复（期限 ${r.dueOn}）` : `未答复（期限 ${r.dueOn}）`,
      })),
    },
    obligations: {
      metric: 'obligations',
      text: `${f.openObligations.length}`,
      score: 1 / (1 + f.openObligations.length),
      evidence: f.openObligations.map((x) => ({
        kind: 'obligation' as const,
        id: x.id,
        title: x.title,
        note: `期限 ${x.dueOn}`,
      })),
    },
    feedback: {
      metric: 'feedback',
      text: `${flagged.length}`,
      score: n ? 1 - flagged.length / n : 1,
      evidence: flagged,
    },
    review: { metric: 'review', text: `${stale.length}`, score: n ? 1 - stale.length / n : 1, evidence: stale },
  };
  const weightSum = METRIC_KEYS.reduce((s, m) => s + o.weights[m], 0);
  const total = weightSum
    ? (100 * METRIC_KEYS.reduce((s, m) => s + o.weights[m] * figures[m].score, 0)) / weightSum
    : 0;
  return {
    unitId: f.unitId,
    unitName: f.unitName,
    itemCount: n,
    figures,
    total: Math.round(total * 10) / 10,
    workingDaysLate: late.reduce((s, r) => s + (r.workingDaysLate ?? 0), 0),
  };
}
