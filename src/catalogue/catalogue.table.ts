import type { Insertable, Selectable } from 'kysely';
import type { ItemType } from '../domain/enums.js';
import type { DivergenceField, DivergenceStatus } from './divergence.enums.js';

/** 基本目录 entry as currently in force (the latest imported version, or entries saved one by one). */
export interface CatalogueEntryTable {
  /** 基本编码: opaque, assigned upstream. */
  catalog_code: string;
  local_catalog_code: string | null;
  /** 主项 code for a 子项 entry. */
  parent_code: string | null;
  name: string;
  type: ItemType;
  /** JSON: Citation[]. */
  set_basis: string;
  /** Fingerprint of set_basis (src/legal/basis-key.ts). */
  set_basis_key: string | null;
  /** JSON: UseLevel[]. */
  use_levels: string;
  status: string;
  entry_version: number;
  /** Level that issued the entry: 1 国家 … 4 县. */
  source_level: string;
  /** The imported catalogue version that last wrote the entry. */
  version_id: string | null;
  updated_at: string;
}
export type CatalogueEntryRow = Selectable<CatalogueEntryTable>;
export type NewCatalogueEntryRow = Insertable<CatalogueEntryTable>;

/** One imported version of the upper-level catalogue; its entries are kept as a snapshot. */
export interface CatalogueVersionTable {
  id: string;
  seq: number;
  label: string;
  source_level: string;
  doc_no: string | null;
  effective_on: string;
  entry_count: number;
  /** JSON: VersionSummary. */
  summary: string;
  file_name: string | null;
  /** json | xlsx */
  file_format: string;
  imported_at: string;
  imported_by: string | null;
}
export type CatalogueVersionRow = Selectable<CatalogueVersionTable>;

export interface CatalogueVersionEntryTable {
  version_id: string;
  catalog_code: string;
  local_catalog_code: string | null;
  parent_code: string | null;
  name: string;
  type: ItemType;
  set_basis: string;
  set_basis_key: string;
  use_levels: string;
  status: string;
}
export type CatalogueVersionEntryRow = Selectable<CatalogueVersionEntryTable>;

/** 需复核: a claimed item whose inherited elements changed in a new version; open while its obligation is. */
export interface CatalogueReviewTable {
  id: string;
  item_id: string;
  version_id: string;
  catalog_code: string;
  /** JSON: InheritedField[] (or ['removed']). */
  fields: string;
  obligation_id: string;
  created_at: string;
}
export type CatalogueReviewRow = Selectable<CatalogueReviewTable>;

/** A unit's request to the upper level for a local divergence from an inherited element. */
export interface DivergenceRequestTable {
  id: string;
  item_id: string;
  unit_id: string;
  catalog_code: string;
  field: DivergenceField;
  proposed: string;
  reason: string;
  status: DivergenceStatus;
  answer: string | null;
  created_at: string;
  created_by: string | null;
  answered_at: string | null;
  answered_by: string | null;
}
export type DivergenceRequestRow = Selectable<DivergenceRequestTable>;
