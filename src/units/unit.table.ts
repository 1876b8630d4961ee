import type { Insertable, Selectable, Updateable } from 'kysely';
import type { ReorganisationKind } from './reorganisation.enums.js';

/** 实施单位 (implementing unit, Art. 4). */
export interface UnitTable {
  id: string;
  name: string;
  short_name: string | null;
  /** 统一社会信用代码, validated with its check character. */
  uscc: string;
  /** 实施主体性质 code (DEPT_NATURES). */
  nature: string;
  /** GB/T 2260 region code. */
  region_code: string;
  website: string | null;
  /** The unit's own online-handling system (Art. 10); null = uses the platform channel. */
  online_system_url: string | null;
  address: string | null;
  phone: string | null;
  /** 0/1: submissions go through the unit's own reviewer (单位负责人) before the centre. */
  unit_review_enabled: number;
  active: number;
  /** The unit that took over when this one ceased (merged into it); null otherwise. */
  successor_unit_id: string | null;
  lock_version: number;
  created_at: string;
  updated_at: string;
}
export type UnitRow = Selectable<UnitTable>;
export type NewUnitRow = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;

/** One 实施机构职能调整 (Art. 18(三)): what moved where, on which ground date. */
export interface UnitReorganisationTable {
  id: string;
  kind: ReorganisationKind;
  event_date: string;
  explanation: string | null;
  ground_document: string | null;
  source_unit_ids: string;
  target_unit_ids: string;
  moves: string;
  created_at: string;
  created_by: string | null;
}
export type UnitReorganisationRow = Selectable<UnitReorganisationTable>;
