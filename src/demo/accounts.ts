import fs from 'node:fs';
import path from 'node:path';
import { findUserByUsername } from '../accounts/account.repository.js';
import { createAccount, issueAccount } from '../accounts/account.service.js';
import { actorFor } from '../accounts/session.service.js';
import type { UseCaseContext } from '../app/use-case.js';
import { ROLES, type Role } from '../auth/roles.js';

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  unitName: string | null;
  password: string;
  /** A 三员 account issued in the console, awaiting a second administrator's confirmation. */
  pending?: boolean;
}

/**
 * One demo account per role. Passwords are random one-time passwords (never a default): printed once by
 * `npm start` and written to DATA_DIR/demo-accounts.txt, readable only by its owner. At first sign-in every
 * account binds TOTP (the one-time password was in the issuer's hands), then changes its password. Issued
 * on the server (the CLI path), so the administrators are active at once; a deputy audit administrator
 * issued by the security administrator in the console shows the pending confirmation (三员分立).
 */
export async function issueDemoAccounts(
  uc: UseCaseContext,
  units: { clerkUnit: { id: string; name: string }; reviewUnit: { id: string; name: string } },
): Promise<DemoAccount[]> {
  const specs: Array<{
    username: string;
    displayName: string;
    roles: Role[];
    unit: { id: string; name: string } | null;
  }> = [
    { username: 'clerk', displayName: '李明（经办人）', roles: ['unit_clerk'], unit: units.clerkUnit },
    { username: 'clerk2', displayName: '赵静（经办人）', roles: ['unit_clerk'], unit: units.reviewUnit },
    { username: 'reviewer', displayName: '王强（单位负责人）', roles: ['unit_reviewer'], unit: units.reviewUnit },
    { username: 'verifier', displayName: '张华（中心核验员）', roles: ['verifier'], unit: null },
    { username: 'publisher', displayName: '陈芳（中心发布员）', roles: ['publisher'], unit: null },
    { username: 'supervisor', displayName: '刘洋（管理局督查员）', roles: ['supervisor'], unit: null },
    { username: 'sysadmin', displayName: '系统管理员', roles: ['sysadmin'], unit: null },
    { username: 'secadmin', displayName: '安全管理员', roles: ['secadmin'], unit: null },
    { username: 'auditadmin', displayName: '审计管理员', roles: ['auditadmin'], unit: null },
  ];
  const issued: DemoAccount[] = [];
  for (const s of specs) {
    const { initialPassword } = await issueAccount(uc, {
      username: s.username,
      displayName: s.displayName,
      unitId: s.unit?.id ?? null,
      roles: s.roles,
    });
    issued.push({
      username: s.username,
      displayName: s.displayName,
      roles: s.roles,
      unitName: s.unit?.name ?? null,
      password: initialPassword,
    });
  }
  const sec = await findUserByUsername(uc.app.db.kysely, 'secadmin');
  const deputy = { username: 'auditadmin2', displayName: '审计管理员（B 角）', roles: ['auditadmin'] as Role[] };
  const { initialPassword } = await createAccount({ ...uc, actor: actorFor(sec!) }, { ...deputy, unitId: null });
  issued.push({ ...deputy, unitName: null, password: initialPassword, pending: true });
  return issued;
}

export function accountsTable(accounts: DemoAccount[]): string {
  return accounts
    .map(
      (a) =>
        `  ${a.username.padEnd(11)} ${a.password}   ${a.roles.map((r) => ROLES[r]).join('、')}${a.unitName ? `（${a.unitName}）` : ''}${a.pending ? '（待确认：由 secadmin 在控制台开设，须另一名安全管理员确认或运行 shixiang confirm-account --username auditadmin2）' : ''}`,
    )
    .join('\n');
}

/** Writes the one-time passwords to a file only the owner can read (0600). */
export function writeAccountsFile(dataDir: string, accounts: DemoAccount[], url: string): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'demo-accounts.txt');
  const text = `事项通演示账号（一次性初始口令：首次登录先绑定动态口令，再修改口令）\n${url}/console/login\n\n${accountsTable(accounts)}\n`;
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return file;
}
