import type { Insertable, Selectable } from 'kysely';

/** Append-only, HMAC-SM3-chained audit record (AUD-02, AUD-03). */
export interface AuditLogTable {
  seq: number;
  ts: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  unit_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** SM3 of the session id, never the id itself. */
  session_ref: string | null;
  request_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** 'success' or 'failure'. */
  result: string;
  reason: string | null;
  before_digest: string | null;
  after_digest: string | null;
  /** JSON: field-level diff or event details, sensitive values masked. */
  details: string | null;
  prev_mac: string;
  mac: string;
}
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;
