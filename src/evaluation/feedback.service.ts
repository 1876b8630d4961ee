import type { AppContext } from '../app/context.js';
import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import { addDays } from '../calendar/dates.js';
import { dbErrorToAppError } from '../db/db-errors.js';
import { chinaDate } from '../shared/clock.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { visibleLength } from '../shared/text.js';
import { countSince, flagReasons, normaliseQuery, VOTE_REASON_MAX, type FeedbackCounts } from './feedback.js';
import {
  explanationTimesSince,
  itemNames,
  latestReviews,
  searchMissesBetween,
  voteReasons,
  votesBetween,
  votesSince,
} from './feedback.queries.js';
import { countSearchMiss, countVote, insertFeedbackReview, insertVoteReason } from './feedback.repository.js';
import type { GuideVoteReasonRow } from './evaluation.table.js';
import type { Period } from './period.js';

/**
 * "这个指南对您有帮助吗？" from a guide page: one more count for the item and day, and the reason (if any) as text
 * on its own. No account, no address, no time of day. The route has checked the form token and the rate limits.
 */
export async function castVote(
  app: AppContext,
  itemId: string,
  input: { helpful: boolean; reason: string },
): Promise<void> {
  const reason = input.reason.trim();
  if ([...reason].length > VOTE_REASON_MAX) throw errors.field('reason', `原因不超过 ${VOTE_REASON_MAX} 个字`);
  const day = chinaDate(app.clock.now());
  try {
    await app.db.kysely.transaction().execute(async (trx) => {
      await countVote(trx, itemId, day, input.helpful);
      if (visibleLength(reason) > 0)
        await insertVoteReason(trx, { id: newId(), item_id: itemId, day, helpful: input.helpful ? 1 : 0, reason });
    });
  } catch (e) {
    throw dbErrorToAppError(e);
  }
}

/**
 * Counts a public search that found nothing (unfiltered, first page): the normalised query and the day only.
 * A failure to count is logged and never fails the search.
 */
export async function recordSearchMiss(app: AppContext, q: string): Promise<void> {
  const query = normaliseQuery(q);
  if (!query) return;
  try {
    await countSearchMiss(app.db.kysely, query, chinaDate(app.clock.now()));
  } catch (err) {
    app.log.warn({ err }, 'could not count a search without results');
  }
}

export interface FeedbackFlag {
  itemId: string;
  name: string;
  unitId: string;
  unitName: string;
  counts: FeedbackCounts;
  /** Why it is flagged: each threshold reached. */
  reasons: string[];
  lastReviewAt: string | null;
}

/**
 * Items whose public feedback since the bureau last reviewed them (within FEEDBACK_WINDOW_DAYS) reached a
 * threshold — 公众反映强烈 (Art. 22). Items no longer in use are left out. Internal: callers authorise.
 */
