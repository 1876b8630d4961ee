import { randomBytes } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { inTransaction, type Audit, type UseCaseContext } from '../app/use-case.js';
import type { Trx } from '../db/database.js';
import { PUBLIC_ACTOR, type Actor, type RequestMeta } from '../auth/actor.js';
import { ADMIN_ROLES, MFA_REQUIRED_ROLES, UNIT_ROLES } from '../auth/roles.js';
import { sm3Hex } from '../crypto/sm.js';
import { hitRateLimit, releaseRateLimit } from '../security/rate-limit.js';
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
import type { SessionStage } from './account.table.js';
export type { SessionStage };

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
  return {
    kind: 'user',
    id: user.id,
    name: user.display_name,
    roles: parseRoles(user.roles),
    unitId: user.unit_id,
    sessionRef: sessionHash?.slice(0, 16),
  };
}

const minutes = (n: number) => n * 60_000;

export function passwordExpired(user: UserRow, settings: SecuritySettings, now: Date): boolean {
  if (settings.password.maxAgeDays <= 0) return false;
  return now.getTime() - new Date(user.password_changed_at).getTime() > settings.password.maxAgeDays * 86_400_000;
}

export function mfaRequired(user: UserRow, settings: SecuritySettings): boolean {
  const roles = parseRoles(user.roles);
  return (
    roles.some((r) => MFA_REQUIRED_ROLES.includes(r)) ||
    (settings.mfaForUnitRoles && roles.some((r) => UNIT_ROLES.includes(r)))
  );
}

export function nextStage(user: UserRow, settings: SecuritySettings, now: Date, mfaDone: boolean): SessionStage {
  if (user.mfa_enabled === 1 && !mfaDone) return 'mfa_pending';
  // A one-time password was in the hands of whoever issued or reset it: before it can be replaced (and
  // anything else done), the holder binds a second factor of their own, whatever the policy for the roles.
  if (user.must_change_password === 1 && user.mfa_enabled !== 1) return 'mfa_enroll';
  if (user.must_change_password === 1 || passwordExpired(user, settings, now)) return 'password_change';
  if (mfaRequired(user, settings) && user.mfa_enabled !== 1) return 'mfa_enroll';
  return 'full';
}

/** Idle limit of the account's sessions: shorter for the administrators (SESS-03). */
export function idleLimitMs(user: UserRow, settings: SecuritySettings): number {
  const admin = parseRoles(user.roles).some((r) => ADMIN_ROLES.includes(r));
  return minutes(admin ? settings.session.adminIdleMinutes : settings.session.idleMinutes);
}

/**
 * Password step of sign-in. Every attempt is *reserved* before the password is hashed, so that parallel
 * attempts cannot all be judged on the same stale row (AUTH-05, AUTH-06):
 *
 * 1. the per-IP bucket is incremented (`hitRateLimit`); over the limit → 429 without hashing. A success gives
 *    its slot back, so only failures use up the allowance (a busy office behind one NAT is not throttled);
 * 2. the account's failure counter is incremented in one UPDATE (`reserveFailure`). A locked account, or a
 *    count beyond the threshold (other attempts are in flight), is refused without checking the password;
 * 3. a wrong password keeps its count and locks the account when it reached the threshold;
 * 4. a right one resets the counter only while the account is still unlocked (guarded UPDATE), else it is
 *    refused too.
 *
 * Refusals carry one generic message; each is audited as `auth.login_failed`, a lock once as `auth.locked`.
 */
