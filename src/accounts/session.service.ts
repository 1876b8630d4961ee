import { randomBytes } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { inTransaction, type Audit, type UseCaseContext } from '../app/use-case.js';
import type { Trx } from '../db/database.js';
import { PUBLIC_ACTOR, type Actor, type RequestMeta } from '../auth/actor.js';
import { ADMIN_ROLES, MFA_REQUIRED_ROLES, UNIT_ROLES } from '../auth/roles.js';
import { sm3Hex } from '../crypto/sm.js';
import { hitRateLimit, peekRateLimit } from '../security/rate-limit.js';
import { AppError, errors } from '../shared/errors.js';
import { presentAccount, normalizeUsername } from './account-view.js';
import type { SessionRow, UserRow } from './account.table.js';
import * as repo from './account.repository.js';
import { aclIntact, parseRoles } from './acl.js';
import { dummyVerifier, hashCost, hashFor } from './hashing.js';
import { needsRehash, verifyPassword } from './password-hash.js';
import { readSecuritySettings, type SecuritySettings } from './security-settings.js';

/**
 * Sign-in as a sequence of session stages. A session is created after the password; it reaches `full`
 * (the only stage that opens business routes) after the second factor, a forced password change and a
 * forced TOTP enrolment, whichever apply. The session id is rotated at every stage change (SESS-01).
 */
export type SessionStage = 'mfa_pending' | 'password_change' | 'mfa_enroll' | 'full';

export interface IssuedSession {
  token: string;
  csrfToken: string;
  stage: SessionStage;
  /** Days until the password expires, when within the warning period (AUTH-03). */
  passwordExpiresInDays?: number;
}

export interface ResolvedSession {
  actor: Actor;
  user: UserRow;
  session: SessionRow;
  stage: SessionStage;
}

/** One message for unknown user, wrong password, locked, disabled and expired accounts (AUTH-07). */
export const INVALID_CREDENTIALS = '用户名或口令错误，或账号暂不可用';
const invalidCredentials = () => new AppError('UNAUTHENTICATED', INVALID_CREDENTIALS);

export const hashToken = (token: string) => sm3Hex(token);
const newToken = () => randomBytes(32).toString('base64url');

export function actorFor(user: UserRow, sessionHash?: string): Actor {
  return { kind: 'user', id: user.id, name: user.display_name, roles: parseRoles(user.roles), unitId: user.unit_id, sessionRef: sessionHash?.slice(0, 16) };
}

const minutes = (n: number) => n * 60_000;

export function passwordExpired(user: UserRow, settings: SecuritySettings, now: Date): boolean {
  if (settings.password.maxAgeDays <= 0) return false;
  return now.getTime() - new Date(user.password_changed_at).getTime() > settings.password.maxAgeDays * 86_400_000;
}

export function mfaRequired(user: UserRow, settings: SecuritySettings): boolean {
  const roles = parseRoles(user.roles);
  return roles.some((r) => MFA_REQUIRED_ROLES.includes(r)) || (settings.mfaForUnitRoles && roles.some((r) => UNIT_ROLES.includes(r)));
}

export function nextStage(user: UserRow, settings: SecuritySettings, now: Date, mfaDone: boolean): SessionStage {
  if (user.mfa_enabled === 1 && !mfaDone) return 'mfa_pending';
  if (user.must_change_password === 1 || passwordExpired(user, settings, now)) return 'password_change';
  if (mfaRequired(user, settings) && user.mfa_enabled !== 1) return 'mfa_enroll';
  return 'full';
}

function idleLimitMs(user: UserRow, settings: SecuritySettings): number {
  const admin = parseRoles(user.roles).some((r) => ADMIN_ROLES.includes(r));
  return minutes(admin ? settings.session.adminIdleMinutes : settings.session.idleMinutes);
}

