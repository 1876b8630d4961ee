import { findUnit } from '../units/unit.repository.js';
import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import { ADMIN_ROLES, roleSetProblem, type Role } from '../auth/roles.js';
import { newId } from '../shared/ids.js';
import { errors } from '../shared/errors.js';
import { normalizeUsername, presentAccount, type AccountView } from './account-view.js';
import type { UserRow } from './account.table.js';
import * as repo from './account.repository.js';
import { aclMac, parseRoles, serializeRoles } from './acl.js';
import { hashFor } from './hashing.js';
import { generateInitialPassword } from './initial-password.js';
import { readSecuritySettings, type SecuritySettings } from './security-settings.js';
import { idleLimitMs } from './session.service.js';

export interface NewAccount {
  username: string;
  displayName: string;
  unitId: string | null;
  roles: Role[];
  phone?: string;
  email?: string;
}

export interface IssuedAccount {
  account: AccountView;
  /** Shown once to the issuer; never stored in plain text, expires after `initialPasswordHours`. */
  initialPassword: string;
}

/**
 * Account issuance (Art. 9): the security administrator opens an account for a unit (or the centre/bureau)
 * with a one-time initial password. The three administrators cannot grant themselves anything: an
 * administrator role can only be issued to a new account, never added to an existing one.
 */
export async function createAccount(uc: UseCaseContext, input: NewAccount): Promise<IssuedAccount> {
  authorize(uc.actor, 'account.manage');
  // 三员分立: the security administrator alone must not be able to create an administrator (an auditor, say)
  // and use it. Such an account waits for a second administrator's confirmation (`confirmAccount`).
  return issueAccount(uc, input, { pending: isAdminAccount(input.roles) });
}

/**
 * Issuance without the permission check: used by the bootstrap command and the demo seed only (running it
 * on the server counts as the confirmation a 三员 account issued in the console needs).
 */
export async function issueAccount(
  uc: UseCaseContext,
  input: NewAccount,
  opts: { pending?: boolean } = {},
): Promise<IssuedAccount> {
  const username = normalizeUsername(input.username);
  if (!/^[a-z0-9][a-z0-9._-]{2,49}$/.test(username))
    throw errors.field('username', '用户名为 3–50 位小写字母、数字或 . _ -');
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 100) throw errors.field('displayName', '姓名为 1–100 个字符');
  const problem = roleSetProblem(input.roles, input.unitId);
  if (problem) throw errors.field('roles', problem);
  const { app } = uc;
  const now = app.clock.now();
  const settings = await readSecuritySettings(app.db.kysely);
  const initialPassword = generateInitialPassword();
  const hash = await hashFor(app, initialPassword);
  return inTransaction(uc, async (trx, audit) => {
    if (await repo.findUserByUsername(trx, username)) throw errors.duplicate('用户名已存在', 'username');
    if (input.unitId) {
      const unit = await findUnit(trx, input.unitId);
      if (!unit) throw errors.field('unitId', '实施单位不存在');
    }
    const id = newId();
    const roles = serializeRoles(input.roles);
    const status = opts.pending ? 'pending' : 'active';
    const row: UserRow = {
      id,
      username,
      display_name: displayName,
      unit_id: input.unitId,
      roles,
      status,
      acl_mac: aclMac(app.keys.audit, { id, unit_id: input.unitId, roles, status }),
      password_hash: hash,
      password_history: '[]',
      password_changed_at: now.toISOString(),
      must_change_password: 1,
      initial_password_expires_at: new Date(now.getTime() + settings.initialPasswordHours * 3_600_000).toISOString(),
      failed_count: 0,
      first_failed_at: null,
      locked_until: null,
      mfa_secret: null,
      mfa_enabled: 0,
      mfa_last_step: null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      last_login_at: null,
      expires_at: null,
      lock_version: 1,
      created_at: now.toISOString(),
      created_by: uc.actor.id,
      updated_at: now.toISOString(),
    };
    await repo.insertUser(trx, row);
    await audit({
      action: 'account.created',
      target: { type: 'user', id },
      after: { username, roles, unitId: input.unitId },
      details: { username, roles: input.roles, unitId: input.unitId, ...(opts.pending ? { status } : {}) },
    });
    return { account: presentAccount(row), initialPassword };
  });
}

