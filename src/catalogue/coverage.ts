import { sql, type ExpressionBuilder } from 'kysely';
import type { UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import type { Database } from '../db/schema.js';
import type { CatalogueEntryRow, CatalogueEntryTable } from './catalogue.table.js';
import { containsText } from '../db/like.js';

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
export async function claimCoverage(uc: UseCaseContext, f: { q?: string; uncoveredOnly?: boolean; offset: number; limit: number }): Promise<CoverageReport> {
  authorize(uc.actor, 'catalogue.read');
  const db = uc.app.db.kysely;
  const level = uc.app.config.jurisdiction.level;
  const applicable = db.selectFrom('catalogue_entries as e').where('e.status', '=', 'active').where('e.use_levels', 'like', `%"${level}"%`);
  const claimedItem = (eb: ExpressionBuilder<Database & { e: CatalogueEntryTable }, 'e'>) => eb.exists(
    eb.selectFrom('items as i').select(sql.lit(1).as('one')).whereRef('i.catalog_code', '=', 'e.catalog_code').where('i.origin', '=', 'claimed').where('i.life_state', '<>', 'cancelled'),
  );
  const anyItem = (eb: ExpressionBuilder<Database & { e: CatalogueEntryTable }, 'e'>) => eb.exists(
    eb.selectFrom('items as i').select(sql.lit(1).as('one')).whereRef('i.catalog_code', '=', 'e.catalog_code').where('i.life_state', '<>', 'cancelled'),
  );
  const q = f.q?.replace(/[%_\\]/g, '');
  const unclaimed = applicable.where((eb) => eb.not(claimedItem(eb)))
    .$if(!!f.uncoveredOnly, (qb) => qb.where((eb) => eb.not(anyItem(eb))))
    .$if(!!q, (qb) => qb.where((eb) => eb.or([containsText('e.name', q!), eb('e.catalog_code', '=', f.q!)])));
  const [all, claimed, uncovered, rows, total] = await Promise.all([
    applicable.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    applicable.where((eb) => claimedItem(eb)).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    applicable.where((eb) => eb.not(anyItem(eb))).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    unclaimed.selectAll('e').select((eb) => eb.selectFrom('items as s').select((e) => e.fn.countAll<number>().as('n'))
      .whereRef('s.catalog_code', '=', 'e.catalog_code').where('s.origin', '<>', 'claimed').where('s.life_state', '<>', 'cancelled').as('self_items'))
      .orderBy('e.catalog_code').offset(f.offset).limit(f.limit).execute(),
    unclaimed.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { level, applicable: Number(all.n), claimed: Number(claimed.n), unclaimed: rows.map((r) => ({ ...r, self_items: Number(r.self_items ?? 0) })), total: Number(total.n), uncovered: Number(uncovered.n) };
}
