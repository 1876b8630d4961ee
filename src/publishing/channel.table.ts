import type { Insertable, Selectable } from 'kysely';
import type { CHANNEL_KINDS, EXPECTED_SYNC } from './channel.enums.js';

/** A registered publication channel (Art. 20 同源同步): the district portal or a unit's website. */
export interface ChannelTable {
  id: string;
  name: string;
  kind: keyof typeof CHANNEL_KINDS;
  /** The unit whose items the channel shows; null = the whole catalogue. */
  unit_id: string | null;
  site_url: string | null;
  webhook_url: string | null;
  /** Field-encrypted webhook signing key (AAD `channels.webhook_secret:<id>`). */
  webhook_secret: string | null;
  /** SM3 of the report token (`sxc_…`). */
  token_hash: string;
  poll_url: string | null;
  expected_sync: keyof typeof EXPECTED_SYNC;
  active: number;
  reported_seq: number | null;
  reported_hash: string | null;
  reported_at: string | null;
  /** report | poll */
  reported_via: string | null;
  drift_since: string | null;
  last_poll_error: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  lock_version: number;
}
export type ChannelRow = Selectable<ChannelTable>;
export type NewChannelRow = Insertable<ChannelTable>;

/** One webhook delivery: the signed body for one publication (or a re-push) to one channel. */
export interface ChannelDeliveryTable {
  id: string;
  channel_id: string;
  /** publication | repush */
  event: string;
  seq: number;
  payload: string;
  status: 'pending' | 'delivered';
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}
export type ChannelDeliveryRow = Selectable<ChannelDeliveryTable>;

/** Every attempt to send a delivery (the delivery log shown in the console). */
export interface ChannelDeliveryAttemptTable {
  id: string;
  delivery_id: string;
  attempted_at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}
export type ChannelDeliveryAttemptRow = Selectable<ChannelDeliveryAttemptTable>;
