import type { Executor } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { ACTIVE_OBLIGATION_STATUSES } from '../obligations/obligation.enums.js';
import { addDays } from '../calendar/dates.js';
import { chinaDate } from '../shared/clock.js';
import { parseStored } from '../shared/json.js';

/**
 * The catalogue as evaluation sees it: every item in use (active, published) with its published guide's content,
 * the day it was last published, and how many of its links the link checker holds for broken. One read for the
 * scorecards, the coverage report and the dashboard, so they cannot disagree.
 */
export interface PublishedItemFacts {
  id: string;
  name: string;
  type: string;
  unitId: string;
  errors: number;
  warnings: number;
  content: ItemContent;
  lastPublishedOn: string | null;
  /** Day its unit last confirmed it unchanged, with the Art. 15 attestation, in a clean-up campaign. */
  lastConfirmedOn: string | null;
  brokenLinks: number;
}

export async function publishedItemFacts(
  db: Executor,
  o: { unitId?: string; brokenAfter: number },
): Promise<PublishedItemFacts[]> {
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
    .select(['i.id', 'i.name', 'i.type', 'i.unit_id', 'i.error_count', 'i.warning_count', 'v.content'])
    .where('i.life_state', '=', 'active')
    .$if(!!o.unitId, (qb) => qb.where('i.unit_id', '=', o.unitId!))
    .orderBy('i.name')
    .execute();
  const published = await db
    .selectFrom('publications')
    .select(['item_id', (eb) => eb.fn.max('published_at').as('last')])
    .$if(!!o.unitId, (qb) => qb.where('unit_id', '=', o.unitId!))
    .groupBy('item_id')
    .execute();
  const confirmed = await db
    .selectFrom('campaign_items')
    .select(['item_id', (eb) => eb.fn.max('decided_at').as('last')])
    .where('status', '=', 'confirmed')
    .$if(!!o.unitId, (qb) => qb.where('unit_id', '=', o.unitId!))
    .groupBy('item_id')
    .execute();
  const broken = await db
    .selectFrom('link_checks')
    .select(['item_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('last_status', '=', 'failed')
    .where('consecutive_failures', '>=', o.brokenAfter)
    .$if(!!o.unitId, (qb) => qb.where('unit_id', '=', o.unitId!))
    .groupBy('item_id')
    .execute();
  const last = new Map(published.map((p) => [p.item_id, p.last ? chinaDate(new Date(String(p.last))) : null]));
  const confirmedOn = new Map(confirmed.map((c) => [c.item_id, c.last ? chinaDate(new Date(String(c.last))) : null]));
  const brokenBy = new Map(broken.map((b) => [b.item_id, Number(b.n)]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    unitId: r.unit_id,
    errors: r.error_count,
    warnings: r.warning_count,
    content: parseStored<ItemContent>(r.content),
    lastPublishedOn: last.get(r.id) ?? null,
    lastConfirmedOn: confirmedOn.get(r.id) ?? null,
    brokenLinks: brokenBy.get(r.id) ?? 0,
  }));
}

/**
 * One page of the published guides in id order, after `afterId`: the link checker walks the catalogue this way,
 * so it never holds every guide at once nor blocks the event loop for the whole catalogue.
 */
export async function publishedContentPage(
  db: Executor,
  afterId: string | null,
  limit: number,
): Promise<Array<{ id: string; name: string; unitId: string; content: ItemContent }>> {
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
    .select(['i.id', 'i.name', 'i.unit_id', 'v.content'])
    .where('i.life_state', '=', 'active')
    .$if(afterId !== null, (qb) => qb.where('i.id', '>', afterId!))
    .orderBy('i.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, unitId: r.unit_id, content: parseStored<ItemContent>(r.content) }));
}

/** Obligations still waiting for the unit or the centre. */
export function activeObligations(db: Executor, unitId?: string) {
  return db
    .selectFrom('obligations as o')
    .leftJoin('items as i', 'i.id', 'o.item_id')
    .select(['o.id', 'o.unit_id', 'o.summary', 'o.due_on', 'i.name as item_name'])
    .where('o.status', 'in', [...ACTIVE_OBLIGATION_STATUSES])
    .$if(!!unitId, (qb) => qb.where('o.unit_id', '=', unitId!))
    .orderBy('o.due_on')
    .execute();
}

export function activeUnits(db: Executor, unitId?: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'website', 'online_system_url'])
    .where('active', '=', 1)
    .$if(!!unitId, (qb) => qb.where('id', '=', unitId!))
    .orderBy('name')
    .execute();
}

/** Publications (kind, time) within a period, for the dashboard's monthly chart. */
export function publicationsBetween(db: Executor, from: string, to: string) {
  return db
    .selectFrom('publications')
    .select(['kind', 'published_at'])
    .where('published_at', '>=', `${from}T00:00:00`)
    .where('published_at', '<=', `${to}T23:59:59.999Z`)
    .execute();
}

/** Published items a supervisor can pick for a spot check (id and name). */
export function publishedItemChoices(db: Executor, limit = 2000) {
  return db
    .selectFrom('items')
    .select(['id', 'name'])
    .where('published_version_id', 'is not', null)
    .orderBy('name')
    .limit(limit)
    .execute();
}

/** Versions verified from the day before `from` to `to` (the caller keeps those of the period in China time). */
export async function verificationsBetween(
  db: Executor,
  from: string,
  to: string,
): Promise<Array<{ submittedAt: string; verifiedAt: string }>> {
  const rows = await db
    .selectFrom('item_versions')
    .select(['submitted_at', 'verified_at'])
    .where('verified_at', '>=', `${addDays(from, -1)}T00:00:00`)
    .where('verified_at', '<=', `${to}T23:59:59.999Z`)
    .where('submitted_at', 'is not', null)
    .execute();
  return rows.flatMap((r) =>
    r.submitted_at && r.verified_at ? [{ submittedAt: r.submitted_at, verifiedAt: r.verified_at }] : [],
  );
}

/** When each version now waiting for verification was submitted. */
export async function waitingForVerification(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('item_versions')
    .select('submitted_at')
    .where('state', '=', 'submitted')
    .where('submitted_at', 'is not', null)
    .execute();
  return rows.flatMap((r) => (r.submitted_at ? [r.submitted_at] : []));
}
