import type { Selectable } from 'kysely';
import type { ObligationSource, ObligationStatus } from '../obligations/obligation.enums.js';
import type { AttestationStage } from './attestation.js';
import type { ChangeKind, ChangeRequestStatus, Ground } from '../domain/grounds.js';

export interface ReviewCommentTable {
  id: string;
  item_id: string;
  version_id: string;
  /** unit_review | verification (the comments of a return); submission | unit_approval | verification_approval (notes) */
  stage: string;
  field_path: string | null;
  comment: string;
  author_id: string | null;
  author_name: string | null;
  created_at: string;
}
export type ReviewCommentRow = Selectable<ReviewCommentTable>;

/** Art. 15 statement made on submission or 单位审核 approval (see workflow/attestation.ts). */
export interface AttestationTable {
  id: string;
  item_id: string;
  version_id: string;
  stage: AttestationStage;
  statement: string;
  user_id: string | null;
  user_name: string;
  attested_at: string;
}
export type AttestationRow = Selectable<AttestationTable>;

export interface ChangeRequestTable {
  id: string;
  unit_id: string;
  item_id: string | null;
  version_id: string | null;
  kind: ChangeKind;
  ground: Ground;
  ground_explanation: string | null;
  /** JSON: GroundDocument. */
  ground_document: string | null;
  ground_arisen_on: string;
  due_on: string;
  due_provisional: number;
  status: ChangeRequestStatus;
  first_submitted_at: string | null;
  completed_at: string | null;
  obligation_id: string | null;
  summary: string | null;
  created_at: string;
  created_by: string | null;
  lock_version: number;
}
export type ChangeRequestRow = Selectable<ChangeRequestTable>;

export interface ChangeRequestItemTable {
  change_request_id: string;
  item_id: string;
  role: string;
}

export interface ObligationTable {
  id: string;
  unit_id: string;
  item_id: string | null;
  kind: ChangeKind;
  ground: Ground;
  source_type: ObligationSource;
  source_id: string;
  summary: string;
  ground_arisen_on: string;
  due_on: string;
  due_provisional: number;
  status: ObligationStatus;
  change_request_id: string | null;
  justification: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  created_at: string;
  /** 基本编码 the obligation concerns (directives, catalogue versions); added by migration 0008. */
  catalog_code: string | null;
  /** JSON: GroundDocument of the source (notice, decision or catalogue version); migration 0008. */
  ground_document: string | null;
  /** The centre's note when it rejects a "no change needed" answer; migration 0008. */
  review_note: string | null;
}
export type ObligationRow = Selectable<ObligationTable>;

export interface PublicationTable {
  seq: number;
  item_id: string;
  version_id: string;
  unit_id: string;
  kind: string;
  change_request_id: string | null;
  ground: string | null;
  summary: string | null;
  content_hash: string;
  published_at: string;
  published_by: string | null;
}
export type PublicationRow = Selectable<PublicationTable>;

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  dedupe_key: string | null;
  created_at: string;
  read_at: string | null;
}
export type NotificationRow = Selectable<NotificationTable>;

export interface MailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  body: string;
  attempts: number;
  next_attempt_at: string;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface JobRunTable {
  job: string;
  slot: string;
  instance: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}

export interface AlertTable {
  id: string;
  kind: string;
  message: string;
  target_type: string | null;
  target_id: string | null;
  created_at: string;
  resolved_at: string | null;
}
