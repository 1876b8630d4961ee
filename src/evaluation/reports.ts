import type { UseCaseContext } from '../app/use-case.js';
import { accountabilitySheets } from './accountability.pages.js';
import { accountabilityReport } from './accountability.report.js';
import { coverageSheets } from './coverage.pages.js';
import { channelCoverage, onlineCoverage } from './coverage.report.js';
import { dashboardSheets } from './dashboard.pages.js';
import { dashboard } from './dashboard.report.js';
import { feedbackSheets } from './feedback.pages.js';
import { feedbackReport } from './feedback.service.js';
import type { Period } from './period.js';
import { scorecardSheets } from './scorecard.pages.js';
import { scorecardReport } from './scorecard.report.js';
import type { ChartSpec } from './svg-chart.js';
import type { Sheet } from './xlsx.js';

/** A report as the exports see it: its sheets (xlsx, and the PDF's tables) and, for the dashboard, its charts. */
export interface BuiltReport {
  title: string;
  sheets: Sheet[];
  charts: ChartSpec[];
}

/**
 * Every evaluation report by the name the CLI (`shixiang report NAME`) and the PDF link use. Each is the whole
 * report of the period, built by the same use cases as its console page.
 */
export const REPORTS: Record<string, { title: string; build(uc: UseCaseContext, p: Period): Promise<BuiltReport> }> = {
  accountability: {
    title: '问责报告',
    build: async (uc, period) => ({
      title: '问责报告',
      sheets: accountabilitySheets(await accountabilityReport(uc, { period })),
      charts: [],
    }),
  },
  scorecards: {
    title: '单位评分',
    build: async (uc, period) => ({
      title: '单位评分',
      sheets: scorecardSheets(await scorecardReport(uc, { period })),
      charts: [],
    }),
  },
  coverage: {
    title: '网办率与渠道覆盖',
    build: async (uc) => ({
      title: '网办率与渠道覆盖',
      sheets: coverageSheets(await onlineCoverage(uc), await channelCoverage(uc)),
      charts: [],
    }),
  },
  dashboard: {
    title: '评估看板',
    build: async (uc, period) => {
      const charts = await dashboard(uc, period);
      return { title: '评估看板', sheets: dashboardSheets(charts), charts };
    },
  },
  feedback: {
    title: '公众反映',
    build: async (uc, period) => ({
      title: '公众反映',
      sheets: feedbackSheets(await feedbackReport(uc, period)),
      charts: [],
    }),
  },
};

export const REPORT_NAMES = Object.keys(REPORTS);
