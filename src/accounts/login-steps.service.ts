import type { AppContext } from '../app/context.js';
import { inTransaction } from '../app/use-case.js';
import type { RequestMeta } from '../auth/actor.js';
import { AppError, errors } from '../shared/errors.js';
import * as repo from './account.repository.js';
import { hashFor } from './hashing.js';
import { verifyPassword } from './password-hash.js';
import { passwordProblems } from './password-policy.js';
import { readSecuritySettings } from './security-settings.js';
import { completeLogin, countFailure, issueSession, nextStage, withExpiryWarning, type IssuedSession, type ResolvedSession } from './session.service.js';
import { matchTotp, newTotpSecret, totpUri } from './totp.js';

const mfaAad = (userId: string) => `users.mfa_secret:${userId}`;

function requireStage(resolved: ResolvedSession, ...stages: ResolvedSession['stage'][]): void {
  if (!stages.includes(resolved.stage)) throw errors.invalidState('当前登录步骤不允许此操作', { stage: resolved.stage });
}

/** Second step of sign-in: the TOTP code. A wrong code counts toward lockout; a code is accepted once. */
export async function verifyMfa(app: AppContext, resolved: ResolvedSession, meta: RequestMeta, code: string): Promise<IssuedSession> {
  requireStage(resolved, 'mfa_pending');
  const { user } = resolved;
  const now = app.clock.now();
  const settings = await readSecuritySettings(app.db.kysely);
  const secret = app.fieldCrypto.decrypt(user.mfa_secret!, mfaAad(user.id));
  const step = matchTotp(secret, code.trim(), now);
  const uc = { app, actor: resolved.actor, meta };
  if (step === null || (user.mfa_last_step !== null && step <= user.mfa_last_step)) {
    await inTransaction(uc, async (trx, audit) => {
      await countFailure(trx, audit, user, settings, now);
      await audit({ action: 'auth.login_failed', result: 'failure', reason: step === null ? 'totp' : 'totp_replayed', target: { type: 'user', id: user.id } });
    });
    throw new AppError('UNAUTHENTICATED', '动态口令错误或已使用');
  }
  return inTransaction(uc, async (trx, audit) => {
    await repo.updateUser(trx, user.id, { mfa_last_step: step, failed_count: 0, first_failed_at: null });
    const stage = nextStage(user, settings, now, true);
    const issued = await issueSession(trx, user, stage, meta, now, settings, resolved.session);
    if (stage === 'full') await completeLogin(trx, audit, user, now);
    return withExpiryWarning(issued, user, settings, now);
  });
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  /** Required from a full session when the account has TOTP (AUTH-09). */
  otp?: string;
}

/** Forced (first login, expiry) or voluntary password change. Other sessions of the account end. */
export async function changePassword(app: AppContext, resolved: ResolvedSession, meta: RequestMeta, input: PasswordChange): Promise<IssuedSession> {
  requireStage(resolved, 'password_change', 'full');
  const { user } = resolved;
  const now = app.clock.now();
  const settings = await readSecuritySettings(app.db.kysely);
  if (!(await verifyPassword(input.currentPassword, user.password_hash, app.keys.pepper))) throw errors.field('currentPassword', '当前口令不正确');
  let otpStep: number | null = null;
  if (resolved.stage === 'full' && user.mfa_enabled === 1) {
    otpStep = input.otp ? matchTotp(app.fieldCrypto.decrypt(user.mfa_secret!, mfaAad(user.id)), input.otp, now) : null;
    if (otpStep === null || (user.mfa_last_step !== null && otpStep <= user.mfa_last_step)) throw errors.field('otp', '请输入正确的动态口令');
  }
  const problems = passwordProblems(input.newPassword, user.username, settings.password);
  if (problems.length) throw errors.validation(problems.map((message) => ({ path: 'newPassword', message })));
  const history = [user.password_hash, ...(JSON.parse(user.password_history) as string[])].slice(0, settings.password.historySize);
  for (const old of history) {
    if (await verifyPassword(input.newPassword, old, app.keys.pepper)) throw errors.field('newPassword', `新口令不能与最近 ${settings.password.historySize} 次使用过的口令相同`);
  }
  const hash = await hashFor(app, input.newPassword);
  return inTransaction({ app, actor: resolved.actor, meta }, async (trx, audit) => {
    const patch = {
      password_hash: hash,
      password_history: JSON.stringify(history),
      password_changed_at: now.toISOString(),
      must_change_password: 0,
      initial_password_expires_at: null,
      ...(otpStep !== null ? { mfa_last_step: otpStep } : {}),
    };
    await repo.updateUser(trx, user.id, patch);
    await repo.deleteUserSessions(trx, user.id, resolved.session.id_hash);
    await audit({ action: 'auth.password_changed', target: { type: 'user', id: user.id }, reason: resolved.stage === 'full' ? 'voluntary' : 'forced' });
    const updated = { ...user, ...patch };
    const stage = nextStage(updated, settings, now, true);
    const issued = await issueSession(trx, updated, stage, meta, now, settings, resolved.session);
    if (stage === 'full' && resolved.stage !== 'full') await completeLogin(trx, audit, updated, now);
    return issued;
  });
}