export async function login(
  app: AppContext,
  meta: RequestMeta,
  input: { username: string; password: string },
): Promise<IssuedSession> {
  const now = app.clock.now();
  const db = app.db.kysely;
  const settings = await readSecuritySettings(db);
  const ipSlot = await reserveAddressAttempt(app, meta, settings, now);
  const username = normalizeUsername(input.username);
  const user = await repo.findUserByUsername(db, username);
  const uc: UseCaseContext = {
    app,
    actor: user ? actorFor(user) : { ...PUBLIC_ACTOR, name: username.slice(0, 64) },
    meta,
  };
  const refuse = async (reason: Refusal, lock?: number): Promise<never> => {
    await refuseAttempt(uc, user, reason, settings, now, lock);
    throw invalidCredentials();
  };
  if (!ipSlot.allowed) return refuseThrottled(uc, user, settings, now, ipSlot.retryAfterSeconds);
  // Refusals decided before the password is checked (the lock, if any, is set at once) still compute a
  // verifier, so they take as long as a wrong password (AUTH-07).
  const early = async (reason: Refusal, lock?: number): Promise<never> => {
    await refuseAttempt(uc, user, reason, settings, now, lock);
    await verifyPassword(input.password, await dummyVerifier(app), app.keys.pepper);
    throw invalidCredentials();
  };
  const unusable = accountRefusal(user, now);
  if (unusable) return early(unusable);
  const u = user!;
  const attempt = await reserveAttempt(app, u, settings, now);
  if (attempt === 'locked') return early('locked');
  if (attempt > settings.lockout.threshold) return early('locked', attempt);

  if (!(await verifyPassword(input.password, u.password_hash, app.keys.pepper))) return refuse('password', attempt);
  // Refused with a right password: the attempt still counts (it was reserved), like any refused attempt.
  if (
    u.must_change_password === 1 &&
    u.initial_password_expires_at &&
    u.initial_password_expires_at < now.toISOString()
  )
    return refuse('initial_password_expired', attempt);
  if (!aclIntact(app.keys.audit, u)) return refuse('acl_integrity', attempt);

  const rehash = needsRehash(u.password_hash, app.config.passwordHash, hashCost(app))
    ? await hashFor(app, input.password)
    : null;
  const issued = await inTransaction(uc, async (trx, audit) => {
    const stage = nextStage(u, settings, now, false);
    // With a second factor still to come, the password step only gives its own reservation back: earlier
    // wrong codes (and passwords) stay counted until a sign-in completes, so codes cannot be guessed a few
    // per sign-in forever (AUTH-08).
    const patch = rehash ? { password_hash: rehash } : {};
    const settled =
      stage === 'mfa_pending'
        ? await repo.releaseFailure(trx, u.id, now.toISOString(), patch)
        : await repo.clearFailures(trx, u.id, now.toISOString(), patch);
    if (!settled) return null;
    await ipSlot.release(trx);
    const session = await issueSession(trx, u, stage, meta, now, settings);
    if (stage === 'full') await completeLogin(trx, audit, u, now, session);
    return withExpiryWarning(session, u, settings, now);
  });
  // A concurrent attempt locked the account while this password was being checked.
  return issued ?? refuse('locked');
}

type Refusal =
  | 'unknown_user'
  | 'disabled'
  | 'expired'
  | 'locked'
  | 'password'
  | 'initial_password_expired'
  | 'acl_integrity'
  | 'ip_throttled';

export interface AddressSlot {
  allowed: boolean;
  retryAfterSeconds: number;
  /** Gives the slot back (a success): only failures use up an address's allowance. */
  release(trx: Trx): Promise<void>;
}

/**
 * Takes one slot of the client address's allowance of failed sign-in steps (AUTH-06), before any secret is
 * checked. Password and second-factor steps share the bucket, so an address cannot guess codes either.
 */
export async function reserveAddressAttempt(
  app: AppContext,
  meta: RequestMeta,
  settings: SecuritySettings,
  now: Date,
): Promise<AddressSlot> {
  const bucket = `login-fail-ip:${meta.ip ?? 'unknown'}`;
  const window = settings.ipThrottle.windowMinutes * 60;
  const slot = await hitRateLimit(app.db.kysely, bucket, settings.ipThrottle.failures, window, now);
  return {
    allowed: slot.allowed,
    retryAfterSeconds: slot.retryAfterSeconds,
    release: (trx) => releaseRateLimit(trx, bucket, window, now),
  };
}

