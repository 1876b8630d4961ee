import type { Selectable } from 'kysely';

/** Secrets waiting to be shown once (one-time-reveal.ts). Apart from it so db/schema.ts imports no use case. */
export interface OneTimeRevealTable {
  id: string;
  session_hash: string;
  kind: RevealKind;
  subject_id: string;
  /** Field-encrypted (AAD `one_time_reveals.secret:<id>`). */
  secret: string;
  created_at: string;
  expires_at: string;
}
export type OneTimeRevealRow = Selectable<OneTimeRevealTable>;
export type RevealKind = 'initial_password' | 'api_token' | 'channel_credentials';
