import type { Selectable } from 'kysely';

/** 监督检查 (Art. 22): a finding the bureau records against one item, a task for its unit until the bureau closes it. */
export interface SpotCheckTable {
  id: string;
  unit_id: string;
  item_id: string;
  findings: string;
  required_fix: string;
  checked_on: string;
  due_on: string;
  /** open | answered | closed */
  status: string;
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
  close_note: string | null;
  closed_at: string | null;
  closed_by: string | null;
  created_at: string;
  created_by: string | null;
  lock_version: number;
}
export type SpotCheckRow = Selectable<SpotCheckTable>;

/** The link checker's state of one URL of one published item. */
export interface LinkCheckTable {
  id: string;
  item_id: string;
  unit_id: string;
  kind: string;
  label: string;
  url: string;
  /** ok | failed | refused */
  last_status: string | null;
  last_http_status: number | null;
  last_error: string | null;
  last_checked_at: string | null;
  consecutive_failures: number;
  failing_since: string | null;
  task_opened_at: string | null;
  created_at: string;
}
export type LinkCheckRow = Selectable<LinkCheckTable>;

/** 目录清理 (Art. 22): a campaign over some units and item types, due on a day. */
export interface CampaignTable {
  id: string;
  title: string;
  instructions: string;
  /** JSON array of unit ids, null = every unit. */
  unit_ids: string | null;
  /** JSON array of item type codes, null = every type. */
  types: string | null;
  opened_on: string;
  due_on: string;
  /** open | closed */
  status: string;
  created_at: string;
  created_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
}
export type CampaignRow = Selectable<CampaignTable>;

/** One in-scope item's answer in a campaign. */
export interface CampaignItemTable {
  campaign_id: string;
  item_id: string;
  unit_id: string;
  /** pending | confirmed | changed | cancel_proposed */
  status: string;
  change_request_id: string | null;
  /** Art. 16 ground of a proposed cancellation. */
  ground: string | null;
  /** The Art. 15 attestation (confirmed) or the explanation (cancellation). */
  note: string | null;
  decided_at: string | null;
  decided_by: string | null;
}
export type CampaignItemRow = Selectable<CampaignItemTable>;

/** Votes on a guide page ("这个指南对您有帮助吗？"), counted per item and day: no address, no time of day. */
export interface GuideVoteTable {
  item_id: string;
  day: string;
  helpful: number;
  unhelpful: number;
}

/** The optional reason given with a vote, as text only (not linked to the count, nor to anyone). */
export interface GuideVoteReasonTable {
  id: string;
  item_id: string;
  day: string;
  helpful: number;
  reason: string;
}
export type GuideVoteReasonRow = Selectable<GuideVoteReasonTable>;

/** Public searches that found nothing: the normalised query, counted per day. */
export interface SearchMissTable {
  query: string;
  day: string;
  count: number;
}

/** The bureau looked into a flagged item; feedback before this moment no longer flags it. */
export interface FeedbackReviewTable {
  id: string;
  item_id: string;
  reviewed_at: string;
  reviewed_by: string | null;
  note: string;
}
export type FeedbackReviewRow = Selectable<FeedbackReviewTable>;
