import type { AppContext } from '../app/context.js';
import { inTransaction } from '../app/use-case.js';
import type { RequestMeta } from '../auth/actor.js';
import { AppError, errors } from '../shared/errors.js';
import * as repo from './account.repository.js';
import { hashFor } from './hashing.js';
import { verifyPassword } from './password-hash.js';
import { passwordProblems } from './password-policy.js';
import { readSecuritySettings } from './security-settings.js';
import {
  completeLogin,
  isLocked,
  issueSession,
  nextStage,
  refuseAttempt,
  refuseThrottled,
  reserveAddressAttempt,
  reserveAttempt,
  withExpiryWarning,
  type IssuedSession,
  type ResolvedSession,
} from './session.service.js';
import { matchTotp, newTotpSecret, totpUri } from './totp.js';

const mfaAad = (userId: string) => `users.mfa_secret:${userId}`;

function requireStage(resolved: ResolvedSession, ...stages: ResolvedSession['stage'][]): void {
  if (!stages.includes(resolved.stage))
    throw errors.invalidState('当前登录步骤不允许此操作', { stage: resolved.stage });
}

/**
 * Second step of sign-in: the TOTP code. Like the password step, the attempt is reserved against the
 * account's failure counter before the code is checked (a wrong code counts toward lockout, AUTH-08), and
 * the accepted time step is recorded with a guarded UPDATE, so a code is accepted once even when the same
 * code is submitted in parallel.
 */
export async function verifyMfa(
  app: AppContext,
  resolved: ResolvedSession,
  meta: RequestMeta,
  code: string,
): Promise<IssuedSession> {
  requireStage(resolved, 'mfa_pending');
  const { user } = resolved;
  const now = app.clock.now();
  const settings = await readSecuritySettings(app.db.kysely);
  const uc = { app, actor: resolved.actor, meta };
  const refuse = async (reason: string, count?: number): Promise<never> => {
    await refuseAttempt(uc, user, reason, settings, now, count);
    throw new AppError('UNAUTHENTICATED', '动态口令错误或已使用');
  };
  // Wrong codes use up the address's allowance like wrong passwords (AUTH-06).
  const ipSlot = await reserveAddressAttempt(app, meta, settings, now);
  if (!ipSlot.allowed) return refuseThrottled(uc, user, settings, now, ipSlot.retryAfterSeconds);
  const attempt = await reserveAttempt(app, user, settings, now);
  if (attempt === 'locked') return refuse('locked');
  if (attempt > settings.lockout.threshold) return refuse('locked', attempt);
  const secret = app.fieldCrypto.decrypt(user.mfa_secret!, mfaAad(user.id));
  const step = matchTotp(secret, code.trim(), now);
  if (step === null) return refuse('totp', attempt);
  const issued = await inTransaction(uc, async (trx, audit) => {
    if (!(await repo.acceptTotpStep(trx, user.id, step, now.toISOString(), { failed_count: 0, first_failed_at: null })))
      return null;
    await ipSlot.release(trx);
    const stage = nextStage(user, settings, now, true);
    const session = await issueSession(trx, user, stage, meta, now, settings, resolved.session);
    if (stage === 'full') await completeLogin(trx, audit, user, now, session);
    return withExpiryWarning(session, user, settings, now);
  });
  if (issued) return issued;
  const fresh = await repo.findUserById(app.db.kysely, user.id);
  return refuse(fresh && isLocked(fresh, now) ? 'locked' : 'totp_replayed', attempt);
}

/**
 * Re-authentication inside a session (password change, voluntary TOTP enrolment): the current password is
 * checked like a sign-in attempt, reserved first; a wrong one counts toward lockout (AUTH-05) and is audited.
 */
async function reauthenticate(
  app: AppContext,
  resolved: ResolvedSession,
  meta: RequestMeta,
  password: string | undefined,
  extra?: () => Promise<void>,
): Promise<void> {
  const { user } = resolved;
  if (!password) throw errors.field('currentPassword', '请输入当前口令');
  const now = app.clock.now();
  const settings = await readSecuritySettings(app.db.kysely);
  const uc = { app, actor: resolved.actor, meta };
  const attempt = await reserveAttempt(app, user, settings, now);
  if (attempt === 'locked' || attempt > settings.lockout.threshold) {
    await refuseAttempt(uc, user, 'locked', settings, now, attempt === 'locked' ? undefined : attempt);
    throw errors.unauthenticated('账号暂不可用，请稍后重新登录');
  }
  if (!(await verifyPassword(password, user.password_hash, app.keys.pepper))) {
    await refuseAttempt(uc, user, 'reauth_password', settings, now, attempt);
    throw errors.field('currentPassword', '当前口令不正确');
  }
  if (extra) {
    try {
      await extra();
    } catch (e) {
      await refuseAttempt(uc, user, 'reauth_totp', settings, now, attempt);
      throw e;
    }
  }
  if (!(await repo.clearFailures(app.db.kysely, user.id, now.toISOString())))
    throw errors.unauthenticated('账号暂不可用，请稍后重新登录');
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  /** Required from a full session when the account has TOTP (AUTH-09). */
  otp?: string;
}

