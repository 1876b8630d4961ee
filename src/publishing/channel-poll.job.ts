import type { AppContext } from '../app/context.js';
import type { Job } from '../jobs/scheduler.js';
import { OutboundError, outboundRequest } from '../security/outbound-http.js';
import { pollableChannels, recordPollError } from './channel.repository.js';
import { recordChannelReport } from './channel.service.js';
import type { ChannelRow } from './channel.table.js';

/**
 * Channels that cannot report themselves expose a status URL (for a static export: its `index.json`); the
 * centre polls it through the outbound policy (`security/outbound-http.ts`), reading at most 1 MB.
 * Accepted bodies: `{ "seq": N, "hash": "…" }` or the export index
 * `{ "publication": { "seq": N }, "catalogue": { "hash": "…" } }`.
 */
export function parseStatusDocument(body: unknown): { seq: number; hash: string } | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const publication = (b.publication ?? {}) as Record<string, unknown>;
  const catalogue = (b.catalogue ?? {}) as Record<string, unknown>;
  const seq = b.seq ?? publication.seq;
  const hash = b.hash ?? catalogue.hash;
  if (
    typeof seq !== 'number' ||
    !Number.isInteger(seq) ||
    seq < 0 ||
    typeof hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(hash)
  )
    return null;
  return { seq, hash };
}

/** Largest status document read; a longer body is cut off and the poll fails. */
export const STATUS_DOCUMENT_BYTES = 1024 * 1024;
const TIMEOUT_MS = 10_000;

/** Stored as the poll's error: fixed texts only, never content of the response. */
export const POLL_ERRORS = {
  invalidJson: '状态文档不是有效的 JSON',
  noReport: '状态文档缺少 seq 和 hash',
  internal: '内部错误（详见服务日志）',
} as const;

export async function pollChannel(app: AppContext, channel: ChannelRow): Promise<boolean> {
  let message: string;
  try {
    const res = await outboundRequest(channel.poll_url!, app.config.outbound.allowedCidrs, {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': 'shixiang-sync-check/1' },
      timeoutMs: TIMEOUT_MS,
      maxBytes: STATUS_DOCUMENT_BYTES,
      overflow: 'error',
    });
    if (res.status < 200 || res.status >= 300) throw new OutboundError(`状态地址返回 HTTP ${res.status}`);
    let body: unknown;
    try {
      body = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new OutboundError(POLL_ERRORS.invalidJson);
    }
    const report = parseStatusDocument(body);
    if (!report) throw new OutboundError(POLL_ERRORS.noReport);
    await recordChannelReport(app, channel, report, 'poll');
    return true;
  } catch (e) {
    if (!(e instanceof OutboundError)) app.log.error({ err: e, channel: channel.id }, 'channel poll failed');
    message = e instanceof OutboundError ? e.message : POLL_ERRORS.internal;
  }
  await recordPollError(app.db.kysely, channel.id, `${app.clock.now().toISOString()} ${message}`.slice(0, 500));
  return false;
}

export const channelPollJob: Job = {
  name: 'channel-poll',
  everyMs: 5 * 60_000,
  async run(ctx) {
    const channels = await pollableChannels(ctx.db.kysely, 500);
    let ok = 0;
    for (const ch of channels) ok += Number(await pollChannel(ctx, ch));
    return channels.length ? `channel poll: ${ok}/${channels.length} answered` : undefined;
  },
};
