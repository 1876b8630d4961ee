import type { Actor } from '../auth/actor.js';
import { tabs } from '../console/legal/parts.js';
import { isAppError } from '../shared/errors.js';
import { html, type SafeHtml } from '../web/html.js';
import { parsePeriod, yearToDate, type Period } from './period.js';

/** The evaluation pages' sub-navigation (Art. 10–11, 20, 22–23). */
export const evaluationTabs = (actor: Actor, current: string) =>
  tabs(
    '评估与监督',
    [
      { href: '/console/evaluation', label: '看板', action: 'evaluation.read' },
      { href: '/console/evaluation/accountability', label: '问责报告', action: 'evaluation.read' },
      { href: '/console/evaluation/scorecards', label: '单位评分', action: 'evaluation.read' },
      { href: '/console/evaluation/coverage', label: '网办率与渠道', action: 'evaluation.read' },
      { href: '/console/evaluation/links', label: '链接检查', action: 'evaluation.read' },
      { href: '/console/evaluation/feedback', label: '公众反映', action: 'evaluation.read' },
      { href: '/console/spot-checks', label: '监督检查', action: 'spotcheck.read' },
      { href: '/console/campaigns', label: '目录清理', action: 'campaign.read' },
    ],
    actor,
    current,
  );

/** The page's period from `?period=`, defaulting to the year to date; a malformed one is reported, not guessed. */
export function periodOf(raw: string | undefined, today: string): { period: Period; error: string | null } {
  if (!raw) return { period: yearToDate(today), error: null };
  try {
    return { period: parsePeriod(raw), error: null };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { period: yearToDate(today), error: e.issues[0]?.message ?? e.message };
  }
}

/** The period field every evaluation filter form starts with. */
export const periodField = (p: Period): SafeHtml => html`<div class="field"><label for="period">期间</label>
  <input id="period" name="period" value="${p.key}" aria-describedby="period-help" maxlength="23">
  <small class="help" id="period-help">年 2026、季度 2026-Q2、月 2026-05 或自定义 2026-01-01..2026-03-31</small></div>`;

/** A query string from the non-empty values (links to drill-downs and exports keep the filters). */
export const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();

/** The PDF export of a report (pdf.pages.ts), linked next to its Excel export. */
export const pdfLink = (report: string, period?: string): SafeHtml =>
  html`<a class="button" href="/console/evaluation/pdf/${report}${period ? `?${query({ period })}` : ''}" download>导出 PDF</a>`;
