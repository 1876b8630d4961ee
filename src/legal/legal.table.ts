import type { Insertable, Selectable } from 'kysely';
import type { DirectiveKind, DirectiveLevel, LegalDocStatus, LegalEventKind } from './legal.enums.js';
import type { Ground } from '../domain/grounds.js';

/** A document of the legal-basis register (法律法规库). */
export interface LegalDocumentTable {
  id: string;
  /** LEGAL_DOC_KINDS code. */
  kind: string;
  title: string;
  /** 制定机关. */
  issuer: string;
  /** 文号 (e.g. 主席令第二十一号). */
  doc_no: string | null;
  published_on: string | null;
  effective_on: string | null;
  amended_on: string | null;
  repealed_on: string | null;
  status: LegalDocStatus;
  successor_id: string | null;
  note: string | null;
  /** Address of the official text (e.g. on flk.npc.gov.cn), followed by the link checker. */
  url: string | null;
  lock_version: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}
export type LegalDocumentRow = Selectable<LegalDocumentTable>;

export interface LegalArticleTable {
  doc_id: string;
  seq: number;
  /** As printed: 第十二条. */
  number: string;
  text: string;
}
export type LegalArticleRow = Selectable<LegalArticleTable>;

/** The citation index: maintained by `indexItem` from each item's head content. */
export interface LegalCitationTable {
  item_id: string;
  doc_id: string;
  /** '' when the citation names no 条. */
  article: string;
  /** set (设定依据) | impl (实施依据). */
  basis: 'set' | 'impl';
}

/** Fingerprint of an item's catalogue-facing 设定依据 (see basis-key.ts). */
export interface ItemBasisTable {
  item_id: string;
  set_basis_key: string;
}

/** A recorded change of a document: repealed, expired, amended or newly made. */
export interface LegalEventTable {
  id: string;
  doc_id: string;
  kind: LegalEventKind;
  effective_on: string;
  notice_doc_no: string | null;
  notice_title: string | null;
  related_doc_id: string | null;
  /** JSON: string[]. */
  unit_ids: string;
  note: string | null;
  obligation_count: number;
  recorded_at: string;
  recorded_by: string | null;
}
export type LegalEventRow = Selectable<LegalEventTable>;
export type NewLegalEventRow = Insertable<LegalEventTable>;

/** A decision of 国务院 / 省 / 市 to cancel, delegate or adjust items (Art. 16(二), 17(二), 18). */
export interface DirectiveTable {
  id: string;
  level: DirectiveLevel;
  kind: DirectiveKind;
  doc_no: string;
  title: string;
  issued_on: string;
  effective_on: string;
  /** JSON: string[] of 基本编码. */
  codes: string;
  /** JSON: string[] of unit ids (delegations). */
  unit_ids: string;
  ground: Ground;
  note: string | null;
  obligation_count: number;
  recorded_at: string;
  recorded_by: string | null;
}
export type DirectiveRow = Selectable<DirectiveTable>;
