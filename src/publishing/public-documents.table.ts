import type { Selectable } from 'kysely';

/**
 * The public read model (migration 2026_12_07_1001): one row per public item with its ready API document and
 * list columns, written by the publication that changes it (public-documents.repository.ts). Derived data,
 * rebuilt by `shixiang reindex`; no foreign keys.
 */
export interface PublicItemTable {
  item_id: string;
  code: string;
  unit_id: string;
  unit_name: string;
  task_code: string;
  handling_code: string;
  parent_code: string | null;
  name: string;
  type: string;
  granularity: string;
  life_state: string;
  version: number;
  published_at: string;
  content_hash: string;
  service_objects: string;
  serves_person: number;
  serves_corporate: number;
  seq: number;
  units_at: string;
  api_json: string;
  api_hash: string;
  /** The repealed-设定依据 notice (basis-notice.queries.ts), null when none. */
  basis_notice: string | null;
}
export type PublicItemRow = Selectable<PublicItemTable>;

export interface PublicItemThemeTable {
  item_id: string;
  audience: string;
  theme: string;
  serves: number;
}

/** dim: all | type | unit | theme:person | theme:corporate. */
export interface PublicCountTable {
  dim: string;
  key: string;
  n: number;
}
