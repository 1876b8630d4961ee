import { sql, type ExpressionBuilder } from 'kysely';
import type { UnitScope } from '../auth/policy.js';
import type { Executor } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { CatalogueEntryRow, CatalogueEntryTable } from './catalogue.table.js';
import { containsText } from '../db/like.js';

/** Claimed items in `scope`, those needing review (需复核: an active review obligation) first, and how many match. */
export async function claimRows(
  db: Executor,
  scope: UnitScope,
  f: { unitId?: string; needsReview?: boolean; offset: number; limit: number },
) {
  const review = (eb: ExpressionBuilder<Database & { i: Database['items'] }, 'i'>) =>
    eb.exists(
      eb
        .selectFrom('catalogue_reviews as r')
        .innerJoin('obligations as o', 'o.id', 'r.obligation_id')
        .select(sql.lit(1).as('one'))
        .whereRef('r.item_id', '=', 'i.id')
        .where('o.status', 'in', ['open', 'in_change', 'no_change_pending']),
    );
  const base = db
    .selectFrom('items as i')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .where('i.origin', '=', 'claimed')
    .$if(scope.kind === 'unit', (qb) => qb.where('i.unit_id', '=', (scope as { unitId: string }).unitId))
    .$if(scope.kind === 'none', (qb) => qb.where(sql.lit(false)))
    .$if(!!f.unitId, (qb) => qb.where('i.unit_id', '=', f.unitId!))
    .$if(f.needsReview === true, (qb) => qb.where(review))
    .$if(f.needsReview === false, (qb) => qb.where((eb) => eb.not(review(eb))));
  const [rows, count] = await Promise.all([
    base
      .select((eb) => [
        'i.id',
        'i.name',
        'i.task_code',
        'i.unit_id',
        'u.name as unit_name',
        'i.catalog_code',
        'i.workflow_state',
        'i.life_state',
        review(eb).as('needs_review'),
      ])
      .orderBy('needs_review', 'desc')
      .orderBy('u.name')
      .orderBy('i.catalog_code')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/**
 * Claim coverage at `level` (应认尽认): counts of applicable, claimed and uncovered entries, and one page of the
 * unclaimed ones. One query each with NOT EXISTS on the indexed `items.catalog_code`.
 */
export async function coverageAt(
  db: Executor,
  level: string,
  f: { q?: string; uncoveredOnly?: boolean; offset: number; limit: number },
) {
  const applicable = db
    .selectFrom('catalogue_entries as e')
    .where('e.status', '=', 'active')
    .where('e.use_levels', 'like', `%"${level}"%`);
  const claimedItem = (eb: ExpressionBuilder<Database & { e: CatalogueEntryTable }, 'e'>) =>
    eb.exists(
      eb
        .selectFrom('items as i')
        .select(sql.lit(1).as('one'))
        .whereRef('i.catalog_code', '=', 'e.catalog_code')
        .where('i.origin', '=', 'claimed')
        .where('i.life_state', '<>', 'cancelled'),
    );
  const anyItem = (eb: ExpressionBuilder<Database & { e: CatalogueEntryTable }, 'e'>) =>
    eb.exists(
      eb
        .selectFrom('items as i')
        .select(sql.lit(1).as('one'))
        .whereRef('i.catalog_code', '=', 'e.catalog_code')
        .where('i.life_state', '<>', 'cancelled'),
    );
  const q = f.q?.replace(/[%_\\]/g, '');
  const unclaimed = applicable
    .where((eb) => eb.not(claimedItem(eb)))
    .$if(!!f.uncoveredOnly, (qb) => qb.where((eb) => eb.not(anyItem(eb))))
    .$if(!!q, (qb) => qb.where((eb) => eb.or([containsText('e.name', q!), eb('e.catalog_code', '=', f.q!)])));
  const [all, claimed, uncovered, rows, total] = await Promise.all([
    applicable.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    applicable
      .where((eb) => claimedItem(eb))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    applicable
      .where((eb) => eb.not(anyItem(eb)))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    unclaimed
      .selectAll('e')
      .select((eb) =>
        eb
          .selectFrom('items as s')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('s.catalog_code', '=', 'e.catalog_code')
          .where('s.origin', '<>', 'claimed')
          .where('s.life_state', '<>', 'cancelled')
          .as('self_items'),
      )
      .orderBy('e.catalog_code')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    unclaimed.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    applicable: Number(all.n),
    claimed: Number(claimed.n),
    total: Number(total.n),
    uncovered: Number(uncovered.n),
    unclaimed: rows.map((r): CatalogueEntryRow & { self_items: number } => ({
      ...r,
      self_items: Number(r.self_items ?? 0),
    })),
  };
}
