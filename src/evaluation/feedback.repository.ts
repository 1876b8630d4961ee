import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { FeedbackReviewRow } from './evaluation.table.js';

/** Write-side SQL of public feedback: counters (upserts, safe under concurrent posts) and the bureau's reviews. */

export async function countVote(db: Executor, itemId: string, day: string, helpful: boolean): Promise<void> {
  await db
    .insertInto('guide_votes')
    .values({ item_id: itemId, day, helpful: helpful ? 1 : 0, unhelpful: helpful ? 0 : 1 })
    .onConflict((oc) =>
      oc
        .columns(['item_id', 'day'])
        .doUpdateSet(
          helpful ? { helpful: sql`guide_votes.helpful + 1` } : { unhelpful: sql`guide_votes.unhelpful + 1` },
        ),
    )
    .execute();
}

export async function insertVoteReason(
  db: Executor,
  row: { id: string; item_id: string; day: string; helpful: number; reason: string },
): Promise<void> {
  await db.insertInto('guide_vote_reasons').values(row).execute();
}

export async function countSearchMiss(db: Executor, query: string, day: string): Promise<void> {
  await db
    .insertInto('search_misses')
    .values({ query, day, count: 1 })
    .onConflict((oc) => oc.columns(['query', 'day']).doUpdateSet({ count: sql`search_misses.count + 1` }))
    .execute();
}

export async function insertFeedbackReview(db: Executor, row: FeedbackReviewRow): Promise<void> {
  await db.insertInto('feedback_reviews').values(row).execute();
}