/**
 * A second security administrator confirms a 三员 account issued in the console, which makes it usable.
 * The issuer cannot confirm their own issuance (refused and audited).
 */
export async function confirmAccount(uc: UseCaseContext, userId: string): Promise<AccountView> {
  authorize(uc.actor, 'account.manage');
  const user = await repo.findUserById(uc.app.db.kysely, userId);
  if (!user) throw errors.notFound('账号');
  if (user.status === 'pending' && (user.created_by === uc.actor.id || user.id === uc.actor.id)) {
    await inTransaction(uc, (_trx, audit) =>
      audit({
        action: 'auth.denied',
        result: 'failure',
        reason: 'own_issuance',
        target: { type: 'user', id: user.id },
        details: { action: 'account.confirm' },
      }),
    );
    throw errors.forbidden(
      '开设者不能确认本人开设的管理员账号：须由另一名安全管理员确认，或在服务器上运行 shixiang confirm-account',
    );
  }
  return activatePending(uc, user);
}

/** Server-side confirmation (`shixiang confirm-account`): whoever runs it has shell access; audited as the CLI. */
export async function confirmAccountOnServer(uc: UseCaseContext, username: string): Promise<AccountView> {
  const user = await repo.findUserByUsername(uc.app.db.kysely, normalizeUsername(username));
  if (!user) throw errors.notFound('账号');
  return activatePending(uc, user);
}

async function activatePending(uc: UseCaseContext, user: UserRow): Promise<AccountView> {
  if (user.status !== 'pending') throw errors.invalidState('该账号不是待确认的账号');
  return inTransaction(uc, async (trx, audit) => {
    const acl_mac = aclMac(uc.app.keys.audit, { ...user, status: 'active' });
    const patch = {
      status: 'active',
      acl_mac,
      updated_at: uc.app.clock.now().toISOString(),
      lock_version: user.lock_version + 1,
    };
    // Guarded: two confirmations racing each other are one confirmation.
    if (!(await repo.updateUserIfStatus(trx, user.id, 'pending', patch)))
      throw errors.invalidState('该账号不是待确认的账号');
    await audit({
      action: 'account.confirmed',
      target: { type: 'user', id: user.id },
      details: { issuedBy: user.created_by, roles: parseRoles(user.roles) },
    });
    return presentAccount({ ...user, ...patch });
  });
}

async function loadForAdmin(
  uc: UseCaseContext,
  userId: string,
  trx: Parameters<typeof repo.findUserById>[0],
): Promise<UserRow> {
  const user = await repo.findUserById(trx, userId);
  if (!user) throw errors.notFound('账号');
  if (user.id === uc.actor.id) throw errors.forbidden('不能变更本人账号的状态或角色');
  return user;
}

export const isAdminAccount = (roles: readonly Role[]) => roles.some((r) => ADMIN_ROLES.includes(r));

/**
 * 三员 separation (AC-06, AC-07; 8.1.5): the 安全管理员 administers business accounts only. Changing another
 * administrator's status, roles, password, TOTP, lock or sessions would let one administrator take over
 * another's interface (a reset password is shown to the one who resets it), so every such action is refused
 * and audited; nor can anyone administer their own account. Administrator accounts are recovered on the
 * server with `shixiang reset-account` (`recoverAccount`). Runs before the use case's transaction, so that
 * the refusal's audit record is committed.
 */
async function assertManageable(uc: UseCaseContext, userId: string, what: string): Promise<void> {
  const user = await repo.findUserById(uc.app.db.kysely, userId);
  if (!user) throw errors.notFound('账号');
  const self = user.id === uc.actor.id;
  const admin = isAdminAccount(parseRoles(user.roles));
  if (!self && !admin) return;
  await inTransaction(uc, (_trx, audit) =>
    audit({
      action: 'auth.denied',
      result: 'failure',
      reason: self ? 'own_account' : 'administrator_account',
      target: { type: 'user', id: user.id },
      details: { action: what },
    }),
  );
  throw errors.forbidden(
    self
      ? '不能变更本人账号的状态、角色、口令或会话'
      : '三员（系统、安全、审计管理员）账号不能在管理界面变更；口令、动态口令和锁定由服务器上的命令行 shixiang reset-account 处理',
  );
}

