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
