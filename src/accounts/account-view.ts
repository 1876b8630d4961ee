import type { Role } from '../auth/roles.js';
import type { UserRow } from './account.table.js';
import { parseRoles } from './acl.js';

/** An account as the API and console show it: never the verifier, the TOTP secret or the history. */
export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  roles: Role[];
  status: string;
  mfaEnabled: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  passwordChangedAt: string;
  createdAt: string;
}

export function presentAccount(u: UserRow): AccountView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    unitId: u.unit_id,
    roles: parseRoles(u.roles),
    status: u.status,
    mfaEnabled: u.mfa_enabled === 1,
    mustChangePassword: u.must_change_password === 1,
    lockedUntil: u.locked_until,
    lastLoginAt: u.last_login_at,
    passwordChangedAt: u.password_changed_at,
    createdAt: u.created_at,
  };
}

/** Usernames are compared trimmed and case-insensitively (AUTH-01). */
export const normalizeUsername = (name: string) => name.normalize('NFKC').trim().toLowerCase();
