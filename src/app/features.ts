import type { App } from '../http/app.js';
import type { AppContext } from './context.js';

/** A feature's HTTP surface. Features are registered in this order; each owns its URL prefix. */
export interface Feature {
  name: string;
  register(app: App, ctx: AppContext): Promise<void> | void;
}

export const FEATURES: Feature[] = [];
