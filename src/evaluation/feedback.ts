/**
 * Public feedback (公众反映, Art. 22). Pure: what is kept of a search that found nothing, and when an item's
 * feedback flags it for the bureau's review.
 *
 * Nothing personal is kept: a vote is a count per item and day, its optional reason is text on its own, a search
 * that found nothing is a count per normalised query and day. The address is used only, hashed, for rate limits.
 */
export const VOTE_REASON_MAX = 300;
export const SEARCH_MISS_MAX = 50;

/**
 * The query as counted: Unicode-compatible forms folded (full-width letters and digits), lower case, runs of
 * white space as one space, cut to SEARCH_MISS_MAX characters. Queries that differ only in these count together.
 */
export function normaliseQuery(q: string): string {
  return [...q.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()].slice(0, SEARCH_MISS_MAX).join('').trim();
}

export interface FeedbackCounts {
  helpful: number;
  unhelpful: number;
  explanations: number;
}

export interface FlagThresholds {
  unhelpful: number;
  explanations: number;
}

/** Why an item is flagged (empty: not flagged): each count that reached its threshold. */
export function flagReasons(c: FeedbackCounts, t: FlagThresholds): string[] {
  const out: string[] = [];
  if (c.unhelpful >= t.unhelpful) out.push(`${c.unhelpful} 人认为指南没帮助（阈值 ${t.unhelpful}）`);
  if (c.explanations >= t.explanations) out.push(`${c.explanations} 件说明解释申请（阈值 ${t.explanations}）`);
  return out;
}

export interface DatedVotes {
  day: string;
  helpful: number;
  unhelpful: number;
}

/**
 * An item's feedback that still counts: within the window (China days from `windowStart`), and after the bureau's
 * last review of it (votes of later days — a vote keeps only its day —, explanation requests made after the moment).
 */
export function countSince(
  votes: readonly DatedVotes[],
  explanations: ReadonlyArray<{ day: string; at: string }>,
  windowStart: string,
  review: { day: string; at: string } | null,
): FeedbackCounts {
  const c: FeedbackCounts = { helpful: 0, unhelpful: 0, explanations: 0 };
  for (const v of votes) {
    if (v.day < windowStart || (review && v.day <= review.day)) continue;
    c.helpful += v.helpful;
    c.unhelpful += v.unhelpful;
  }
  c.explanations = explanations.filter((e) => e.day >= windowStart && (!review || e.at > review.at)).length;
  return c;
}
