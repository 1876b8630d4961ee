import { registerAccountRoutes } from '../accounts/account.routes.js';
import { registerAuthRoutes } from '../accounts/auth.routes.js';
import { registerCatalogueRoutes } from '../catalogue/catalogue.routes.js';
import { registerCatalogueVersionRoutes } from '../catalogue/catalogue-version.routes.js';
import { registerConsistencyRoutes } from '../consistency/consistency.routes.js';
import { registerAuditRoutes } from '../audit/audit.routes.js';
import { registerAccountPages } from '../console/accounts/account.pages.js';
import { registerAuditPages } from '../console/audit.pages.js';
import { registerAuthPages } from '../console/auth.pages.js';
import { registerActionPages } from '../console/items/actions.pages.js';
import { registerSecurityPages } from '../console/security.pages.js';
import { registerSystemPages } from '../console/system.pages.js';
import { registerTokenPages } from '../console/tokens.pages.js';
import { registerUnitPages } from '../console/units.pages.js';
import { registerItemPages } from '../console/items/item.pages.js';
import { registerLegalConsolePages } from '../console/legal/index.js';
import { registerVersionPages } from '../console/items/versions.pages.js';
import { registerChangePages } from '../console/workflow/changes.pages.js';
import { registerWorkPages } from '../console/workflow/work.pages.js';
import type { App } from '../http/app-type.js';
import { registerExplanationPages } from '../explanations/explanation.pages.js';
import { registerExplanationRoutes } from '../explanations/explanation.routes.js';
import { registerPortalRoutes } from '../portal/portal.routes.js';
import { registerChannelPages } from '../publishing/channel.pages.js';
import { registerChannelRoutes } from '../publishing/channel.routes.js';
import { registerFeedRoutes } from '../publishing/feeds.js';
import { registerPublicRoutes } from '../publishing/public.routes.js';
import { registerWidgetRoutes } from '../publishing/widget.routes.js';
import { registerItemRoutes } from '../items/item.routes.js';
import { registerLegalRoutes } from '../legal/legal.routes.js';
import { registerObligationRoutes } from '../obligations/obligation.routes.js';
import { registerUnitRoutes } from '../units/unit.routes.js';
import { registerWorkflowRoutes } from '../workflow/workflow.routes.js';
import { registerInboxRoutes } from '../workflow/inbox.routes.js';
import { registerEvaluationPages } from '../evaluation/evaluation.pages.js';
import { registerFeedbackRoutes } from '../evaluation/feedback.routes.js';
import { registerExchangePages } from '../exchange/exchange.pages.js';
import type { AppContext } from './context.js';

/** A feature's HTTP surface. Features are registered in this order; each owns its URL prefix. */
export interface Feature {
  name: string;
  register(app: App, ctx: AppContext): Promise<void> | void;
}

export const FEATURES: Feature[] = [
  { name: 'auth', register: registerAuthRoutes },
  { name: 'accounts', register: registerAccountRoutes },
  { name: 'units', register: registerUnitRoutes },
  { name: 'catalogue-versions', register: registerCatalogueVersionRoutes },
  { name: 'catalogue', register: registerCatalogueRoutes },
  { name: 'items', register: registerItemRoutes },
  { name: 'workflow', register: registerWorkflowRoutes },
  { name: 'inbox', register: registerInboxRoutes },
  { name: 'legal', register: registerLegalRoutes },
  { name: 'obligations', register: registerObligationRoutes },
  { name: 'consistency', register: registerConsistencyRoutes },
  { name: 'public-api', register: registerPublicRoutes },
  { name: 'portal', register: registerPortalRoutes },
  { name: 'explanations', register: registerExplanationRoutes },
  { name: 'feedback', register: registerFeedbackRoutes },
  { name: 'channels', register: registerChannelRoutes },
  { name: 'feeds', register: registerFeedRoutes },
  { name: 'widget', register: registerWidgetRoutes },
  { name: 'console-auth', register: registerAuthPages },
  { name: 'audit', register: registerAuditRoutes },
  { name: 'console-items', register: registerItemPages },
  { name: 'console-legal', register: registerLegalConsolePages },
  { name: 'console-item-actions', register: registerActionPages },
  { name: 'console-versions', register: registerVersionPages },
  { name: 'console-changes', register: registerChangePages },
  { name: 'console-work', register: registerWorkPages },
  { name: 'console-accounts', register: registerAccountPages },
  { name: 'console-security', register: registerSecurityPages },
  { name: 'console-tokens', register: registerTokenPages },
  { name: 'console-audit', register: registerAuditPages },
  { name: 'console-units', register: registerUnitPages },
  { name: 'console-system', register: registerSystemPages },
  { name: 'console-channels', register: registerChannelPages },
  { name: 'console-explanations', register: registerExplanationPages },
  // issue 15: evaluation, accountability, spot checks
  { name: 'console-evaluation', register: registerEvaluationPages },
  // bulk import/export and reconciliation (issue 14)
  { name: 'console-exchange', register: registerExchangePages },
];