/** Forced (first login, expiry) or voluntary password change. Other sessions of the account end. */
export async function changePassword(
  app: AppContext,
  resolved: ResolvedSession,
  meta: RequestMeta,
  input: PasswordChange,
): Promise<IssuedSession> {
  requireStage(resolved, 'password_change', 'full');
  const { user } = resolved;
  const now = app.clock.now();
  const settings = await readSecuritySettings(app.db.kysely);
  // Set inside the re-authentication callback; an object so the type checker does not pin it to its initial null.
  const otp: { step: number | null } = { step: null };
  const needOtp = resolved.stage === 'full' && user.mfa_enabled === 1;
  await reauthenticate(
    app,
    resolved,
    meta,
    input.currentPassword,
    needOtp
      ? async () => {
          otp.step = input.otp
            ? matchTotp(app.fieldCrypto.decrypt(user.mfa_secret!, mfaAad(user.id)), input.otp, now)
            : null;
          if (otp.step === null || (user.mfa_last_step !== null && otp.step <= user.mfa_last_step))
            throw errors.field('otp', '请输入正确的动态口令');
        }
      : undefined,
  );
  const problems = passwordProblems(input.newPassword, user.username, settings.password);
  if (problems.length) throw errors.validation(problems.map((message) => ({ path: 'newPassword', message })));
  const history = [user.password_hash, ...(JSON.parse(user.password_history) as string[])].slice(
    0,
    settings.password.historySize,
  );
  for (const old of history) {
    if (await verifyPassword(input.newPassword, old, app.keys.pepper))
      throw errors.field('newPassword', `新口令不能与最近 ${settings.password.historySize} 次使用过的口令相同`);
  }
  const hash = await hashFor(app, input.newPassword);
  return inTransaction({ app, actor: resolved.actor, meta }, async (trx, audit) => {
    const step = otp.step;
    // The code is used once even if the same form is submitted twice in parallel.
    if (step !== null && !(await repo.acceptTotpStep(trx, user.id, step, now.toISOString())))
      throw errors.field('otp', '请输入正确的动态口令');
    const patch = {
      password_hash: hash,
      password_history: JSON.stringify(history),
      password_changed_at: now.toISOString(),
      must_change_password: 0,
      initial_password_expires_at: null,
      ...(step !== null ? { mfa_last_step: step } : {}),
    };
    await repo.updateUser(trx, user.id, patch);
    await repo.deleteUserSessions(trx, user.id, resolved.session.id_hash);
    const updated = { ...user, ...patch };
    const stage = nextStage(updated, settings, now, true);
    const issued = await issueSession(trx, updated, stage, meta, now, settings, resolved.session);
    if (stage === 'full' && resolved.stage !== 'full') await completeLogin(trx, audit, updated, now, issued);
    await audit({
      action: 'auth.password_changed',
      target: { type: 'user', id: user.id },
      reason: resolved.stage === 'full' ? 'voluntary' : 'forced',
    });
    return issued;
  });
}

/**
 * Starts TOTP enrolment: stores a fresh secret (encrypted, not yet active) and returns the otpauth URI. The
 * forced enrolment right after the password step needs nothing more; a voluntary one from a full session
 * needs the current password (a borrowed or stolen session must not bind its holder's authenticator).
 */
export async function startMfaEnrollment(
  app: AppContext,
  resolved: ResolvedSession,
  meta: RequestMeta,
  currentPassword?: string,
): Promise<{ uri: string; secret: string }> {
  requireStage(resolved, 'mfa_enroll', 'full');
  if (resolved.user.mfa_enabled === 1) throw errors.invalidState('已绑定动态口令；如需更换请联系安全管理员重置');
  if (resolved.stage === 'full') await reauthenticate(app, resolved, meta, currentPassword);
  // A pending secret is kept until confirmed: re-showing the page must not invalidate what was just scanned.
  if (resolved.user.mfa_secret) {
    const pending = app.fieldCrypto.decrypt(resolved.user.mfa_secret, mfaAad(resolved.user.id));
    return { uri: totpUri(pending, resolved.user.username, `事项通 ${app.config.jurisdiction.name}`), secret: pending };
  }
  const secret = newTotpSecret();
  await repo.updateUser(app.db.kysely, resolved.user.id, {
    mfa_secret: app.fieldCrypto.encrypt(secret, mfaAad(resolved.user.id)),
  });
  return { uri: totpUri(secret, resolved.user.username, `事项通 ${app.config.jurisdiction.name}`), secret };
}

/** Confirms enrolment with a first code from the authenticator app. */
export async function confirmMfaEnrollment(
  app: AppContext,
  resolved: ResolvedSession,
  meta: RequestMeta,
  code: string,
): Promise<IssuedSession> {
  requireStage(resolved, 'mfa_enroll', 'full');
  const fresh = await repo.findUserById(app.db.kysely, resolved.user.id);
  if (!fresh?.mfa_secret || fresh.mfa_enabled === 1) throw errors.invalidState('请先开始绑定动态口令');
  const now = app.clock.now();
  const step = matchTotp(app.fieldCrypto.decrypt(fresh.mfa_secret, mfaAad(fresh.id)), code.trim(), now);
  if (step === null) throw errors.field('code', '动态口令不正确，请核对手机时间后重试');
  const settings = await readSecuritySettings(app.db.kysely);
  return inTransaction({ app, actor: resolved.actor, meta }, async (trx, audit) => {
    await repo.updateUser(trx, fresh.id, { mfa_enabled: 1, mfa_last_step: step });
    const updated = { ...fresh, mfa_enabled: 1, mfa_last_step: step };
    const stage = nextStage(updated, settings, now, true);
    const issued = await issueSession(trx, updated, stage, meta, now, settings, resolved.session);
    if (stage === 'full' && resolved.stage !== 'full') await completeLogin(trx, audit, updated, now, issued);
    await audit({ action: 'auth.mfa_enrolled', target: { type: 'user', id: fresh.id } });
    return issued;
  });
}
