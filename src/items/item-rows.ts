import { sm3Hex } from '../crypto/sm.js';
import type { ItemContent } from '../domain/item-content.js';
import { canonicalJson } from '../shared/json.js';
import type { ItemRow, ItemVersionRow } from './item.table.js';

/**
 * Pure helpers over item rows, shared by the item use cases, the working-version logic, the workflow and the
 * legal index. They sit below item.service.ts so that none of those has to import a use-case module for them.
 */

/** A new draft version row holding `content` (canonical JSON and its SM3 hash). */
export function newVersionRow(
  id: string,
  itemId: string,
  seq: number,
  content: ItemContent,
  by: string | null,
  now: string,
  note?: string,
): ItemVersionRow {
  const text = canonicalJson(content);
  return {
    id,
    item_id: itemId,
    seq,
    state: 'draft',
    content: text,
    content_hash: sm3Hex(text),
    change_note: note ?? null,
    change_request_id: null,
    created_at: now,
    created_by: by,
    updated_at: now,
    updated_by: by,
    submitted_at: null,
    submitted_by: null,
    verified_at: null,
    verified_by: null,
    publish_at: null,
    published_at: null,
    published_by: null,
    superseded_at: null,
  };
}

/** What the rules engine needs to know about an item besides its content. */
export const toCheckable = (item: ItemRow) => ({
  id: item.id,
  granularity: item.granularity,
  taskCode: item.task_code,
  handlingCode: item.handling_code,
  unitId: item.unit_id,
});
