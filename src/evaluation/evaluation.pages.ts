import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { registerAccountabilityPages } from './accountability.pages.js';
import { registerScorecardPages } from './scorecard.pages.js';
import { registerCoveragePages } from './coverage.pages.js';
import { registerLinkPages } from './links.pages.js';
import { registerSpotCheckPages } from './spot-check.pages.js';
import { registerCampaignPages } from './campaign.pages.js';
import { registerDashboardPages } from './dashboard.pages.js';
import { registerFeedbackPages } from './feedback.pages.js';
import { registerPdfPages } from './pdf.pages.js';

/** The evaluation feature's console pages (reports, scorecards, coverage, links, spot checks). */
export function registerEvaluationPages(app: App, ctx: AppContext): void {
  registerAccountabilityPages(app, ctx);
  registerScorecardPages(app, ctx);
  registerCoveragePages(app, ctx);
  registerLinkPages(app, ctx);
  registerSpotCheckPages(app, ctx);
  registerCampaignPages(app, ctx);
  registerDashboardPages(app, ctx);
  registerFeedbackPages(app, ctx);
  registerPdfPages(app, ctx);
}
