import type { Executor } from '../db/database.js';
import { readSetting, writeSetting } from './account.repository.js';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './password-policy.js';

/**
 * Security parameters the 安全管理员 edits at runtime (stored in `settings`, key `security`). Defaults
 * follow security.md: lock after 5 failures in 15 min for 30 min, 30 min idle / 12 h absolute sessions.
 */
export interface SecuritySettings {
  password: PasswordPolicy;
  lockout: { threshold: number; windowMinutes: number; durationMinutes: number };
  /** Failed logins from one IP (any accounts) before the IP is throttled (AUTH-06). */
  ipThrottle: { failures: number; windowMinutes: number };
  session: { idleMinutes: number; adminIdleMinutes: number; absoluteHours: number };
  /** Whether unit clerks and reviewers must also use TOTP (mandatory for everyone else). */
  mfaForUnitRoles: boolean;
  /** Lifetime of a one-time initial or reset password (AUTH-04). */
  initialPasswordHours: number;
  /** Accounts unused for this many days are disabled automatically (AUTH-11); 0 = never. */
  dormantDays: number;
}

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  password: DEFAULT_PASSWORD_POLICY,
  lockout: { threshold: 5, windowMinutes: 15, durationMinutes: 30 },
  ipThrottle: { failures: 20, windowMinutes: 10 },
  session: { idleMinutes: 30, adminIdleMinutes: 15, absoluteHours: 12 },
  mfaForUnitRoles: false,
  initialPasswordHours: 72,
  dormantDays: 90,
};

const KEY = 'security';

export async function readSecuritySettings(db: Executor): Promise<SecuritySettings> {
  const value = await readSetting(db, KEY);
  if (value === undefined) return DEFAULT_SECURITY_SETTINGS;
  const stored = JSON.parse(value) as Partial<SecuritySettings>;
  return {
    password: { ...DEFAULT_SECURITY_SETTINGS.password, ...stored.password },
    lockout: { ...DEFAULT_SECURITY_SETTINGS.lockout, ...stored.lockout },
    ipThrottle: { ...DEFAULT_SECURITY_SETTINGS.ipThrottle, ...stored.ipThrottle },
    session: { ...DEFAULT_SECURITY_SETTINGS.session, ...stored.session },
    mfaForUnitRoles: stored.mfaForUnitRoles ?? DEFAULT_SECURITY_SETTINGS.mfaForUnitRoles,
    initialPasswordHours: stored.initialPasswordHours ?? DEFAULT_SECURITY_SETTINGS.initialPasswordHours,
    dormantDays: stored.dormantDays ?? DEFAULT_SECURITY_SETTINGS.dormantDays,
  };
}

export async function writeSecuritySettings(
  db: Executor,
  settings: SecuritySettings,
  now: string,
  by: string | null,
): Promise<void> {
  await writeSetting(db, KEY, JSON.stringify(settings), now, by);
}
