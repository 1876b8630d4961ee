import { createHmac } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { safeEqual } from '../crypto/sm.js';

/**
 * Anti-forgery token of the public explanation form, without a session (IN-04 for a form anyone may
 * use): HMAC-SM3 over the form's purpose and the time it was rendered. A post must carry a token our page
 * issued for this item within TOKEN_HOURS, besides coming from our own origin (checked by the route).
 */
export const TOKEN_HOURS = 24;

const keyOf = (app: AppContext) => createHmac('sm3', app.keys.data).update('public-form-token:v1').digest();
const mac = (app: AppContext, purpose: string, issued: string) => createHmac('sm3', keyOf(app)).update(`${purpose}\0${issued}`).digest('base64url');

export function issueFormToken(app: AppContext, purpose: string): string {
  const issued = String(app.clock.now().getTime());
  return `${issued}.${mac(app, purpose, issued)}`;
}

export type TokenVerdict = 'ok' | 'expired' | 'invalid';

export function checkFormToken(app: AppContext, purpose: string, token: unknown): TokenVerdict {
  if (typeof token !== 'string') return 'invalid';
  const [issued, tag] = token.split('.');
  if (!issued || !tag || !/^\d{10,16}$/.test(issued) || !safeEqual(mac(app, purpose, issued), tag)) return 'invalid';
  const age = app.clock.now().getTime() - Number(issued);
  return age < -60_000 || age > TOKEN_HOURS * 3_600_000 ? 'expired' : 'ok';
}
