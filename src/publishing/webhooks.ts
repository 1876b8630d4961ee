import type { AppContext } from '../app/context.js';
import type { Trx } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import type { Job } from '../jobs/scheduler.js';
import { OutboundError, outboundRequest } from '../security/outbound-http.js';
import { newId } from '../shared/ids.js';
import { parseStored } from '../shared/json.js';
import { groundLabel } from '../domain/grounds.js';
import type { PublicationEvent } from './publication-event.js';
import { manifestOf, type Manifest, type ManifestEntry } from './catalogue.js';
import { manifestEntriesOf, manifestRows } from './public-documents.queries.js';
import { onStampChange } from './publication-clock.js';
import * as repo from './channel.repository.js';
import { webhookSecretOf } from './channel.service.js';
import type { ChannelDeliveryRow } from './channel.table.js';
import { PUBLICATION_KINDS } from './public.presenter.js';
import { itemCode } from './public.queries.js';
import { SIGNATURE_HEADERS, signWebhook } from './signature.js';
import { safeJson } from './public-response.js';

/**
 * Webhooks of the publication channels. A publication enqueues one delivery per subscribed channel in its
 * own transaction (so a delivery exists exactly when the publication committed); the delivery job sends
 * them signed, one channel at a time in publication order, and retries with exponential backoff until the
 * receiver answers 2xx. Every attempt is logged. Requests go through the outbound policy
 * (`security/outbound-http.ts`: no internal addresses unless allowed, ports 80/443, no redirects, timeout,
 * capped body) and failures are stored as generic texts, never the receiver's words.
 */

/**
 * Enqueues each publication (in sequence order) for every active webhook channel whose scope includes the
 * item's unit. `writeDocuments` writes the publications' public documents: the manifest a delivery carries
 * is its scope as of that publication, so the scopes are read before it and then moved on one publication
 * at a time (the later publications of a batch are not yet in an earlier one's manifest).
 */
export async function enqueuePublicationDeliveries(
  app: AppContext,
  trx: Trx,
  events: readonly PublicationEvent[],
  writeDocuments: () => Promise<void>,
): Promise<number> {
  const channels = await repo.webhookChannels(trx);
  const pubs = channels.length
    ? await repo.publicationsToDeliver(
        trx,
        events.map((e) => e.seq),
      )
    : [];
  const channelsOf = (unitId: string) => channels.filter((c) => c.unit_id === null || c.unit_id === unitId);
  const scopes = new Map<string | null, Map<string, ManifestEntry>>();
  for (const c of pubs.flatMap((p) => channelsOf(p.unit_id)))
    if (!scopes.has(c.unit_id))
      scopes.set(c.unit_id, new Map((await manifestRows(trx, c.unit_id)).map((e) => [e.code, e])));
  await writeDocuments();
  if (!scopes.size) return 0;
  const shown = await manifestEntriesOf(
    trx,
    pubs.map((p) => p.item_id),
  );
  const base = app.config.http.publicBaseUrl;
  const rows: ChannelDeliveryRow[] = [];
  for (const pub of pubs) {
    const code = itemCode(pub.task_code, pub.handling_code);
    const entry = shown.get(pub.item_id);
    for (const [unitId, entries] of scopes) {
      if (unitId !== null && unitId !== pub.unit_id) continue;
      if (entry) entries.set(code, entry);
      else entries.delete(code);
    }
    const isPublic = pub.life_state !== 'cancelled';
    const manifests = new Map<string | null, Manifest>();
    for (const channel of channelsOf(pub.unit_id)) {
      const id = newId();
      if (!manifests.has(channel.unit_id))
        manifests.set(
          channel.unit_id,
          manifestOf(channel.unit_id, pub.seq, [...scopes.get(channel.unit_id)!.values()]),
        );
      const { entries: _entries, ...summary } = manifests.get(channel.unit_id)!;
      const payload = safeJson({
        event: 'publication',
        delivery: id,
        seq: pub.seq,
        kind: pub.kind,
        kindLabel: PUBLICATION_KINDS[pub.kind] ?? pub.kind,
        publishedAt: pub.published_at,
        ground: pub.ground,
        groundLabel: pub.ground ? groundLabel(pub.ground) : null,
        summary: pub.summary,
        item: {
          code,
          name: parseStored<ItemContent>(pub.content).name,
          unit: { id: pub.unit_id, name: pub.unit_name },
          version: Number(pub.version),
          contentHash: pub.content_hash,
          lifeState: pub.life_state,
          isPublic,
          links: isPublic ? { guide: `${base}/items/${code}`, api: `${base}/api/public/v1/items/${code}` } : null,
        },
        // What the channel shows once it has applied this publication: report this back (seq + hash).
        catalogue: summary,
      });
      rows.push({
        id,
        channel_id: channel.id,
        event: 'publication',
        seq: pub.seq,
        payload,
        status: 'pending',
        attempts: 0,
        next_attempt_at: pub.published_at,
        locked_until: null,
        last_attempt_at: null,
        last_status_code: null,
        last_error: null,
        delivered_at: null,
        created_at: pub.published_at,
      });
    }
  }
  await repo.insertDeliveries(trx, rows);
  return rows.length;
}

const kicked = new WeakSet<object>();

/**
 * In an instance that runs jobs: when its publication stamp moves (a publication here or on another
 * instance, seen by the next public request), send what is due at once rather than at the next 5-second
 * slot, so a receiver hears of a publication within a second. The leases keep one sender per delivery.
 */
