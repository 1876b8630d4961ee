import type { Executor } from '../db/database.js';
import { unitOf, type UnitScope } from '../auth/policy.js';
import { chinaDate } from '../shared/clock.js';
import type { DeadlineRecord } from './accountability.js';
import type { RecordFilter } from './accountability.queries.js';
import type { SpotCheckRow } from './evaluation.table.js';

export type SpotCheckView = SpotCheckRow & {
  unit_name: string;
  item_name: string;
  created_by_name: string | null;
  answered_by_name: string | null;
};

function base(db: Executor, scope: UnitScope) {
  return db
    .selectFrom('spot_checks as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .innerJoin('items as i', 'i.id', 's.item_id')
    .leftJoin('users as c', 'c.id', 's.created_by')
    .leftJoin('users as a', 'a.id', 's.answered_by')
    .selectAll('s')
    .select([
      'u.name as unit_name',
      'i.name as item_name',
      'c.display_name as created_by_name',
      'a.display_name as answered_by_name',
    ])
    .$if(scope.kind === 'unit', (qb) => qb.where('s.unit_id', '=', unitOf(scope)))
    .$if(scope.kind === 'none', (qb) => qb.where((eb) => eb.lit(false)));
}

export function listSpotChecks(
  db: Executor,
  scope: UnitScope,
  f: { status?: string; unitId?: string },
): Promise<SpotCheckView[]> {
  return base(db, scope)
    .$if(!!f.status, (qb) => qb.where('s.status', '=', f.status!))
    .$if(!!f.unitId, (qb) => qb.where('s.unit_id', '=', f.unitId!))
    .orderBy('s.due_on')
    .orderBy('s.id')
    .execute();
}

export function findSpotCheck(db: Executor, scope: UnitScope, id: string): Promise<SpotCheckView | undefined> {
  return base(db, scope).where('s.id', '=', id).executeTakeFirst();
}

/**
 * Spot-check fixes as deadline records: done when the unit answered (a fix sent back reopens the task, and the
 * standing answer is the last one); the responsible account is the one who answered.
 */
export async function spotCheckRecords(db: Executor, f: RecordFilter): Promise<DeadlineRecord[]> {
  const rows = await base(db, { kind: 'all' })
    .where('s.due_on', '>=', f.from)
    .where('s.due_on', '<=', f.to)
    .$if(!!f.unitId, (qb) => qb.where('s.unit_id', '=', f.unitId!))
    .execute();
  return rows.map((r) => ({
    kind: 'spot_check',
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    title: `${r.item_name}：${r.findings.slice(0, 60)}`,
    arisenOn: r.checked_on,
    dueOn: r.due_on,
    doneOn: r.status !== 'open' && r.answered_at ? chinaDate(new Date(r.answered_at)) : null,
    responsibleId: r.status !== 'open' ? r.answered_by : null,
    responsibleName: r.status !== 'open' ? r.answered_by_name : null,
  }));
}