/** Disables or re-enables an account; disabling ends its sessions at once (SESS-05). Never deletes. */
export async function setAccountStatus(
  uc: UseCaseContext,
  userId: string,
  status: 'active' | 'disabled',
): Promise<AccountView> {
  authorize(uc.actor, 'account.manage');
  await assertManageable(uc, userId, `account.${status === 'disabled' ? 'disable' : 'enable'}`);
  return inTransaction(uc, async (trx, audit) => {
    const user = await loadForAdmin(uc, userId, trx);
    const acl_mac = aclMac(uc.app.keys.audit, { ...user, status });
    await repo.updateUser(trx, user.id, {
      status,
      acl_mac,
      updated_at: uc.app.clock.now().toISOString(),
      lock_version: user.lock_version + 1,
    });
    if (status === 'disabled') await repo.deleteUserSessions(trx, user.id);
    await audit({
      action: status === 'disabled' ? 'account.disabled' : 'account.enabled',
      target: { type: 'user', id: user.id },
    });
    return presentAccount({ ...user, status, acl_mac });
  });
}

/** Changes business roles; sessions end so the new rights apply from the next sign-in (SESS-05). */
export async function setAccountRoles(uc: UseCaseContext, userId: string, roles: Role[]): Promise<AccountView> {
  authorize(uc.actor, 'account.manage');
  await assertManageable(uc, userId, 'account.roles');
  return inTransaction(uc, async (trx, audit) => {
    const user = await loadForAdmin(uc, userId, trx);
    const current = user.roles.split(',') as Role[];
    if (
      [...current, ...roles].some((r) => ADMIN_ROLES.includes(r)) &&
      serializeRoles(current) !== serializeRoles(roles)
    ) {
      throw errors.field('roles', '管理员（三员）账号的角色不能变更，也不能授予已有账号；请开设新账号');
    }
    const problem = roleSetProblem(roles, user.unit_id);
    if (problem) throw errors.field('roles', problem);
    const serialized = serializeRoles(roles);
    const acl_mac = aclMac(uc.app.keys.audit, { ...user, roles: serialized });
    await repo.updateUser(trx, user.id, {
      roles: serialized,
      acl_mac,
      updated_at: uc.app.clock.now().toISOString(),
      lock_version: user.lock_version + 1,
    });
    await repo.deleteUserSessions(trx, user.id);
    await audit({
      action: 'account.roles_changed',
      target: { type: 'user', id: user.id },
      details: { before: current, after: roles },
    });
    return presentAccount({ ...user, roles: serialized, acl_mac });
  });
}

/**
 * Moves a unit account to another (active) unit, e.g. after its unit was merged (Art. 18(三)); sessions end so the
 * new unit scope applies from the next sign-in.
 */
export async function setAccountUnit(uc: UseCaseContext, userId: string, unitId: string): Promise<AccountView> {
  authorize(uc.actor, 'account.manage');
  await assertManageable(uc, userId, 'account.unit');
  return inTransaction(uc, async (trx, audit) => {
    const user = await loadForAdmin(uc, userId, trx);
    if (!user.unit_id) throw errors.invalidState('该账号不属于实施单位');
    const unit = await findUnit(trx, unitId);
    if (!unit?.active) throw errors.field('unitId', '实施单位不存在或已撤并');
    const acl_mac = aclMac(uc.app.keys.audit, { ...user, unit_id: unitId });
    await repo.updateUser(trx, user.id, {
      unit_id: unitId,
      acl_mac,
      updated_at: uc.app.clock.now().toISOString(),
      lock_version: user.lock_version + 1,
    });
    await repo.deleteUserSessions(trx, user.id);
    await audit({
      action: 'account.unit_changed',
      target: { type: 'user', id: user.id },
      details: { before: user.unit_id, after: unitId },
    });
    return presentAccount({ ...user, unit_id: unitId, acl_mac });
  });
}

