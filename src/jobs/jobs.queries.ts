import type { Executor } from '../db/database.js';

/** Every open change request, obligation and explanation request with its unit, deadline and a name to show. */
export async function openDeadlines(db: Executor) {
  return [
    ...(
      await db
        .selectFrom('change_requests as c')
        .leftJoin('items as i', 'i.id', 'c.item_id')
        .select(['c.id', 'c.unit_id', 'c.due_on', 'i.name'])
        .where('c.status', '=', 'open')
        .execute()
    ).map((r) => ({ ...r, what: '调整申请', link: `/console/changes/${r.id}` })),
    ...(
      await db
        .selectFrom('obligations as o')
        .leftJoin('items as i', 'i.id', 'o.item_id')
        .select(['o.id', 'o.unit_id', 'o.due_on', 'o.summary as name'])
        .where('o.status', '=', 'open')
        .execute()
    ).map((r) => ({ ...r, what: '调整义务', link: `/console/obligations` })),
    ...(
      await db
        .selectFrom('explanation_requests')
        .select(['id', 'unit_id', 'due_on', 'item_name as name'])
        .where('status', '=', 'open')
        .execute()
    ).map((r) => ({ ...r, what: '说明解释申请', link: `/console/explanations/${r.id}` })),
  ];
}

/**
 * Scheduled working versions whose publication time has come (at most 100 a run). Joined by the item's key as
 * well: without it SQLite drove the join from a scan of every item (~30 ms at 100,000 items, each minute, on the
 * event loop) instead of from the few scheduled versions.
 */
export function duePublications(db: Executor, now: string) {
  return db
    .selectFrom('item_versions as v')
    .innerJoin('items as i', (j) => j.onRef('i.id', '=', 'v.item_id').onRef('i.draft_version_id', '=', 'v.id'))
    .select(['i.id as item_id', 'i.name', 'v.id as version_id'])
    .where('v.state', '=', 'scheduled')
    .where('v.publish_at', '<=', now)
    .limit(100)
    .execute();
}