function deliverOnPublication(ctx: AppContext): void {
  if (kicked.has(ctx.db)) return;
  kicked.add(ctx.db);
  let running = false;
  onStampChange(ctx.db, () => {
    if (running) return;
    running = true;
    void deliverDue(ctx, ctx.clock.now())
      .catch((err) => ctx.log.error({ err }, 'webhook delivery after publication failed'))
      .finally(() => (running = false));
  });
}

/** Seconds to wait after the n-th failed attempt: 10 s, 20 s, 40 s … capped at one hour. Never gives up. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
}

const TIMEOUT_MS = 10_000;
/** Bytes of a receiver's answer read before the connection is dropped (the body is not used). */
const RESPONSE_BYTES = 16 * 1024;
const LEASE_MS = 60_000;
const MAX_CHANNELS_PER_RUN = 50;
/**
 * A run sends for at most this long (the job's slot is 5 s), shared fairly among the channels with work. It was
 * 50 deliveries per channel and run, 10 a second: a backlog such as an initial migration's (one delivery per
 * publication and subscriber) took hours to reach a unit's site; now a receiver answering in a few ms gets
 * hundreds a second, still in order and one at a time per channel.
 */
const RUN_BUDGET_MS = 4_000;
/** The least time a channel gets in a run, however many channels wait. */
const MIN_CHANNEL_MS = 200;

/** Sends what is due: per channel, the oldest pending delivery first; stops at the channel's first failure. */
export async function deliverDue(app: AppContext, now: Date): Promise<{ sent: number; failed: number }> {
  const db = app.db.kysely;
  let sent = 0;
  let failed = 0;
  const runEnd = performance.now() + RUN_BUDGET_MS;
  const channels = await repo.channelsWithDueDeliveries(db, now.toISOString(), MAX_CHANNELS_PER_RUN);
  for (const [k, channelId] of channels.entries()) {
    const channel = await repo.findChannel(db, channelId);
    if (!channel) continue;
    const start = performance.now();
    const channelEnd = start + Math.max(MIN_CHANNEL_MS, (runEnd - start) / (channels.length - k));
    while (performance.now() < channelEnd) {
      const head = await repo.headDelivery(db, channelId);
      const at = app.clock.now();
      if (!head || head.next_attempt_at > at.toISOString()) break;
      if (!(await repo.leaseDelivery(db, head.id, at.toISOString(), new Date(at.getTime() + LEASE_MS).toISOString())))
        break;
      const ok =
        channel.active && channel.webhook_url
          ? await attempt(app, head, channel.webhook_url, webhookSecretOf(app, channel))
          : await park(app, head);
      if (ok) sent++;
      else {
        failed++;
        break;
      }
    }
  }
  return { sent, failed };
}

/** A channel that lost its webhook (or was deactivated) keeps its deliveries, retried later. */
async function park(app: AppContext, d: ChannelDeliveryRow): Promise<boolean> {
  const now = app.clock.now();
  await repo.parkDelivery(
    app.db.kysely,
    d.id,
    new Date(now.getTime() + 3600_000).toISOString(),
    '渠道已停用或未配置推送地址',
  );
  return false;
}

async function attempt(app: AppContext, d: ChannelDeliveryRow, url: string, secret: string | null): Promise<boolean> {
  const started = app.clock.now();
  const timestamp = Math.floor(started.getTime() / 1000);
  const t0 = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await outboundRequest(url, app.config.outbound.allowedCidrs, {
      method: 'POST',
      body: d.payload,
      timeoutMs: TIMEOUT_MS,
      maxBytes: RESPONSE_BYTES,
      overflow: 'discard',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'shixiang-webhook/1',
        [SIGNATURE_HEADERS.event]: d.event,
        [SIGNATURE_HEADERS.delivery]: d.id,
        [SIGNATURE_HEADERS.seq]: String(d.seq),
        [SIGNATURE_HEADERS.timestamp]: String(timestamp),
        [SIGNATURE_HEADERS.signature]: secret ? signWebhook(secret, timestamp, d.payload) : '',
      },
    });
    statusCode = res.status;
    // The receiver's body is never stored or shown: only the status counts.
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (e) {
    // Generic texts only (OUTBOUND_ERRORS): nothing the receiver or the network said is stored.
    error = e instanceof OutboundError ? e.message : 'network error';
  }
  const ok = error === null;
  const attempts = d.attempts + 1;
  const finished = app.clock.now().toISOString();
  await repo.recordAttempt(
    app.db.kysely,
    {
      id: newId(),
      delivery_id: d.id,
      attempted_at: started.toISOString(),
      status_code: statusCode,
      error: error?.slice(0, 500) ?? null,
      duration_ms: Math.round(performance.now() - t0),
    },
    ok
      ? {
          status: 'delivered',
          attempts,
          last_attempt_at: finished,
          last_status_code: statusCode,
          last_error: null,
          delivered_at: finished,
        }
      : {
          attempts,
          last_attempt_at: finished,
          last_status_code: statusCode,
          last_error: error?.slice(0, 500) ?? null,
          next_attempt_at: new Date(started.getTime() + backoffSeconds(attempts) * 1000).toISOString(),
        },
  );
  return ok;
}

/** Webhooks leave within seconds of a publication: the job runs every 5 s on one instance of the cluster. */
export const webhookDeliveryJob: Job = {
  name: 'webhook-delivery',
  everyMs: 5_000,
  async run(ctx, now) {
    deliverOnPublication(ctx);
    const { sent, failed } = await deliverDue(ctx, now);
    return sent || failed ? `webhooks: ${sent} delivered, ${failed} failed (will retry)` : undefined;
  },
};
