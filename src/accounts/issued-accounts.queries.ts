import type { UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import type { Role } from '../auth/roles.js';
import { parseRoles } from './acl.js';

/** One account as the 审计管理员 sees it in the issuance list: who issued it, and who confirmed a 三员 one. */
export interface IssuedAccountView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  unitName: string | null;
  status: string;
  createdAt: string;
  /** The issuing account's name; null when issued on the server (`shixiang create-account`, demo seed). */
  issuedBy: string | null;
  /** Who confirmed a 三员 account issued in the console (a second 安全管理员, or the command line). */
  confirmedBy: string | null;
  mfaEnabled: boolean;
  lastLoginAt: string | null;
}

/**
 * 三员分立 (AC-07): the security administrator issues accounts, so the audit administrator gets the whole list
 * with the issuer next to each, newest first, to check every issuance against the requests on paper.
 */
export async function listIssuedAccounts(uc: UseCaseContext): Promise<IssuedAccountView[]> {
  authorize(uc.actor, 'audit.read');
  const rows = await uc.app.db.kysely
    .selectFrom('users as u')
    .leftJoin('users as issuer', 'issuer.id', 'u.created_by')
    .leftJoin('units', 'units.id', 'u.unit_id')
    .leftJoin('audit_log as confirmed', (j) =>
      j.onRef('confirmed.target_id', '=', 'u.id').on('confirmed.action', '=', 'account.confirmed'),
    )
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.roles',
      'u.status',
      'u.created_at',
      'u.mfa_enabled',
      'u.last_login_at',
      'units.name as unit_name',
      'issuer.display_name as issuer_name',
      'confirmed.actor_name as confirmed_by',
    ])
    .orderBy('u.created_at', 'desc')
    .orderBy('u.username')
    .limit(5000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: parseRoles(r.roles),
    unitName: r.unit_name,
    status: r.status,
    createdAt: r.created_at,
    issuedBy: r.issuer_name,
    confirmedBy: r.confirmed_by,
    mfaEnabled: r.mfa_enabled === 1,
    lastLoginAt: r.last_login_at,
  }));
}
