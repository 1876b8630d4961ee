import type { Selectable } from 'kysely';

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  unit_id: string | null;
  /** Comma-separated sorted role codes. */
  roles: string;
  acl_mac: string;
  /** 'active' | 'disabled' | 'pending' (a 三员 account awaiting a second administrator's confirmation). Accounts are never deleted: their audit history stays meaningful. */
  status: string;
  password_hash: string;
  /** JSON: previous verifiers (newest first), for the no-reuse rule. */
  password_history: string;
  password_changed_at: string;
  must_change_password: number;
  initial_password_expires_at: string | null;
  failed_count: number;
  first_failed_at: string | null;
  locked_until: string | null;
  /** TOTP secret, SM4-encrypted (field crypto envelope). */
  mfa_secret: string | null;
  mfa_enabled: number;
  /** Last accepted TOTP time step: a code is accepted once (AUTH-08). */
  mfa_last_step: number | null;
  phone: string | null;
  email: string | null;
  last_login_at: string | null;
  expires_at: string | null;
  lock_version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}
export type UserRow = Selectable<UserTable>;

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  /** Only 'full' sessions reach business routes. */
  stage: SessionStage;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry. The idle limit is checked against last_seen_at. */
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}
export type SessionRow = Selectable<SessionTable>;

export interface ApiTokenTable {
  id: string;
  name: string;
  user_id: string;
  token_hash: string;
  /** First characters of the token, to recognise it in lists. */
  prefix: string;
  /** JSON: Action[]. */
  scopes: string;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}
export type ApiTokenRow = Selectable<ApiTokenTable>;

export interface SettingTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface RateLimitTable {
  bucket: string;
  window_start: string;
  count: number;
}

/** How far a session has got through sign-in (password, second factor, forced password change). */
export type SessionStage = 'mfa_pending' | 'password_change' | 'mfa_enroll' | 'full';
