import type { AppContext } from '../app/context.js';
import type { App } from '../http/app.js';
import { registerAccountabilityPages } from './accountability.pages.js';
import { registerScorecardPages } from './scorecard.pages.js';
import { registerCoveragePages } from './coverage.pages.js';

/** The evaluation feature's console pages (reports, scorecards, coverage, links, spot checks). */
export function registerEvaluationPages(app: App, ctx: AppContext): void {
  registerAccountabilityPages(app, ctx);
  registerScorecardPages(app, ctx);
  registerCoveragePages(app, ctx);
}
