import type { Executor } from '../db/database.js';
import type { GuideVoteReasonRow } from './evaluation.table.js';

/** Votes per item and day from `since` (the flag window). */
export function votesSince(db: Executor, since: string, unitId?: string) {
  return db
    .selectFrom('guide_votes as g')
    .innerJoin('items as i', 'i.id', 'g.item_id')
    .select(['g.item_id', 'g.day', 'g.helpful', 'g.unhelpful'])
    .where('g.day', '>=', since)
    .$if(!!unitId, (qb) => qb.where('i.unit_id', '=', unitId!))
    .execute();
}

/** Votes per item within a period (for the page's totals and the export). */
export function votesBetween(db: Executor, from: string, to: string) {
  return db
    .selectFrom('guide_votes')
    .select([
      'item_id',
      (eb) => eb.fn.sum<number>('helpful').as('helpful'),
      (eb) => eb.fn.sum<number>('unhelpful').as('unhelpful'),
    ])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('item_id')
    .execute();
}

/** When each explanation request from `since` was made, per item. */
export function explanationTimesSince(db: Executor, since: string, unitId?: string) {
  return db
    .selectFrom('explanation_requests')
    .select(['item_id', 'created_at'])
    .where('created_at', '>=', since)
    .$if(!!unitId, (qb) => qb.where('unit_id', '=', unitId!))
    .execute();
}

/** The bureau's latest review of each item that has one. */
export function latestReviews(db: Executor) {
  return db
    .selectFrom('feedback_reviews')
    .select(['item_id', (eb) => eb.fn.max('reviewed_at').as('at')])
    .groupBy('item_id')
    .execute();
}

/** Reasons given with votes on one item, newest first. */
export function voteReasons(db: Executor, itemId: string, since: string, limit: number): Promise<GuideVoteReasonRow[]> {
  return db
    .selectFrom('guide_vote_reasons')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('day', '>=', since)
    .orderBy('day', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Searches that found nothing within a period: each normalised query with its count, most frequent first. */
export function searchMissesBetween(db: Executor, from: string, to: string, limit: number) {
  return db
    .selectFrom('search_misses')
    .select(['query', (eb) => eb.fn.sum<number>('count').as('n'), (eb) => eb.fn.max('day').as('last')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('query')
    .orderBy('n', 'desc')
    .orderBy('query')
    .limit(limit)
    .execute();
}

/** The reviews of one item, newest first (its history on the page). */
export function reviewsOf(db: Executor, itemId: string) {
  return db
    .selectFrom('feedback_reviews')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('reviewed_at', 'desc')
    .execute();
}

/** Names and units of some items (the flagged ones). */
export function itemNames(db: Executor, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('items as i')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .select(['i.id', 'i.name', 'i.unit_id', 'u.name as unit_name', 'i.life_state'])
    .where('i.id', 'in', ids)
    .execute();
}
