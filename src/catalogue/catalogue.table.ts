import type { Insertable, Selectable } from 'kysely';

/** 基本目录 entry, as received from the upper level. */
export interface CatalogueEntryTable {
  /** 基本编码: opaque, assigned upstream. */
  catalog_code: string;
  local_catalog_code: string | null;
  /** 主项 code for a 子项 entry. */
  parent_code: string | null;
  name: string;
  type: string;
  /** JSON: Citation[]. */
  set_basis: string;
  /** JSON: UseLevel[]. */
  use_levels: string;
  status: string;
  entry_version: number;
  /** Level that issued the entry: 1 国家 … 4 县. */
  source_level: string;
  updated_at: string;
}
export type CatalogueEntryRow = Selectable<CatalogueEntryTable>;
export type NewCatalogueEntryRow = Insertable<CatalogueEntryTable>;
