import { createHmac } from 'node:crypto';
import { isRole, type Role } from '../auth/roles.js';
import { safeEqual } from '../crypto/sm.js';
import type { UserRow } from './account.table.js';

/**
 * Integrity of access-control data (密评 8.4 b, CRY-07): every grant row carries HMAC-SM3 over
 * (id, unit, roles, status). A grant edited directly in the database no longer verifies, and the account
 * is refused until an administrator re-issues the grant through the application.
 */
type AclFields = Pick<UserRow, 'id' | 'unit_id' | 'roles' | 'status'>;

function aclKey(auditKey: Buffer): Buffer {
  return createHmac('sm3', auditKey).update('acl-integrity').digest();
}

export function aclMac(auditKey: Buffer, u: AclFields): string {
  return createHmac('sm3', aclKey(auditKey))
    .update([u.id, u.unit_id ?? '', u.roles, u.status].join('|'))
    .digest('hex');
}

export function aclIntact(auditKey: Buffer, u: AclFields & { acl_mac: string }): boolean {
  return safeEqual(aclMac(auditKey, u), u.acl_mac);
}

export const serializeRoles = (roles: readonly Role[]) => [...roles].sort().join(',');
export const parseRoles = (text: string): Role[] => text.split(',').filter(isRole);
