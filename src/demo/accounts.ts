import fs from 'node:fs';
import path from 'node:path';
import { issueAccount } from '../accounts/account.service.js';
import type { UseCaseContext } from '../app/use-case.js';
import { ROLES, type Role } from '../auth/roles.js';

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  unitName: string | null;
  password: string;
}

/**
 * One demo account per role. Passwords are random one-time passwords (never a default): printed once by
 * `npm start` and written to DATA_DIR/demo-accounts.txt, readable only by its owner. Every account must
 * change its password at first sign-in; centre, bureau and administrator accounts also enrol TOTP.
 */
export async function issueDemoAccounts(uc: UseCaseContext, units: { clerkUnit: { id: string; name: string }; reviewUnit: { id: string; name: string } }): Promise<DemoAccount[]> {
  const specs: Array<{ username: string; displayName: string; roles: Role[]; unit: { id: string; name: string } | null }> = [
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
    const { initialPassword } = await issueAccount(uc, { username: s.username, displayName: s.displayName, unitId: s.unit?.id ?? null, roles: s.roles });
    issued.push({ username: s.username, displayName: s.displayName, roles: s.roles, unitName: s.unit?.name ?? null, password: initialPassword });
  }
  return issued;
}

export function accountsTable(accounts: DemoAccount[]): string {
  return accounts
    .map((a) => `  ${a.username.padEnd(11)} ${a.password}   ${a.roles.map((r) => ROLES[r]).join('、')}${a.unitName ? `（${a.unitName}）` : ''}`)
    .join('\n');
}

/** Writes the one-time passwords to a file only the owner can read (0600). */
export function writeAccountsFile(dataDir: string, accounts: DemoAccount[], url: string): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'demo-accounts.txt');
  const text = `事项通演示账号（一次性初始口令，首次登录须修改；中心、管理局和管理员账号须绑定动态口令）\n${url}/console/login\n\n${accountsTable(accounts)}\n`;
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return file;
}