/** An attempt refused because its address is over the allowance: audited, then 429. */
export async function refuseThrottled(
  uc: UseCaseContext,
  user: UserRow | undefined,
  settings: SecuritySettings,
  now: Date,
  retryAfterSeconds: number,
): Promise<never> {
  await refuseAttempt(uc, user, 'ip_throttled', settings, now);
  throw errors.rateLimited(retryAfterSeconds);
}

/** Why the account cannot sign in whatever the password (checked before any attempt is reserved). */
function accountRefusal(user: UserRow | undefined, now: Date): Refusal | null {
  if (!user) return 'unknown_user';
  if (user.status !== 'active') return 'disabled';
  if (isExpired(user, now)) return 'expired';
  return null;
}

/** True while the account is locked (AUTH-05). */
export const isLocked = (user: Pick<UserRow, 'locked_until'>, now: Date) =>
  !!user.locked_until && user.locked_until > now.toISOString();

/** True when the account's `expires_at` date has passed (AUTH-11). */
export const isExpired = (user: Pick<UserRow, 'expires_at'>, now: Date) =>
  !!user.expires_at && user.expires_at < now.toISOString();

/**
 * Reserves one attempt at a secret of `user` (password or TOTP code) before it is checked: returns the
 * attempt's count in the current window, or 'locked'. A count beyond the threshold means that at least
 * `threshold` attempts are already in flight or done: the caller refuses, and passes the count to
 * `refuseAttempt`, which locks the account.
 */
export async function reserveAttempt(
  app: AppContext,
  user: UserRow,
  settings: SecuritySettings,
  now: Date,
): Promise<number | 'locked'> {
  const windowStart = new Date(now.getTime() - minutes(settings.lockout.windowMinutes)).toISOString();
  return (await repo.reserveFailure(app.db.kysely, user.id, now.toISOString(), windowStart)) ?? 'locked';
}

/**
 * Audits a refused sign-in step (`auth.login_failed`, one per attempt). With `count` (the attempt's reserved
 * count), the account is locked when the count reached the threshold (`auth.locked`, once per lock).
 */
export async function refuseAttempt(
  uc: UseCaseContext,
  user: UserRow | undefined,
  reason: string,
  settings: SecuritySettings,
  now: Date,
  count?: number,
): Promise<void> {
  await inTransaction(uc, async (trx, audit) => {
    // Row changes before the audit records: the audit chain lock is always taken last (no lock-order deadlock).
    const locked =
      user && count !== undefined && count >= settings.lockout.threshold
        ? await lockAccount(trx, user, settings, now)
        : null;
    await audit({
      action: 'auth.login_failed',
      result: 'failure',
      reason,
      target: user ? { type: 'user', id: user.id } : undefined,
    });
    if (locked)
      await audit({
        action: 'auth.locked',
        target: { type: 'user', id: user!.id },
        details: { until: locked, failures: count },
      });
  });
}

/** Sets the lock and ends the account's sessions; returns the lock's end when this call set it, else null. */
async function lockAccount(trx: Trx, user: UserRow, settings: SecuritySettings, now: Date): Promise<string | null> {
  const until = new Date(now.getTime() + minutes(settings.lockout.durationMinutes)).toISOString();
  if (!(await repo.lockUser(trx, user.id, until, now.toISOString()))) return null;
  await repo.deleteUserSessions(trx, user.id);
  return until;
}

/**
 * The session reached `full`: this is the login that AUD-01 records. The three administrators hold one
 * session at a time (SESS-07): the new full session ends every other session of the account.
 */
