import type { AppContext } from '../app/context.js';
import type { Job } from '../jobs/scheduler.js';
import { recordChannelReport } from './channel.service.js';
import type { ChannelRow } from './channel.table.js';

/**
 * Channels that cannot report themselves expose a status URL (for a static export: its `index.json`); the
 * centre polls it. Accepted bodies: `{ "seq": N, "hash": "…" }` or the export index
 * `{ "publication": { "seq": N }, "catalogue": { "hash": "…" } }`.
 */
export function parseStatusDocument(body: unknown): { seq: number; hash: string } | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const publication = (b.publication ?? {}) as Record<string, unknown>;
  const catalogue = (b.catalogue ?? {}) as Record<string, unknown>;
  const seq = b.seq ?? publication.seq;
  const hash = b.hash ?? catalogue.hash;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0 || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return null;
  return { seq, hash };
}

export async function pollChannel(app: AppContext, channel: ChannelRow): Promise<boolean> {
  try {
    const res = await fetch(channel.poll_url!, { headers: { accept: 'application/json', 'user-agent': 'shixiang-sync-check/1' }, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > 5_000_000) throw new Error('状态文档过大');
    const report = parseStatusDocument(JSON.parse(text));
    if (!report) throw new Error('状态文档缺少 seq 和 hash');
    await recordChannelReport(app, channel, report, 'poll');
    return true;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await app.db.kysely.updateTable('channels').set({ last_poll_error: `${app.clock.now().toISOString()} ${message}`.slice(0, 500) }).where('id', '=', channel.id).execute();
    return false;
  }
}

export const channelPollJob: Job = {
  name: 'channel-poll',
  everyMs: 5 * 60_000,
  async run(ctx) {
    const channels = await ctx.db.kysely.selectFrom('channels').selectAll().where('active', '=', 1).where('poll_url', 'is not', null).limit(500).execute();
    let ok = 0;
    for (const ch of channels) ok += Number(await pollChannel(ctx, ch));
    return channels.length ? `channel poll: ${ok}/${channels.length} answered` : undefined;
  },
};
