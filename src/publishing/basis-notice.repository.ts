import type { Executor } from '../db/database.js';
import { itemsCiting, repealedBasisNotices } from './basis-notice.queries.js';

/**
 * Keeps `public_items.basis_notice` in step with the legal register: called in the transaction of every
 * write that can change it (an item's citations, a legal event, an edit of a register document, the
 * publication that writes the item's documents). Items that are not public have no row and are skipped.
 */
export async function refreshBasisNotices(db: Executor, itemIds: readonly string[]): Promise<void> {
  if (!itemIds.length) return;
  const notices = await repealedBasisNotices(db, itemIds);
  const none = itemIds.filter((id) => !notices.has(id));
  for (let i = 0; i < none.length; i += 500) {
    await db.updateTable('public_items').set({ basis_notice: null }).where('item_id', 'in', none.slice(i, i + 500)).where('basis_notice', 'is not', null).execute();
  }
  for (const [itemId, notice] of notices) await db.updateTable('public_items').set({ basis_notice: notice }).where('item_id', '=', itemId).execute();
}

/** After a register document changed (status, title, date): the notices of the items citing it. */
export async function refreshBasisNoticesOfDocuments(db: Executor, docIds: readonly string[]): Promise<void> {
  await refreshBasisNotices(db, await itemsCiting(db, docIds));
}
