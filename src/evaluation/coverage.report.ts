import type { UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import { publicCatalogue } from '../publishing/catalogue.js';
import { listChannels } from '../publishing/channel.repository.js';
import { SYNC_LABELS, syncContext, syncStatus, type SyncState } from '../publishing/sync-status.js';
import { coverage, type CoverageReport } from './coverage.js';
import { activeUnits, publishedItemFacts } from './facts.queries.js';

/** Art. 20: each unit's website as a channel, and whether it shows what was published. */
export interface UnitChannels {
  unitId: string;
  unitName: string;
  website: string | null;
  channels: Array<{
    id: string;
    name: string;
    state: SyncState;
    stateLabel: string;
    behindBy: number;
    since: string | null;
  }>;
}

export interface ChannelCoverage {
  units: UnitChannels[];
  /** Units with no active channel of their own. */
  without: UnitChannels[];
  counts: Record<SyncState, number>;
}

export async function onlineCoverage(uc: UseCaseContext): Promise<CoverageReport> {
  authorize(uc.actor, 'evaluation.read');
  const db = uc.app.db.kysely;
  const [items, units] = await Promise.all([
    publishedItemFacts(db, { brokenAfter: uc.app.config.evaluation.linkCheck.failures }),
    activeUnits(db),
  ]);
  return coverage(items, units, uc.app.config.jurisdiction.fullName);
}

export async function channelCoverage(uc: UseCaseContext): Promise<ChannelCoverage> {
  authorize(uc.actor, 'evaluation.read');
  const db = uc.app.db.kysely;
  const [units, channels, cat] = await Promise.all([activeUnits(db), listChannels(db), publicCatalogue(uc.app)]);
  const sync = await syncContext(
    db,
    cat,
    channels.map((c) => c.unit_id),
  );
  const counts: Record<SyncState, number> = { current: 0, behind: 0, drifted: 0, unknown: 0 };
  const rows: UnitChannels[] = [];
  for (const u of units) {
    const own = channels.filter((c) => c.active === 1 && c.unit_id === u.id);
    const states = [];
    for (const c of own) {
      const s = await syncStatus(db, sync, c);
      counts[s.state] += 1;
      states.push({
        id: c.id,
        name: c.name,
        state: s.state,
        stateLabel: SYNC_LABELS[s.state],
        behindBy: s.behindBy,
        since: s.since,
      });
    }
    rows.push({ unitId: u.id, unitName: u.name, website: u.website, channels: states });
  }
  return {
    units: rows.filter((r) => r.channels.length > 0),
    without: rows.filter((r) => r.channels.length === 0),
    counts,
  };
}