/** Password step of sign-in. Failures are audited and counted before the generic error is thrown. */
export async function login(app: AppContext, meta: RequestMeta, input: { username: string; password: string }): Promise<IssuedSession> {
  const now = app.clock.now();
  const settings = await readSecuritySettings(app.db.kysely);
  const ipBucket = `login-fail-ip:${meta.ip ?? 'unknown'}`;
  const ipWindow = settings.ipThrottle.windowMinutes * 60;
  if ((await peekRateLimit(app.db.kysely, ipBucket, ipWindow, now)) >= settings.ipThrottle.failures) {
    const decision = await hitRateLimit(app.db.kysely, ipBucket, settings.ipThrottle.failures, ipWindow, now);
    throw errors.rateLimited(decision.retryAfterSeconds);
  }
  const username = normalizeUsername(input.username);
  const user = await repo.findUserByUsername(app.db.kysely, username);
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? (await dummyVerifier(app)), app.keys.pepper);

  const refusal = refusalReason(app, user, passwordOk, now);
  const uc: UseCaseContext = { app, actor: user ? actorFor(user) : { ...PUBLIC_ACTOR, name: username.slice(0, 64) }, meta };
  if (refusal) {
    await inTransaction(uc, async (trx, audit) => {
      await hitRateLimit(trx, ipBucket, settings.ipThrottle.failures, ipWindow, now);
      if (user && refusal === 'password') await countFailure(trx, audit, user, settings, now);
      await audit({ action: 'auth.login_failed', result: 'failure', reason: refusal, target: user ? { type: 'user', id: user.id } : undefined });
    });
    throw invalidCredentials();
  }
  const u = user!;
  const rehash = needsRehash(u.password_hash, app.config.passwordHash, hashCost(app)) ? await hashFor(app, input.password) : null;
  return inTransaction(uc, async (trx, audit) => {
    await repo.updateUser(trx, u.id, { failed_count: 0, first_failed_at: null, ...(rehash ? { password_hash: rehash } : {}) });
    const stage = nextStage(u, settings, now, false);
    const issued = await issueSession(trx, u, stage, meta, now, settings);
    if (stage === 'full') await completeLogin(trx, audit, u, now);
    return withExpiryWarning(issued, u, settings, now);
  });
}

type Refusal = 'unknown_user' | 'disabled' | 'expired' | 'locked' | 'password' | 'initial_password_expired' | 'acl_integrity';

function refusalReason(app: AppContext, user: UserRow | undefined, passwordOk: boolean, now: Date): Refusal | null {
  if (!user) return 'unknown_user';
  if (user.status !== 'active') return 'disabled';
  if (user.expires_at && user.expires_at < now.toISOString()) return 'expired';
  if (user.locked_until && user.locked_until > now.toISOString()) return 'locked';
  if (!passwordOk) return 'password';
  if (user.must_change_password === 1 && user.initial_password_expires_at && user.initial_password_expires_at < now.toISOString()) return 'initial_password_expired';
  if (!aclIntact(app.keys.audit, user)) return 'acl_integrity';
  return null;
}

/** Counts a wrong password or TOTP code toward the lockout threshold (AUTH-05, AUTH-08). */
export async function countFailure(trx: Trx, audit: Audit, user: UserRow, settings: SecuritySettings, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - minutes(settings.lockout.windowMinutes)).toISOString();
  const count = await repo.recordFailure(trx, user.id, now.toISOString(), windowStart);
  if (count >= settings.lockout.threshold) {
    const until = new Date(now.getTime() + minutes(settings.lockout.durationMinutes)).toISOString();
    await repo.updateUser(trx, user.id, { locked_until: until, failed_count: 0, first_failed_at: null });
    await repo.deleteUserSessions(trx, user.id);
    await audit({ action: 'auth.locked', target: { type: 'user', id: user.id }, details: { until, failures: count } });
  }
}

