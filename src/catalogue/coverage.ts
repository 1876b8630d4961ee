import type { UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import type { CatalogueEntryRow } from './catalogue.table.js';
import { coverageAt } from './claim.queries.js';

export interface CoverageReport {
  level: string;
  /** Active entries whose 行使层级 includes this level. */
  applicable: number;
  claimed: number;
  /** Applicable entries no unit has claimed (应认尽认), with the number of self-entered items using the code. */
  unclaimed: Array<CatalogueEntryRow & { self_items: number }>;
  /** Rows matching the filter (for paging). */
  total: number;
  /** Unclaimed entries that no item implements at all, not even a self-entered one: the real gaps. */
  uncovered: number;
}

/**
 * Claim coverage (应认尽认): entries of the base catalogue exercised at the deploying level that no unit has
 * claimed. One query with NOT EXISTS on the indexed `items.catalog_code`; a self-entered item with the code
 * does not count as a claim (it inherits nothing) but is shown beside the entry, and `uncoveredOnly` keeps
 * just the entries nothing implements (where a catalogue migrated from self-entered items has its real gaps).
 */
export async function claimCoverage(
  uc: UseCaseContext,
  f: { q?: string; uncoveredOnly?: boolean; offset: number; limit: number },
): Promise<CoverageReport> {
  authorize(uc.actor, 'catalogue.read');
  const level = uc.app.config.jurisdiction.level;
  return { level, ...(await coverageAt(uc.app.db.kysely, level, f)) };
}
