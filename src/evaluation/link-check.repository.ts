import type { Executor } from '../db/database.js';
import type { LinkCheckRow } from './evaluation.table.js';

/** SQL of the link checker's records. */

export function linkChecksOfItems(db: Executor, itemIds: string[]): Promise<LinkCheckRow[]> {
  if (!itemIds.length) return Promise.resolve([]);
  return db.selectFrom('link_checks').selectAll().where('item_id', 'in', itemIds).orderBy('id').execute();
}

export async function insertLinkChecks(db: Executor, rows: LinkCheckRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('link_checks')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function deleteLinkChecks(db: Executor, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .deleteFrom('link_checks')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
}

/** Records of items no longer in use (cancelled, or never published any more). */
export async function deleteLinkChecksOfUnpublished(db: Executor): Promise<void> {
  await db
    .deleteFrom('link_checks')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('items as i')
            .select('i.id')
            .whereRef('i.id', '=', 'link_checks.item_id')
            .where('i.life_state', '=', 'active')
            .where('i.published_version_id', 'is not', null),
        ),
      ),
    )
    .execute();
}

export async function updateLinkCheck(db: Executor, id: string, patch: Partial<LinkCheckRow>): Promise<void> {
  await db.updateTable('link_checks').set(patch).where('id', '=', id).execute();
}
