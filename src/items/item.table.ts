import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Granularity, LifeState } from '../domain/enums.js';
import type { VersionState } from './states.js';

/** An item's identity and the denormalised head of its versions (for lists, filters and reports). */
export interface ItemTable {
  id: string;
  unit_id: string;
  parent_id: string | null;
  granularity: Granularity;
  task_code: string;
  handling_code: string;
  catalog_code: string;
  origin: string;
  name: string;
  type: string;
  life_state: LifeState;
  workflow_state: VersionState;
  /** Optimistic-concurrency counter; every write to the item or its working version increments it. */
  lock_version: number;
  draft_version_id: string | null;
  published_version_id: string | null;
  error_count: number;
  warning_count: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}
export type ItemRow = Selectable<ItemTable>;
export type NewItemRow = Insertable<ItemTable>;
export type ItemUpdate = Updateable<ItemTable>;

/** One version of an item's content. Frozen once it leaves the editable states. */
export interface ItemVersionTable {
  id: string;
  item_id: string;
  seq: number;
  state: VersionState;
  /** JSON: ItemContent. */
  content: string;
  /** SM3 of the canonical content JSON. */
  content_hash: string;
  change_note: string | null;
  change_request_id: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  verified_at: string | null;
  verified_by: string | null;
  publish_at: string | null;
  published_at: string | null;
  published_by: string | null;
  superseded_at: string | null;
}
export type ItemVersionRow = Selectable<ItemVersionTable>;
export type NewItemVersionRow = Insertable<ItemVersionTable>;
