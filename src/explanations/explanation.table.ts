import type { Selectable } from 'kysely';

/** 说明解释申请 (Art. 21): a member of the public asks the unit to explain what it published. */
export type ExplanationStatus = 'open' | 'answered';
/** Whether the answer is to become an FAQ entry: proposed by the unit, decided by the centre. */
export type FaqStatus = 'none' | 'proposed' | 'approved' | 'declined';

export interface ExplanationRequestTable {
  id: string;
  tracking_no: string;
  /** Keyed hash of the tracking key shown once on the receipt. */
  key_hash: string;
  item_id: string;
  unit_id: string;
  version_id: string;
  item_name: string;
  /** Field-encrypted (AAD `explanation_requests.requester_name:<id>`), optional. */
  requester_name: string | null;
  /** Field-encrypted (AAD `explanation_requests.contact:<id>`), optional. */
  contact: string | null;
  question: string;
  status: ExplanationStatus;
  due_on: string;
  due_provisional: number;
  created_at: string;
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
  faq_status: FaqStatus;
  faq_question: string | null;
  faq_answer: string | null;
  faq_decided_at: string | null;
  faq_decided_by: string | null;
  faq_note: string | null;
  faq_seq: number | null;
  lock_version: number;
  /** When the retention job erased name and contact (DATA-03, EXPLANATION_RETENTION_DAYS after the answer). */
  contact_erased_at: string | null;
}
export type ExplanationRequestRow = Selectable<ExplanationRequestTable>;