/** New one-time password (forgotten password); the account must change it at next sign-in. */
export async function resetPassword(uc: UseCaseContext, userId: string): Promise<IssuedAccount> {
  authorize(uc.actor, 'account.manage');
  await assertManageable(uc, userId, 'account.reset_password');
  const initialPassword = generateInitialPassword();
  const hash = await hashFor(uc.app, initialPassword);
  const settings = await readSecuritySettings(uc.app.db.kysely);
  const now = uc.app.clock.now();
  return inTransaction(uc, async (trx, audit) => {
    const user = await loadForAdmin(uc, userId, trx);
    const patch = { ...passwordResetPatch(user, hash, settings, now), ...unlockPatch };
    await repo.updateUser(trx, user.id, patch);
    await repo.deleteUserSessions(trx, user.id);
    await audit({ action: 'auth.password_reset', target: { type: 'user', id: user.id } });
    return { account: presentAccount({ ...user, ...patch }), initialPassword };
  });
}

function passwordResetPatch(user: UserRow, hash: string, settings: SecuritySettings, now: Date) {
  return {
    password_hash: hash,
    must_change_password: 1,
    password_changed_at: now.toISOString(),
    initial_password_expires_at: new Date(now.getTime() + settings.initialPasswordHours * 3_600_000).toISOString(),
    password_history: JSON.stringify(
      [user.password_hash, ...(JSON.parse(user.password_history) as string[])].slice(0, settings.password.historySize),
    ),
  };
}

const mfaResetPatch = { mfa_enabled: 0, mfa_secret: null, mfa_last_step: null };
const unlockPatch = { locked_until: null, failed_count: 0, first_failed_at: null };

/**
 * Server-side recovery of an account (`shixiang reset-account`), the only way to recover a 三员 account
 * (AC-06): a new one-time password, optionally lifting a lockout and clearing the TOTP binding. Sessions end.
 * No permission check: whoever runs it has shell access to the server; it is audited with the CLI actor.
 */
export async function recoverAccount(
  uc: UseCaseContext,
  username: string,
  opts: { unlock?: boolean; resetMfa?: boolean } = {},
): Promise<IssuedAccount> {
  const initialPassword = generateInitialPassword();
  const hash = await hashFor(uc.app, initialPassword);
  const settings = await readSecuritySettings(uc.app.db.kysely);
  const now = uc.app.clock.now();
  return inTransaction(uc, async (trx, audit) => {
    const user = await repo.findUserByUsername(trx, normalizeUsername(username));
    if (!user) throw errors.notFound('账号');
    const patch = {
      ...passwordResetPatch(user, hash, settings, now),
      ...(opts.unlock ? unlockPatch : {}),
      ...(opts.resetMfa ? mfaResetPatch : {}),
    };
    await repo.updateUser(trx, user.id, patch);
    const ended = await repo.deleteUserSessions(trx, user.id);
    const target = { type: 'user', id: user.id };
    await audit({ action: 'auth.password_reset', target, reason: 'cli', details: { endedSessions: ended } });
    if (opts.unlock)
      await audit({ action: 'auth.unlocked', target, reason: 'cli', details: { lockedUntil: user.locked_until } });
    if (opts.resetMfa) await audit({ action: 'auth.mfa_reset', target, reason: 'cli' });
    return { account: presentAccount({ ...user, ...patch }), initialPassword };
  });
}

/** Lifts a lockout before it expires (AUTH-05: audited). */
export async function unlockAccount(uc: UseCaseContext, userId: string): Promise<AccountView> {
  authorize(uc.actor, 'account.manage');
  await assertManageable(uc, userId, 'account.unlock');
  return inTransaction(uc, async (trx, audit) => {
    const user = await loadForAdmin(uc, userId, trx);
    await repo.updateUser(trx, user.id, unlockPatch);
    await audit({ action: 'auth.unlocked', target: { type: 'user', id: user.id } });
    return presentAccount({ ...user, locked_until: null });
  });
}

/** Clears a lost authenticator; the account enrols again at next sign-in. */
export async function resetMfa(uc: UseCaseContext, userId: string): Promise<AccountView> {
  authorize(uc.actor, 'account.manage');
  await assertManageable(uc, userId, 'account.reset_mfa');
  return inTransaction(uc, async (trx, audit) => {
    const user = await loadForAdmin(uc, userId, trx);
    await repo.updateUser(trx, user.id, mfaResetPatch);
    await repo.deleteUserSessions(trx, user.id);
    await audit({ action: 'auth.mfa_reset', target: { type: 'user', id: user.id } });
    return presentAccount({ ...user, mfa_enabled: 0 });
  });
}

