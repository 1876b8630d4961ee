import type { Executor } from '../db/database.js';
import { unitOf, type UnitScope } from '../auth/policy.js';
import type { CampaignItemRow, CampaignRow } from './evaluation.table.js';

export type CampaignItemView = CampaignItemRow & { item_name: string; unit_name: string };

export function listCampaigns(db: Executor): Promise<CampaignRow[]> {
  return db.selectFrom('campaigns').selectAll().orderBy('status', 'desc').orderBy('due_on', 'desc').execute();
}

export function findCampaign(db: Executor, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export function campaignItems(db: Executor, scope: UnitScope, campaignId: string): Promise<CampaignItemView[]> {
  return db
    .selectFrom('campaign_items as c')
    .innerJoin('items as i', 'i.id', 'c.item_id')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .selectAll('c')
    .select(['i.name as item_name', 'u.name as unit_name'])
    .where('c.campaign_id', '=', campaignId)
    .$if(scope.kind === 'unit', (qb) => qb.where('c.unit_id', '=', unitOf(scope)))
    .$if(scope.kind === 'none', (qb) => qb.where((eb) => eb.lit(false)))
    .orderBy('u.name')
    .orderBy('i.name')
    .execute();
}

/** Items in scope when a campaign opens: those in use and published, of the chosen units and types. */
export function scopeItems(db: Executor, unitIds: string[] | null, types: string[] | null) {
  return db
    .selectFrom('items')
    .select(['id', 'unit_id'])
    .where('life_state', '=', 'active')
    .where('published_version_id', 'is not', null)
    .$if(!!unitIds?.length, (qb) => qb.where('unit_id', 'in', unitIds!))
    .$if(!!types?.length, (qb) => qb.where('type', 'in', types!))
    .execute();
}

/** Change requests of an item opened since a moment (what "changed in this campaign" points at). */
export function changeRequestsSince(db: Executor, itemId: string, since: string) {
  return db
    .selectFrom('change_requests')
    .select(['id', 'kind', 'created_at', 'status'])
    .where('item_id', '=', itemId)
    .where('created_at', '>=', since)
    .where('status', '!=', 'withdrawn')
    .orderBy('created_at')
    .execute();
}

/** Open campaigns due by `day` with pending items, per unit (reminders). */
export function pendingByUnitDueBy(db: Executor, day: string) {
  return db
    .selectFrom('campaign_items as c')
    .innerJoin('campaigns as k', 'k.id', 'c.campaign_id')
    .select(['k.id', 'k.title', 'k.due_on', 'c.unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('k.status', '=', 'open')
    .where('k.due_on', '<=', day)
    .where('c.status', '=', 'pending')
    .groupBy(['k.id', 'k.title', 'k.due_on', 'c.unit_id'])
    .execute();
}
