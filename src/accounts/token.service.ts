import { randomBytes } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import type { Actor } from '../auth/actor.js';
import { actionsAllowed, authorize, isAction, type Action } from '../auth/policy.js';
import { ADMIN_ROLES } from '../auth/roles.js';
import { sm3Hex } from '../crypto/sm.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { aclIntact, parseRoles } from './acl.js';
import { isExpired, isLocked } from './session.service.js';
import type { ApiTokenRow } from './account.table.js';
import * as repo from './account.repository.js';

/**
 * API tokens for machine clients (a unit's own online-handling system, the portal integration): bound to
 * an owner account whose roles cap what the token can do, narrowed further by scopes; stored as SM3
 * hashes; shown once; revocable.
 */
export interface TokenView {
  id: string;
  name: string;
  userId: string;
  prefix: string;
  scopes: Action[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const present = (r: ApiTokenRow): TokenView => ({
  id: r.id,
  name: r.name,
  userId: r.user_id,
  prefix: r.prefix,
  scopes: JSON.parse(r.scopes),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export async function issueToken(
  uc: UseCaseContext,
  input: { name: string; userId: string; scopes: string[]; expiresAt?: string },
): Promise<{ token: string; view: TokenView }> {
  authorize(uc.actor, 'token.manage');
  const scopes = input.scopes.filter(isAction);
  const unknown = input.scopes.filter((s) => !isAction(s));
  if (unknown.length) throw errors.field('scopes', `未知的权限：${unknown.join(', ')}`);
  return inTransaction(uc, async (trx, audit) => {
    const owner = await repo.findUserById(trx, input.userId);
    if (!owner || owner.status !== 'active') throw errors.field('userId', '令牌所属账号不存在或已停用');
    const ownerRoles = parseRoles(owner.roles);
    // The three administrators act only through their own interface with a second factor (8.1.5.x a).
    if (ownerRoles.some((r) => ADMIN_ROLES.includes(r)))
      throw errors.field('userId', '三员（系统、安全、审计管理员）账号不能签发 API 令牌');
    const allowed = actionsAllowed(ownerRoles);
    const beyond = scopes.filter((s) => !allowed.includes(s));
    if (beyond.length) throw errors.field('scopes', `超出所属账号角色的权限：${beyond.join(', ')}`);
    const token = `sxt_${randomBytes(30).toString('base64url')}`;
    const row: ApiTokenRow = {
      id: newId(),
      name: input.name,
      user_id: owner.id,
      token_hash: sm3Hex(token),
      prefix: token.slice(0, 10),
      scopes: JSON.stringify(input.scopes),
      created_at: uc.app.clock.now().toISOString(),
      created_by: uc.actor.id,
      expires_at: input.expiresAt ?? null,
      last_used_at: null,
      revoked_at: null,
    };
    await repo.insertToken(trx, row);
    await audit({
      action: 'token.issued',
      target: { type: 'api_token', id: row.id },
      details: { name: row.name, owner: owner.id, scopes: input.scopes },
    });
    return { token, view: present(row) };
  });
}

export async function revokeToken(uc: UseCaseContext, id: string): Promise<TokenView> {
  authorize(uc.actor, 'token.manage');
  return inTransaction(uc, async (trx, audit) => {
    const row = await repo.findToken(trx, id);
    if (!row) throw errors.notFound('令牌');
    const revoked_at = row.revoked_at ?? uc.app.clock.now().toISOString();
    await repo.setTokenRevoked(trx, id, revoked_at);
    await audit({ action: 'token.revoked', target: { type: 'api_token', id } });
    return present({ ...row, revoked_at });
  });
}

export async function listTokens(uc: UseCaseContext): Promise<TokenView[]> {
  authorize(uc.actor, 'token.manage');
  return (await repo.listTokens(uc.app.db.kysely)).map(present);
}

/**
 * The actor for a bearer token, or null when unknown, revoked, expired, or its owner is unusable: disabled,
 * past its `expires_at` date, locked, or with a tampered grant.
 */
export async function resolveToken(app: AppContext, token: string): Promise<Actor | null> {
  if (!token.startsWith('sxt_')) return null;
  const db = app.db.kysely;
  const row = await repo.findTokenByHash(db, sm3Hex(token));
  const now = app.clock.now().toISOString();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at < now)) return null;
  const owner = await repo.findUserById(db, row.user_id);
  const at = app.clock.now();
  if (
    !owner ||
    owner.status !== 'active' ||
    isExpired(owner, at) ||
    isLocked(owner, at) ||
    !aclIntact(app.keys.audit, owner)
  )
    return null;
  if (!row.last_used_at || row.last_used_at.slice(0, 13) !== now.slice(0, 13)) {
    await repo.touchToken(db, row.id, now);
  }
  return {
    kind: 'token',
    id: owner.id,
    name: `${owner.display_name}（令牌 ${row.name}）`,
    roles: parseRoles(owner.roles),
    unitId: owner.unit_id,
    scopes: JSON.parse(row.scopes),
  };
}
