import type { Executor } from '../db/database.js';

/** What the search index holds of a public item: its identity, state, unit name and published content. */
export interface PublicSearchRow {
  id: string;
  unit_id: string;
  task_code: string;
  handling_code: string;
  life_state: string;
  content: string;
  unit_name: string;
}

const publicRows = (db: Executor) =>
  db
    .selectFrom('items as i')
    .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .select([
      'i.id',
      'i.unit_id',
      'i.task_code',
      'i.handling_code',
      'i.life_state',
      'v.content',
      'u.name as unit_name',
    ]);

/** The published rows of those of the items that have a published version. */
export function publicSearchRows(db: Executor, itemIds: readonly string[]): Promise<PublicSearchRow[]> {
  return itemIds.length
    ? publicRows(db)
        .where('i.id', 'in', [...itemIds])
        .execute()
    : Promise.resolve([]);
}

/** The published, not cancelled items after `afterId` in id order, `limit` at a time (a rebuild's batches). */
export function publicSearchRowsAfter(db: Executor, afterId: string, limit: number): Promise<PublicSearchRow[]> {
  return publicRows(db)
    .where('i.life_state', '!=', 'cancelled')
    .where('i.id', '>', afterId)
    .orderBy('i.id')
    .limit(limit)
    .execute();
}
