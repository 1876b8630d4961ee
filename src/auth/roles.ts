import { codesOf } from '../domain/enums.js';

/**
 * Roles (Art. 5, 6, 9; 等保 三员分立). An account holds one or more business roles, or exactly one of the
 * three administrator roles, never a mix (AC-06). Unit roles need the account's unit.
 *
 * WARNING: role codes are persisted in `user_roles` and in audit records. Add roles; never rename one.
 */
export const ROLES = {
  unit_clerk: '单位经办人',
  unit_reviewer: '单位负责人',
  verifier: '中心核验员',
  publisher: '中心发布员',
  supervisor: '管理局督查员',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditadmin: '审计管理员',
} as const;
export type Role = keyof typeof ROLES;

export const UNIT_ROLES: readonly Role[] = ['unit_clerk', 'unit_reviewer'];
export const CENTRE_ROLES: readonly Role[] = ['verifier', 'publisher'];
export const ADMIN_ROLES: readonly Role[] = ['sysadmin', 'secadmin', 'auditadmin'];
export const ALL_ROLES = codesOf(ROLES);

export const isRole = (r: string): r is Role => r in ROLES;

/** Roles whose accounts must present a second factor (TOTP) at every login. */
export const MFA_REQUIRED_ROLES: readonly Role[] = [
  'verifier',
  'publisher',
  'supervisor',
  'sysadmin',
  'secadmin',
  'auditadmin',
];

/**
 * Why a set of roles cannot be held by one account, or null when it can. The three administrators hold
 * no business rights and no other administrator role; unit roles require a unit and centre/bureau roles
 * must not have one.
 */
export function roleSetProblem(roles: readonly Role[], unitId: string | null): string | null {
  if (roles.length === 0) return '至少需要一个角色';
  if (new Set(roles).size !== roles.length) return '角色重复';
  const admin = roles.filter((r) => ADMIN_ROLES.includes(r));
  if (admin.length > 0 && roles.length > 1)
    return '三员（系统管理员、安全管理员、审计管理员）角色互斥，且不得兼任业务角色';
  const unitRoles = roles.filter((r) => UNIT_ROLES.includes(r));
  if (unitRoles.length > 0 && !unitId) return '单位角色必须属于某个实施单位';
  if (unitRoles.length > 0 && unitRoles.length !== roles.length) return '单位角色不得与中心、管理局角色兼任';
  if (unitRoles.length === 0 && unitId) return '中心、管理局及管理员账号不属于实施单位';
  return null;
}
