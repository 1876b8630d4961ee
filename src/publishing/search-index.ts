import type { Db, Executor, Trx } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { guideTextsOf, type SearchDocInput } from '../search/search-doc.js';
import { indexDocument, rebuildIndex, removeDocument, type RebuildResult } from '../search/search.service.js';
import { parseStored } from '../shared/json.js';
import { itemCode } from './public.queries.js';

/**
 * Keeps the search index in step with publications: the portal's search finds exactly what the portal
 * shows. A publication re-indexes its item in the publication's transaction (a cancelled item leaves the
 * index); `reindexPublished` rebuilds the whole index from the published catalogue (existing data, demo).
 */

const publicRows = (db: Executor) => db
  .selectFrom('items as i')
  .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
  .innerJoin('units as u', 'u.id', 'i.unit_id')
  .select(['i.id', 'i.unit_id', 'i.task_code', 'i.handling_code', 'i.life_state', 'v.content', 'u.name as unit_name']);

type PublicRow = { id: string; unit_id: string; task_code: string; handling_code: string; content: string; unit_name: string };

function docOf(row: PublicRow): SearchDocInput {
  const content = parseStored<ItemContent>(row.content);
  return {
    itemId: row.id, unitId: row.unit_id, type: content.type ?? '', name: content.name,
    texts: guideTextsOf(content, { unitName: row.unit_name, taskCode: itemCode(row.task_code, row.handling_code) }),
  };
}

export async function indexPublishedItem(trx: Trx, itemId: string): Promise<void> {
  const row = await publicRows(trx).where('i.id', '=', itemId).executeTakeFirst();
  if (!row || row.life_state === 'cancelled') await removeDocument(trx, itemId);
  else await indexDocument(trx, docOf(row));
}

export async function* publishedSearchDocs(db: Executor): AsyncIterable<SearchDocInput> {
  const rows = await publicRows(db).where('i.life_state', '!=', 'cancelled').orderBy('i.id').execute();
  for (const row of rows) yield docOf(row);
}

/** The index rebuilt to hold exactly the public catalogue. */
export function reindexPublished(db: Db): Promise<RebuildResult> {
  return rebuildIndex(db, publishedSearchDocs(db.kysely));
}
