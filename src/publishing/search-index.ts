import type { Executor, Trx } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { guideTextsOf, type SearchDocInput } from '../search/search-doc.js';
import type { SearchDb } from '../search/search.repository.js';
import { indexDocuments, rebuildIndex, removeDocuments, type RebuildResult } from '../search/search.service.js';
import { parseStored } from '../shared/json.js';
import { itemCode } from './public.queries.js';
import { publicSearchRows, publicSearchRowsAfter, type PublicSearchRow } from './search-index.queries.js';

/**
 * Keeps the search index in step with publications: the portal's search finds exactly what the portal
 * shows. A publication (or a batch of them) re-indexes its items in the publication's transaction (a cancelled item leaves the
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

/**
 * Re-indexes the published items (distinct ids, in publication order: new documents take their doc_ids in
 * this order, as they would one publication at a time); cancelled or unpublished ones leave the index.
 */
export async function indexPublishedItems(trx: Trx, itemIds: readonly string[]): Promise<void> {
  const rows = new Map((await publicSearchRows(trx, itemIds)).map((r) => [r.id, r]));
  const shown = itemIds
    .map((id) => rows.get(id))
    .filter((r): r is PublicSearchRow => r !== undefined && r.life_state !== 'cancelled');
  const kept = new Set(shown.map((r) => r.id));
  await removeDocuments(
    trx,
    itemIds.filter((id) => !kept.has(id)),
  );
  await indexDocuments(trx, shown.map(docOf));
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