export async function feedbackFlags(app: AppContext, unitId?: string): Promise<FeedbackFlag[]> {
  const { unhelpful, explanations, windowDays } = app.config.evaluation.feedbackFlag;
  const today = chinaDate(app.clock.now());
  const windowStart = addDays(today, -(windowDays - 1));
  const db = app.db.kysely;
  // Explanation requests are stamped in UTC; from the day before, so China's morning of windowStart is in.
  const [votes, asked, reviews] = await Promise.all([
    votesSince(db, windowStart, unitId),
    explanationTimesSince(db, `${addDays(windowStart, -1)}T00:00:00`, unitId),
    latestReviews(db),
  ]);
  const reviewOf = new Map(
    reviews.map((r) => [r.item_id, r.at ? { at: String(r.at), day: chinaDate(new Date(String(r.at))) } : null]),
  );
  const votesOf = groupBy(votes, (v) => v.item_id);
  const askedOf = groupBy(
    asked.map((a) => ({ itemId: a.item_id, day: chinaDate(new Date(a.created_at)), at: a.created_at })),
    (a) => a.itemId,
  );
  const flagged: Array<{ itemId: string; counts: FeedbackCounts; reasons: string[] }> = [];
  for (const id of new Set([...votesOf.keys(), ...askedOf.keys()])) {
    const counts = countSince(votesOf.get(id) ?? [], askedOf.get(id) ?? [], windowStart, reviewOf.get(id) ?? null);
    const reasons = flagReasons(counts, { unhelpful, explanations });
    if (reasons.length) flagged.push({ itemId: id, counts, reasons });
  }
  const names = new Map(
    (
      await itemNames(
        db,
        flagged.map((f) => f.itemId),
      )
    ).map((n) => [n.id, n]),
  );
  return flagged
    .flatMap((f) => {
      const n = names.get(f.itemId);
      if (!n || n.life_state === 'cancelled') return [];
      return [
        {
          ...f,
          name: n.name,
          unitId: n.unit_id,
          unitName: n.unit_name,
          lastReviewAt: reviewOf.get(f.itemId)?.at ?? null,
        },
      ];
    })
    .sort(
      (a, b) =>
        b.counts.unhelpful + b.counts.explanations - (a.counts.unhelpful + a.counts.explanations) ||
        a.name.localeCompare(b.name, 'zh'),
    );
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export interface FeedbackReport {
  period: Period;
  flags: FeedbackFlag[];
  /** Votes within the period per item, with names (most "没帮助" first). */
  votes: Array<{ itemId: string; name: string; unitName: string; helpful: number; unhelpful: number }>;
  misses: Array<{ query: string; count: number; lastDay: string }>;
  thresholds: { unhelpful: number; explanations: number; windowDays: number };
}

/** The bureau's public-feedback page: the flagged items, the period's votes and its searches that found nothing. */
export async function feedbackReport(uc: UseCaseContext, period: Period): Promise<FeedbackReport> {
  authorize(uc.actor, 'evaluation.read');
  const db = uc.app.db.kysely;
  const [flags, votes, misses] = await Promise.all([
    feedbackFlags(uc.app),
    votesBetween(db, period.from, period.to),
    searchMissesBetween(db, period.from, period.to, 200),
  ]);
  const names = new Map(
    (
      await itemNames(
        db,
        votes.map((v) => v.item_id),
      )
    ).map((n) => [n.id, n]),
  );
  return {
    period,
    flags,
    thresholds: uc.app.config.evaluation.feedbackFlag,
    votes: votes
      .map((v) => ({
        itemId: v.item_id,
        name: names.get(v.item_id)?.name ?? v.item_id,
        unitName: names.get(v.item_id)?.unit_name ?? '',
        helpful: Number(v.helpful),
        unhelpful: Number(v.unhelpful),
      }))
      .sort((a, b) => b.unhelpful - a.unhelpful || b.helpful - a.helpful || a.name.localeCompare(b.name, 'zh')),
    misses: misses.map((m) => ({ query: m.query, count: Number(m.n), lastDay: String(m.last) })),
  };
}

/** Reasons given with the votes on one flagged item within the window (the drill-down). */
export async function flagReasonsOf(uc: UseCaseContext, itemId: string): Promise<GuideVoteReasonRow[]> {
  authorize(uc.actor, 'evaluation.read');
  const since = addDays(chinaDate(uc.app.clock.now()), -(uc.app.config.evaluation.feedbackFlag.windowDays - 1));
  return voteReasons(uc.app.db.kysely, itemId, since, 50);
}

/** The bureau has looked into a flagged item: its feedback so far no longer flags it (new feedback counts afresh). */
export async function reviewFeedback(uc: UseCaseContext, itemId: string, note: string): Promise<void> {
  authorize(uc.actor, 'evaluation.manage');
  const text = note.trim();
  if (visibleLength(text) < 4) throw errors.field('note', '请写明核查情况（不少于4个字）');
  if (!(await itemNames(uc.app.db.kysely, [itemId])).length) throw errors.notFound('事项');
  await inTransaction(uc, async (trx, audit) => {
    const row = {
      id: newId(),
      item_id: itemId,
      reviewed_at: uc.app.clock.now().toISOString(),
      reviewed_by: uc.actor.id,
      note: text,
    };
    await insertFeedbackReview(trx, row);
    await audit({ action: 'feedback.reviewed', target: { type: 'item', id: itemId }, after: row });
  });
}
