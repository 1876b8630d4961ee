import { sm3Hex } from '../crypto/sm.js';
import type { Executor, Trx } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { canonicalJson } from '../shared/json.js';
import * as repo from './item.repository.js';
import { newVersionRow } from './item-rows.js';
import { RETURN_COMMENT_STAGES } from '../workflow/state-machine.js';
import type { ItemRow, ItemVersionRow } from './item.table.js';

/**
 * Writes new content into an item's working version, the one way every editor (the clerk's form, the
 * take-over of upper-level text, an approved FAQ) changes it:
 * - a draft is revised in place;
 * - a returned version is history — what the reviewer returned stays as it was — so the revision becomes
 *   a new draft version, and the next reviewer can see exactly what changed since the return.
 * Both writes are guarded (the draft still a draft with the content the caller read; the item still pointing
 * at the returned version), so a racing save or submission gets 409 and the caller's transaction rolls back. The item's own columns (lock
 * version, name, finding counts) stay the caller's business, apart from the pointer to the new version.
 */
export async function reviseWorkingVersion(
  trx: Trx,
  item: ItemRow,
  working: ItemVersionRow,
  content: ItemContent,
  by: string | null,
  now: string,
  note?: string,
): Promise<ItemVersionRow> {
  const text = canonicalJson(content);
  if (working.state === 'returned') {
    const revised: ItemVersionRow = {
      ...newVersionRow(
        newId(),
        item.id,
        (await repo.maxVersionSeq(trx, item.id)) + 1,
        content,
        by,
        now,
        note ?? working.change_note ?? undefined,
      ),
      change_request_id: working.change_request_id,
    };
    await repo.insertVersion(trx, revised);
    if (!(await repo.moveWorkingVersion(trx, item.id, working.id, revised.id)))
      throw errors.invalidState('状态已被他人改变，请刷新后重试');
    return revised;
  }
  if (working.state !== 'draft') throw errors.invalidState('当前版本已提交审核，不能修改');
  const patch = {
    content: text,
    content_hash: sm3Hex(text),
    updated_at: now,
    updated_by: by,
    change_note: note ?? working.change_note,
  };
  // The content the caller read must still be there: a concurrent save is never overwritten with stale content.
  if (!(await repo.reviseDraft(trx, working, patch))) throw errors.invalidState('状态已被他人改变，请刷新后重试');
  return { ...working, ...patch };
}

/** The returned version a working draft was revised from, if any: its review comments still apply. */
export async function returnedPredecessor(
  db: Executor,
  working: Pick<ItemVersionRow, 'item_id' | 'seq' | 'state'>,
): Promise<ItemVersionRow | undefined> {
  if (working.state === 'returned') return undefined;
  const previous = await repo.findVersionAt(db, working.item_id, working.seq - 1);
  return previous?.state === 'returned' ? previous : undefined;
}

/**
 * The 退回意见 that still apply to the working version: its own if returned, else its returned predecessor's.
 * Only the return's comments — the clerk's own submission note and an approval note share the table.
 */
export async function openReturnComments(
  db: Executor,
  working: Pick<ItemVersionRow, 'id' | 'item_id' | 'seq' | 'state'>,
) {
  const source = working.state === 'returned' ? working : await returnedPredecessor(db, working);
  if (!source || !['returned', 'draft'].includes(working.state)) return [];
  return repo.reviewCommentsAt(db, source.id, RETURN_COMMENT_STAGES);
}
