import type { Executor } from '../db/database.js';
import type { Catalogue, Manifest } from './catalogue.js';
import { lastPublicationByUnit, publicationsAfter } from './channel.repository.js';
import type { ChannelRow } from './channel.table.js';

/**
 * Whether a channel shows the current publication (the "同源同步" proof none of the peer systems has):
 *
 * - `unknown`: the channel has never reported (or been polled);
 * - `behind`: a publication in the channel's scope came after the sequence it reports — since that
 *   publication's time, by how many publications;
 * - `drifted`: it reports a sequence it is current on, but a catalogue hash that differs from ours (or a
 *   sequence we never published) — it shows something we did not publish, since the first such report.
 *   A drift outlives later publications: the channel still shows content we never published, which matters
 *   more than being behind, so it stays `drifted` (with `behindBy` counting the publications since) until
 *   the channel reports again;
 * - `current`: same sequence position and same hash.
 */
export type SyncState = 'current' | 'behind' | 'drifted' | 'unknown';

export const SYNC_LABELS: Record<SyncState, string> = {
  current: '已同步',
  behind: '落后',
  drifted: '内容不一致',
  unknown: '未上报',
};

export interface SyncStatus {
  state: SyncState;
  /** Since when the channel is in this state (ISO), when known. */
  since: string | null;
  /** Publications in scope the channel has not shown yet (behind, or drifted and behind as well). */
  behindBy: number;
  /** What the channel should show now. */
  expectedSeq: number;
  expectedHash: string;
}

type Reported = Pick<
  ChannelRow,
  'unit_id' | 'reported_seq' | 'reported_hash' | 'reported_at' | 'drift_since' | 'created_at'
>;

export interface SyncContext {
  catalogue: Catalogue;
  /** The manifests of the scopes to judge (unit id, or '*' for the whole catalogue). */
  manifests: Map<string, Manifest>;
  /** Last publication per unit; the maximum over all units is the catalogue's seq. */
  lastByUnit: Map<string, number>;
}

/** What judging channels of these scopes (their unit ids, null = the whole catalogue) needs. */
export async function syncContext(
  db: Executor,
  catalogue: Catalogue,
  scopes: ReadonlyArray<string | null>,
): Promise<SyncContext> {
  const keys = [...new Set(scopes)];
  const manifests = await Promise.all(keys.map((k) => catalogue.manifest(k)));
  return {
    catalogue,
    manifests: new Map(keys.map((k, i) => [k ?? '*', manifests[i]!])),
    lastByUnit: await lastPublicationByUnit(db),
  };
}

/** The state of a channel's last report against the current catalogue, before any "since" lookup. */
export function judge(
  ctx: SyncContext,
  ch: Pick<Reported, 'unit_id' | 'reported_seq' | 'reported_hash'>,
): { state: SyncState; expectedSeq: number; expectedHash: string } {
  const manifest = ctx.manifests.get(ch.unit_id ?? '*');
  if (!manifest) throw new Error(`syncContext was not given the scope ${ch.unit_id ?? '*'}`);
  const expectedSeq = ch.unit_id ? (ctx.lastByUnit.get(ch.unit_id) ?? 0) : ctx.catalogue.stamp.seq;
  const base = { expectedSeq, expectedHash: manifest.hash };
  if (ch.reported_seq === null || ch.reported_hash === null) return { state: 'unknown', ...base };
  if (ch.reported_seq > ctx.catalogue.stamp.seq) return { state: 'drifted', ...base };
  if (ch.reported_seq < expectedSeq) return { state: 'behind', ...base };
  return { state: ch.reported_hash === manifest.hash ? 'current' : 'drifted', ...base };
}

export async function syncStatus(db: Executor, ctx: SyncContext, ch: Reported): Promise<SyncStatus> {
  const j = judge(ctx, ch);
  if (j.state === 'behind') {
    const after = await publicationsAfter(db, ch.unit_id, ch.reported_seq!);
    // drift_since is only set when the report itself was judged drifted; a publication since must not hide that.
    if (ch.drift_since) return { ...j, state: 'drifted', since: ch.drift_since, behindBy: after.count };
    return { ...j, since: after.first?.published_at ?? null, behindBy: after.count };
  }
  const since =
    j.state === 'unknown' ? ch.created_at : j.state === 'drifted' ? (ch.drift_since ?? ch.reported_at) : ch.reported_at;
  return { ...j, since, behindBy: 0 };
}
