import { publicationsBetween, verificationsBetween, waitingForVerification } from './facts.queries.js';
import { feedbackFlags } from './feedback.service.js';
import { searchMissesBetween } from './feedback.queries.js';
import { waitingNow, waitsByMonth } from './queue.js';
import type { UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import { label } from '../domain/enums.js';
import { CHANGE_KINDS } from '../domain/grounds.js';
import { chinaDate } from '../shared/clock.js';
import { metDeadline } from './accountability.js';
import { deadlineRecords } from './accountability.report.js';
import { progressBy } from './campaign.js';
import { campaignItems, listCampaigns } from './campaign.queries.js';
import { onlineCoverage } from './coverage.report.js';
import { monthsOf, type Period } from './period.js';
import type { Bar, ChartSpec } from './svg-chart.js';

/**
 * The bureau's and the centre's dashboard: the catalogue by type and unit, adjustments per month by kind,
 * deadline compliance per month, online coverage per unit, and the open campaigns' progress. The page and the
 * xlsx export are built from these same chart specs, so they hold the same figures.
 */
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');

export async function dashboard(uc: UseCaseContext, period: Period): Promise<ChartSpec[]> {
  authorize(uc.actor, 'evaluation.read');
  const db = uc.app.db.kysely;
  const today = chinaDate(uc.app.clock.now());
  const [coverage, records, publications, campaigns, verified, waiting, flags, misses] = await Promise.all([
    onlineCoverage(uc),
    deadlineRecords(uc, { period, kind: 'change_request' }),
    publicationsBetween(db, period.from, period.to),
    listCampaigns(db),
    verificationsBetween(db, period.from, period.to),
    waitingForVerification(db),
    feedbackFlags(uc.app),
    searchMissesBetween(db, period.from, period.to, 10),
  ]);
  const byType = coverage.byType.map((t): Bar => ({ label: t.name, value: t.items, text: String(t.items) }));
  const byUnit = [...coverage.byUnit]
    .sort((a, b) => b.items - a.items)
    .map((u): Bar => ({ label: u.name, value: u.items, text: String(u.items) }));
  const kinds = new Map<string, number>();
  const months = monthsOf(period);
  const perMonth = new Map(months.map((m) => [m, 0]));
  for (const p of publications) {
    kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
    const m = chinaDate(new Date(p.published_at)).slice(0, 7);
    if (perMonth.has(m)) perMonth.set(m, perMonth.get(m)! + 1);
  }
  const compliance = months.map((m): Bar => {
    const due = records.filter((r) => r.dueOn.startsWith(m) && (r.doneOn !== null || r.dueOn < today));
    const met = due.filter(metDeadline).length;
    return {
      label: m,
      value: due.length ? met / due.length : 0,
      text: due.length ? `${pct(met, due.length)}（${met}/${due.length}）` : '—',
    };
  });
  const openCampaigns = campaigns.filter((c) => c.status === 'open');
  const campaignBars: Bar[] = [];
  for (const c of openCampaigns) {
    const { all } = progressBy(await campaignItems(db, { kind: 'all' }, c.id));
    campaignBars.push({
      label: c.title,
      value: all.done,
      text: `${pct(all.total - all.counts.pending, all.total)}（截止 ${c.due_on}）`,
    });
  }
  const waits = waitsByMonth(verified, months);
  const queue = waitingNow(waiting, uc.app.clock.now().toISOString());
  const days = (d: number | null) => (d === null ? '—' : `${d.toFixed(1)} 天`);
  return [
    {
      id: 'items-by-type',
      title: '在用事项（按类型）',
      description: `全区在用事项共 ${coverage.district.items} 项，按事项类型统计。`,
      valueLabel: '事项数',
      bars: byType,
    },
    {
      id: 'items-by-unit',
      title: '在用事项（按实施单位）',
      description: '各实施单位的在用事项数，多者在前。',
      valueLabel: '事项数',
      bars: byUnit,
    },
    {
      id: 'adjustments-by-kind',
      title: `${period.label}发布的调整（按种类）`,
      description: '期间内每次发布按调整种类统计。',
      valueLabel: '次数',
      bars: [...kinds.entries()].map(([k, n]) => ({ label: label(CHANGE_KINDS, k), value: n, text: String(n) })),
    },
    {
      id: 'adjustments-by-month',
      title: `${period.label}每月发布的调整`,
      description: '期间内每个月的发布次数。',
      valueLabel: '次数',
      bars: months.map((m) => ({ label: m, value: perMonth.get(m)!, text: String(perMonth.get(m)!) })),
    },
    {
      id: 'deadline-compliance',
      title: '调整申请按期提交率（按期限所在月份）',
      description: '每月期限届满的调整申请中按期提交的比例（第十九条，3个工作日）。',
      valueLabel: '按期率',
      bars: compliance,
      max: 1,
    },
    {
      id: 'online-coverage',
      title: '网办率（按实施单位）',
      description: `全区网办率 ${pct(coverage.district.online, coverage.district.items - coverage.district.exempt)}；各单位可网上办理的事项占应网办事项的比例。`,
      valueLabel: '网办率',
      max: 1,
      bars: coverage.byUnit.map((u) => ({
        label: u.name,
        value: u.rate ?? 0,
        text: u.rate === null ? '—' : pct(u.online, u.items - u.exempt),
      })),
    },
    {
      id: 'verification-wait',
      title: '核验等待时间（按核验月份）',
      valueLabel: '平均等待',
      description: '每月完成核验的版本从提交到核验的平均等待天数（24 小时为一天），并列出最长等待和版本数。',
      bars: waits.map((w) => ({
        label: w.month,
        value: w.averageDays ?? 0,
        text: w.count ? `${days(w.averageDays)}（最长 ${days(w.longestDays)}，${w.count} 个）` : '—',
      })),
    },
    {
      id: 'verification-queue',
      title: '当前待核验的版本（按已等待时间）',
      valueLabel: '版本数',
      description: `现在等待核验的版本共 ${waiting.length} 个，按已等待的时间分组。`,
      bars: queue.map((q) => ({ label: q.label, value: q.count, text: String(q.count) })),
    },
    {
      id: 'feedback-flags',
      title: '公众反映较多、待复核的事项',
      valueLabel: '没帮助 + 申请',
      description: '自上次核查以来“没帮助”评价或说明解释申请达到阈值的事项（第二十二条）。',
      bars: flags.map((f) => ({
        label: f.name,
        value: f.counts.unhelpful + f.counts.explanations,
        text: `没帮助 ${f.counts.unhelpful}，说明解释申请 ${f.counts.explanations}`,
      })),
    },
    {
      id: 'search-misses',
      title: `${period.label}无结果的搜索（前 10）`,
      valueLabel: '次数',
      description: '公众搜索全部事项而没有找到结果的搜索词及次数。',
      bars: misses.map((m) => ({ label: m.query, value: Number(m.n), text: String(Number(m.n)) })),
    },
    {
      id: 'campaign-progress',
      title: '进行中的目录清理',
      description: '每个进行中的目录清理已处理事项的比例。',
      valueLabel: '完成率',
      max: 1,
      bars: campaignBars,
    },
  ];
}
