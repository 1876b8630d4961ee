import type { Executor, Trx } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { guideTextsOf, type SearchDocInput } from '../search/search-doc.js';
import type { SearchDb } from '../search/search.repository.js';
import { indexDocument, rebuildIndex, removeDocument, type RebuildResult } from '../search/search.service.js';
import { parseStored } from '../shared/json.js';
import { itemCode } from './public.queries.js';
import { publicSearchRow, publicSearchRowsAfter, type PublicSearchRow } from './search-index.queries.js';

/**
 * Keeps the search index in step with publications: the portal's search finds exactly what the portal
 * shows. A publication re-indexes its item in the publication's transaction (a cancelled item leaves the
 * index); `reindexPublished` rebuilds the whole index from the published catalogue (existing data, demo).
 */

function docOf(row: PublicSearchRow): SearchDocInput {
  const content = parseStored<ItemContent>(row.content);
  return {
    itemId: row.id,
    unitId: row.unit_id,
    type: content.type ?? '',
    name: content.name,
    texts: guideTextsOf(content, { unitName: row.unit_name, taskCode: itemCode(row.task_code, row.handling_code) }),
  };
}

export async function indexPublishedItem(trx: Trx, itemId: string): Promise<void> {
  const row = await publicSearchRow(trx, itemId);
  if (!row || row.life_state === 'cancelled') await removeDocument(trx, itemId);
  else await indexDocument(trx, docOf(row));
}

export async function* publishedSearchDocs(db: Executor): AsyncIterable<SearchDocInput> {
  // In batches: the whole published catalogue is never held at once (10⁶ items at province scale).
  for (let after = ''; ; ) {
    const rows = await publicSearchRowsAfter(db, after, 1000);
    if (!rows.length) return;
    after = rows.at(-1)!.id;
    for (const row of rows) yield docOf(row);
  }
}

/** The index rebuilt to hold exactly the public catalogue. */
export function reindexPublished(db: SearchDb): Promise<RebuildResult> {
  return rebuildIndex(db, publishedSearchDocs(db.kysely));
}
