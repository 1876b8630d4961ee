import { createHmac } from 'node:crypto';
import { safeEqual } from '../crypto/sm.js';

/**
 * Webhook signatures (Art. 20 channels): HMAC-SM3 with the channel's secret over `<timestamp>.<body>`,
 * sent as
 *
 *     X-Shixiang-Timestamp: 1767225600
 *     X-Shixiang-Signature: v1=<64 hex>
 *
 * The timestamp is inside the MAC, so a receiver that rejects timestamps older than a few minutes and
 * remembers delivery ids (`X-Shixiang-Delivery`) for that long is safe against replays.
 */
export const SIGNATURE_HEADERS = {
  timestamp: 'x-shixiang-timestamp',
  signature: 'x-shixiang-signature',
  delivery: 'x-shixiang-delivery',
  event: 'x-shixiang-event',
  seq: 'x-shixiang-seq',
} as const;

/** Receivers should refuse deliveries whose timestamp is further than this from their clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sm3', Buffer.from(secret, 'utf8')).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

/**
 * What a receiver does (also used by our tests): recompute the MAC over the raw body exactly as received,
 * compare in constant time, and refuse stale timestamps.
 *
 * @example
 * const result = verifyWebhook(secret, req.headers['x-shixiang-timestamp'], req.headers['x-shixiang-signature'], rawBody, Date.now() / 1000);
 * if (!result.ok) return res.writeHead(401).end();
 */
export function verifyWebhook(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): VerifyResult {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing' };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'stale' };
  return safeEqual(signWebhook(secret, Number(timestamp), body), signature)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}