/**
 * A session as the security administrator sees it (SESS-06): when and from where, never its id. `ref` is the
 * first 16 hex digits of the id's SM3 digest, the same `session_ref` the audit records carry, so an auditor
 * can follow a session; it cannot be turned back into a cookie.
 */
export interface SessionView {
  ref: string;
  stage: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

const sessionRef = (idHash: string) => idHash.slice(0, 16);

/** The account's live sessions, newest first (idle- or absolutely expired ones are left out). */
export async function listAccountSessions(uc: UseCaseContext, userId: string): Promise<SessionView[]> {
  authorize(uc.actor, 'account.manage');
  const db = uc.app.db.kysely;
  const user = await repo.findUserById(db, userId);
  if (!user) throw errors.notFound('账号');
  const now = uc.app.clock.now();
  const idleBefore = new Date(now.getTime() - idleLimitMs(user, await readSecuritySettings(db))).toISOString();
  return (await repo.listUserSessions(db, user.id))
    .filter((r) => r.expires_at > now.toISOString() && r.last_seen_at >= idleBefore)
    .map((r) => ({
      ref: sessionRef(r.id_hash),
      stage: r.stage,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      ip: r.ip,
      userAgent: r.user_agent,
    }));
}

/**
 * Ends one session of the account (`ref`) or all of them (SESS-06), audited as `auth.sessions_ended`. Like
 * every account action, refused on one's own and on a 三员 account.
 */
export async function endAccountSessions(uc: UseCaseContext, userId: string, ref?: string): Promise<number> {
  authorize(uc.actor, 'account.manage');
  await assertManageable(uc, userId, 'account.end_sessions');
  return inTransaction(uc, async (trx, audit) => {
    const user = await loadForAdmin(uc, userId, trx);
    let ended: number;
    if (ref) {
      const session = (await repo.listUserSessions(trx, user.id)).find((r) => sessionRef(r.id_hash) === ref);
      if (!session) throw errors.notFound('会话');
      ended = (await repo.deleteSession(trx, session.id_hash)) ? 1 : 0;
    } else {
      ended = await repo.deleteUserSessions(trx, user.id);
    }
    await audit({
      action: 'auth.sessions_ended',
      target: { type: 'user', id: user.id },
      reason: 'admin',
      details: { ended, ...(ref ? { sessionRef: ref } : { all: true }) },
    });
    return ended;
  });
}

export async function listAccounts(uc: UseCaseContext, filter: repo.UserListFilter): Promise<AccountView[]> {
  authorize(uc.actor, 'account.manage');
  return (await repo.listUsers(uc.app.db.kysely, filter)).map(presentAccount);
}

/** One account, for the security administrator's account page. */
export async function getAccount(uc: UseCaseContext, userId: string): Promise<AccountView> {
  authorize(uc.actor, 'account.manage');
  const user = await repo.findUserById(uc.app.db.kysely, userId);
  if (!user) throw errors.notFound('账号');
  return presentAccount(user);
}

/**
 * AUTH-11: accounts not used for `dormantDays` (counted from the last sign-in, or from issuance when never
 * used) are disabled, their sessions ended, each audited. Run by the housekeeping job.
 */
export async function disableDormantAccounts(uc: UseCaseContext): Promise<number> {
  const settings = await readSecuritySettings(uc.app.db.kysely);
  if (settings.dormantDays <= 0) return 0;
  const cutoff = new Date(uc.app.clock.now().getTime() - settings.dormantDays * 86_400_000).toISOString();
  const dormant = await repo.listDormant(uc.app.db.kysely, cutoff);
  for (const user of dormant) {
    await inTransaction(uc, async (trx, audit) => {
      const acl_mac = aclMac(uc.app.keys.audit, { ...user, status: 'disabled' });
      await repo.updateUser(trx, user.id, {
        status: 'disabled',
        acl_mac,
        updated_at: uc.app.clock.now().toISOString(),
        lock_version: user.lock_version + 1,
      });
      await repo.deleteUserSessions(trx, user.id);
      await audit({
        action: 'account.disabled',
        target: { type: 'user', id: user.id },
        reason: 'dormant',
        details: { lastLoginAt: user.last_login_at, dormantDays: settings.dormantDays },
      });
    });
  }
  return dormant.length;
}
