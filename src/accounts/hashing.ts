import { randomBytes } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { DEFAULT_COST, hashPassword, TEST_COST, type HashCost } from './password-hash.js';

/** Cost by environment: tests use a cheap cost so suites stay fast; everything else the production cost. */
export const hashCost = (app: AppContext): HashCost => (app.config.env === 'test' ? TEST_COST : DEFAULT_COST);

export const hashFor = (app: AppContext, password: string) =>
  hashPassword(password, app.keys.pepper, app.config.passwordHash, hashCost(app));

const dummies = new Map<string, Promise<string>>();

/**
 * A verifier for a password nobody has, checked when the username does not exist so that unknown and
 * known users take the same time (AUTH-07).
 */
export function dummyVerifier(app: AppContext): Promise<string> {
  const key = `${app.config.passwordHash}:${JSON.stringify(hashCost(app))}`;
  let v = dummies.get(key);
  if (!v) {
    v = hashFor(app, randomBytes(24).toString('base64'));
    dummies.set(key, v);
  }
  return v;
}
