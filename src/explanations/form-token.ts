import { createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { AppContext } from '../app/context.js';
import { safeEqual } from '../crypto/sm.js';

/**
 * Anti-forgery token of the public explanation form, without a session (IN-04 for a form anyone may
 * use): HMAC-SM3 over the form's purpose and the time it was rendered. A post must carry a token our page
 * issued for this item within TOKEN_HOURS, besides coming from our own origin (checked by the route).
 */
export const TOKEN_HOURS = 24;

const keyOf = (app: AppContext) => createHmac('sm3', app.keys.data).update('public-form-token:v1').digest();
const mac = (app: AppContext, purpose: string, issued: string) =>
  createHmac('sm3', keyOf(app)).update(`${purpose}\0${issued}`).digest('base64url');

export function issueFormToken(app: AppContext, purpose: string): string {
  const issued = String(app.clock.now().getTime());
  return `${issued}.${mac(app, purpose, issued)}`;
}

/**
 * The token a public page shows for a purpose, issued at most once a minute per purpose and instance (an
 * HMAC per guide page view was a measurable part of serving it). A token stays valid TOKEN_HOURS from its
 * issue, so one reused for a minute is as good as a fresh one.
 */
export function pageFormToken(app: AppContext, purpose: string): string {
  let cache = pageTokens.get(app);
  if (!cache) pageTokens.set(app, (cache = new LRUCache({ max: 20_000 })));
  const minute = minuteOf(app);
  const hit = cache.get(purpose);
  if (hit?.minute === minute) return hit.token;
  const token = issueFormToken(app, purpose);
  cache.set(purpose, { minute, token });
  return token;
}

const minuteOf = (app: AppContext) => Math.floor(app.clock.now().getTime() / 60_000);

/** When the page tokens issued now give way to the next ones (ms): a page showing them is the same until then. */
export const pageTokenTurn = (app: AppContext) => (minuteOf(app) + 1) * 60_000;

const pageTokens = new WeakMap<AppContext, LRUCache<string, { minute: number; token: string }>>();

export type TokenVerdict = 'ok' | 'expired' | 'invalid';

export function checkFormToken(app: AppContext, purpose: string, token: unknown): TokenVerdict {
  if (typeof token !== 'string') return 'invalid';
  const [issued, tag] = token.split('.');
  if (!issued || !tag || !/^\d{10,16}$/.test(issued) || !safeEqual(mac(app, purpose, issued), tag)) return 'invalid';
  const age = app.clock.now().getTime() - Number(issued);
  return age < -60_000 || age > TOKEN_HOURS * 3_600_000 ? 'expired' : 'ok';
}