export async function completeLogin(
  trx: Trx,
  audit: Audit,
  user: UserRow,
  now: Date,
  session: IssuedSession,
): Promise<void> {
  await repo.updateUser(trx, user.id, { last_login_at: now.toISOString() });
  const admin = parseRoles(user.roles).some((r) => ADMIN_ROLES.includes(r));
  const ended = admin ? await repo.deleteUserSessions(trx, user.id, hashToken(session.token)) : 0;
  await audit({
    action: 'auth.login',
    target: { type: 'user', id: user.id },
    ...(ended ? { details: { endedSessions: ended } } : {}),
  });
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
  // Rotation: the previous stage's session must still exist (not ended meanwhile by a lock or an administrator).
  if (carry && !(await repo.deleteSession(trx, carry.id_hash))) throw errors.unauthenticated();
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
export function withExpiryWarning(
  issued: IssuedSession,
  user: UserRow,
  settings: SecuritySettings,
  now: Date,
): IssuedSession {
  if (settings.password.maxAgeDays <= 0) return issued;
  const left =
    settings.password.maxAgeDays - (now.getTime() - new Date(user.password_changed_at).getTime()) / 86_400_000;
  return left > 0 && left <= 7 ? { ...issued, passwordExpiresInDays: Math.ceil(left) } : issued;
}

/**
 * Finds the session for a cookie or returns null (unknown, expired by idle or absolute limit, disabled,
 * expired (`expires_at`) or locked account, tampered grant). Expired sessions are deleted and the timeout
 * audited once.
 */
export async function resolveSession(
  app: AppContext,
  token: string,
  meta: RequestMeta,
): Promise<ResolvedSession | null> {
  const idHash = hashToken(token);
  const session = await repo.findSession(app.db.kysely, idHash);
  if (!session) return null;
  const user = await repo.findUserById(app.db.kysely, session.user_id);
  const now = app.clock.now();
  // A lock ends the sessions when it is set; checking here as well keeps any session that raced it from working.
  if (
    !user ||
    user.status !== 'active' ||
    isExpired(user, now) ||
    isLocked(user, now) ||
    !aclIntact(app.keys.audit, user)
  ) {
    await repo.deleteSession(app.db.kysely, idHash);
    if (user && !aclIntact(app.keys.audit, user)) {
      await inTransaction({ app, actor: actorFor(user, idHash), meta }, (_trx, audit) =>
        audit({
          action: 'auth.denied',
          result: 'failure',
          reason: 'acl_integrity',
          target: { type: 'user', id: user.id },
        }),
      );
    }
    return null;
  }
  const settings = await readSecuritySettings(app.db.kysely);
  const idleExpired = now.getTime() - new Date(session.last_seen_at).getTime() > idleLimitMs(user, settings);
  if (idleExpired || session.expires_at <= now.toISOString()) {
    await inTransaction({ app, actor: actorFor(user, idHash), meta }, async (trx, audit) => {
      await repo.deleteSession(trx, idHash);
      await audit({
        action: 'auth.session_expired',
        reason: idleExpired ? 'idle' : 'absolute',
        target: { type: 'user', id: user.id },
      });
    });
    return null;
  }
  // Policy changes apply at the next request: a full session whose account now owes a step (TOTP newly
  // required for its roles, an expired password) is sent back to that step.
  let stage = session.stage as SessionStage;
  const owed = stage === 'full' ? nextStage(user, settings, now, true) : 'full';
  if (owed !== 'full') {
    await repo.setSessionStage(app.db.kysely, idHash, owed);
    stage = owed;
  }
  // Writing on every request would serialise reads on SQLite; a 30 s granularity is plenty for a 15–30 min limit.
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 30_000)
    await repo.touchSession(app.db.kysely, idHash, now.toISOString());
  return { actor: actorFor(user, idHash), user, session: { ...session, stage }, stage };
}

export async function logout(app: AppContext, resolved: ResolvedSession, meta: RequestMeta): Promise<void> {
  await inTransaction({ app, actor: resolved.actor, meta }, async (trx, audit) => {
    await repo.deleteSession(trx, resolved.session.id_hash);
    await audit({ action: 'auth.logout', target: { type: 'user', id: resolved.user.id } });
  });
}

export { presentAccount };
