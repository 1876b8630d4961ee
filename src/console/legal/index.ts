import type { AppContext } from '../../app/context.js';
import type { App } from '../../http/app-type.js';
import { registerCataloguePages } from '../catalogue/catalogue.pages.js';
import { registerConsistencyPages } from '../consistency/consistency.pages.js';
import { registerObligationPages } from '../obligations/obligation.pages.js';
import { registerLegalDocumentPages } from './documents.pages.js';
import { registerLegalEventPages } from './events.pages.js';

/** Console pages of issue 5: register, events and directives, obligations, base catalogue, consistency. */
export function registerLegalConsolePages(app: App, ctx: AppContext): void {
  registerLegalEventPages(app, ctx);
  registerLegalDocumentPages(app, ctx);
  registerObligationPages(app, ctx);
  registerCataloguePages(app, ctx);
  registerConsistencyPages(app, ctx);
}