/** The session reached `full`: this is the login that AUD-01 records. */
export async function completeLogin(trx: Trx, audit: Audit, user: UserRow, now: Date): Promise<void> {
  await repo.updateUser(trx, user.id, { last_login_at: now.toISOString() });
  await audit({ action: 'auth.login', target: { type: 'user', id: user.id } });
}

/** Creates a session row for `stage`, keeping the absolute expiry of `carry` when rotating. */
export async function issueSession(
  trx: Trx,
  user: UserRow,
  stage: SessionStage,
  meta: RequestMeta,
  now: Date,
  settings: SecuritySettings,
  carry?: SessionRow,
): Promise<IssuedSession> {
  const token = newToken();
  const csrfToken = randomBytes(24).toString('base64url');
  if (carry) await repo.deleteSession(trx, carry.id_hash);
  await repo.insertSession(trx, {
    id_hash: hashToken(token),
    user_id: user.id,
    csrf_token: csrfToken,
    stage,
    created_at: carry?.created_at ?? now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: carry?.expires_at ?? new Date(now.getTime() + settings.session.absoluteHours * 3_600_000).toISOString(),
    ip: meta.ip ?? null,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, stage };
}

/** Adds `passwordExpiresInDays` when the password expires within 7 days (AUTH-03). */
export function withExpiryWarning(issued: IssuedSession, user: UserRow, settings: SecuritySettings, now: Date): IssuedSession {
  if (settings.password.maxAgeDays <= 0) return issued;
  const left = settings.password.maxAgeDays - (now.getTime() - new Date(user.password_changed_at).getTime()) / 86_400_000;
  return left > 0 && left <= 7 ? { ...issued, passwordExpiresInDays: Math.ceil(left) } : issued;
}

/**
 * Finds the session for a cookie or returns null (unknown, expired by idle or absolute limit, disabled
 * account, tampered grant). Expired sessions are deleted and the timeout audited once.
 */
export async function resolveSession(app: AppContext, token: string, meta: RequestMeta): Promise<ResolvedSession | null> {
  const idHash = hashToken(token);
  const session = await repo.findSession(app.db.kysely, idHash);
  if (!session) return null;
  const user = await repo.findUserById(app.db.kysely, session.user_id);
  const now = app.clock.now();
  if (!user || user.status !== 'active' || !aclIntact(app.keys.audit, user)) {
    await repo.deleteSession(app.db.kysely, idHash);
    if (user && !aclIntact(app.keys.audit, user)) {
      await inTransaction({ app, actor: actorFor(user, idHash), meta }, (_trx, audit) =>
        audit({ action: 'auth.denied', result: 'failure', reason: 'acl_integrity', target: { type: 'user', id: user.id } }));
    }
    return null;
  }
  const settings = await readSecuritySettings(app.db.kysely);
  const idleExpired = now.getTime() - new Date(session.last_seen_at).getTime() > idleLimitMs(user, settings);
  if (idleExpired || session.expires_at <= now.toISOString()) {
    await inTransaction({ app, actor: actorFor(user, idHash), meta }, async (trx, audit) => {
      await repo.deleteSession(trx, idHash);
      await audit({ action: 'auth.session_expired', reason: idleExpired ? 'idle' : 'absolute', target: { type: 'user', id: user.id } });
    });
    return null;
  }
  // Writing on every request would serialise reads on SQLite; a 30 s granularity is plenty for a 15–30 min limit.
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 30_000) await repo.touchSession(app.db.kysely, idHash, now.toISOString());
  return { actor: actorFor(user, idHash), user, session, stage: session.stage as SessionStage };
}

export async function logout(app: AppContext, resolved: ResolvedSession, meta: RequestMeta): Promise<void> {
  await inTransaction({ app, actor: resolved.actor, meta }, async (trx, audit) => {
    await repo.deleteSession(trx, resolved.session.id_hash);
    await audit({ action: 'auth.logout', target: { type: 'user', id: resolved.user.id } });
  });
}

export { presentAccount };
