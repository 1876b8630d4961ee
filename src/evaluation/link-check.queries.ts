import type { Executor } from '../db/database.js';
import { unitOf, type UnitScope } from '../auth/policy.js';
import type { LinkCheckRow } from './evaluation.table.js';

export type LinkCheckView = LinkCheckRow & { item_name: string; unit_name: string };

/** The records, worst first; `tasksOnly` keeps the links that are a unit's open task. */
export function listLinkChecks(
  db: Executor,
  scope: UnitScope,
  f: { tasksOnly?: boolean; status?: string; limit: number },
): Promise<LinkCheckView[]> {
  return db
    .selectFrom('link_checks as l')
    .innerJoin('items as i', 'i.id', 'l.item_id')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .selectAll('l')
    .select(['i.name as item_name', 'u.name as unit_name'])
    .$if(scope.kind === 'unit', (qb) => qb.where('l.unit_id', '=', unitOf(scope)))
    .$if(scope.kind === 'none', (qb) => qb.where((eb) => eb.lit(false)))
    .$if(!!f.tasksOnly, (qb) => qb.where('l.task_opened_at', 'is not', null))
    .$if(!!f.status, (qb) => qb.where('l.last_status', '=', f.status!))
    .orderBy('l.consecutive_failures', 'desc')
    .orderBy('u.name')
    .orderBy('i.name')
    .limit(f.limit)
    .execute();
}

/** The official-text address of every legal document that has one, for the link checker. */
export async function lawTexts(db: Executor): Promise<Map<string, { title: string; url: string }>> {
  const rows = await db
    .selectFrom('legal_documents')
    .select(['id', 'title', 'url'])
    .where('url', 'is not', null)
    .execute();
  return new Map(rows.flatMap((r) => (r.url ? [[r.id, { title: r.title, url: r.url }] as const] : [])));
}