/** Starts TOTP enrolment: stores a fresh secret (encrypted, not yet active) and returns the otpauth URI. */
export async function startMfaEnrollment(app: AppContext, resolved: ResolvedSession): Promise<{ uri: string; secret: string }> {
  requireStage(resolved, 'mfa_enroll', 'full');
  if (resolved.user.mfa_enabled === 1) throw errors.invalidState('已绑定动态口令；如需更换请联系安全管理员重置');
  // A pending secret is kept until confirmed: re-showing the page must not invalidate what was just scanned.
  if (resolved.user.mfa_secret) {
    const pending = app.fieldCrypto.decrypt(resolved.user.mfa_secret, mfaAad(resolved.user.id));
    return { uri: totpUri(pending, resolved.user.username, `事项通 ${app.config.jurisdiction.name}`), secret: pending };
  }
  const secret = newTotpSecret();
  await repo.updateUser(app.db.kysely, resolved.user.id, { mfa_secret: app.fieldCrypto.encrypt(secret, mfaAad(resolved.user.id)) });
  return { uri: totpUri(secret, resolved.user.username, `事项通 ${app.config.jurisdiction.name}`), secret };
}

/** Confirms enrolment with a first code from the authenticator app. */
export async function confirmMfaEnrollment(app: AppContext, resolved: ResolvedSession, meta: RequestMeta, code: string): Promise<IssuedSession> {
  requireStage(resolved, 'mfa_enroll', 'full');
  const fresh = await repo.findUserById(app.db.kysely, resolved.user.id);
  if (!fresh?.mfa_secret || fresh.mfa_enabled === 1) throw errors.invalidState('请先开始绑定动态口令');
  const now = app.clock.now();
  const step = matchTotp(app.fieldCrypto.decrypt(fresh.mfa_secret, mfaAad(fresh.id)), code.trim(), now);
  if (step === null) throw errors.field('code', '动态口令不正确，请核对手机时间后重试');
  const settings = await readSecuritySettings(app.db.kysely);
  return inTransaction({ app, actor: resolved.actor, meta }, async (trx, audit) => {
    await repo.updateUser(trx, fresh.id, { mfa_enabled: 1, mfa_last_step: step });
    await audit({ action: 'auth.mfa_enrolled', target: { type: 'user', id: fresh.id } });
    const updated = { ...fresh, mfa_enabled: 1, mfa_last_step: step };
    const stage = nextStage(updated, settings, now, true);
    const issued = await issueSession(trx, updated, stage, meta, now, settings, resolved.session);
    if (stage === 'full' && resolved.stage !== 'full') await completeLogin(trx, audit, updated, now);
    return issued;
  });
}
