import type { Executor } from '../db/database.js';
import { inOwnTransaction, type SearchDb } from '../search/search.repository.js';
import type { Citation, ItemContent } from '../domain/item-content.js';
import { parseStored } from '../shared/json.js';
import { basisKey } from './basis-key.js';
import { itemHeads, itemIdsAfter, versionContents } from './legal.queries.js';
import { insertCitations, replaceCitations, saveBasisKeys } from './legal.repository.js';
import { refreshBasisNotices } from '../publishing/public-documents.repository.js';

/**
 * The citation index (`legal_citations`): which item cites which register document, down to 条, as 设定依据
 * or 实施依据. It follows each item's head content (the working version if any, else the published one), so
 * a legal event reaches items whose pending edit still cites the changed document.
 *
 * Alongside, `item_basis` holds a fingerprint of the catalogue-facing 设定依据 (published version, else the
 * draft: the same version as `items.name`/`items.type`) for the Art. 8 consistency report.
 *
 * Every write of an item's versions calls `indexItem` in its transaction (items, change requests, publication);
 * a batch of publications and the rebuild call `indexItems`, which writes the same rows set-based.
 */
export async function indexItem(db: Executor, itemId: string): Promise<void> {
  await indexItems(db, [itemId]);
}

/** `indexItem` of each of the items, with one query or multi-row statement per table. */
export async function indexItems(db: Executor, itemIds: readonly string[]): Promise<void> {
  const items = await itemHeads(db, itemIds);
  if (!items.length) return;
  const versions = new Map(
    (
      await versionContents(
        db,
        items.flatMap((i) => [i.draft_version_id, i.published_version_id]).filter((id): id is string => !!id),
      )
    ).map((v) => [v.id, v.content]),
  );
  const contentOf = (id: string | null) => {
    const content = id ? versions.get(id) : undefined;
    return content ? parseStored<ItemContent>(content) : undefined;
  };
  const citations: ReturnType<typeof citationRows> = [];
  const keys: Array<{ item_id: string; set_basis_key: string }> = [];
  for (const item of items) {
    const working = contentOf(item.draft_version_id);
    const published = contentOf(item.published_version_id);
    const head = working ?? published;
    const catalogueFacing = published ?? working;
    if (head) citations.push(...citationRows(item.id, head));
    if (catalogueFacing) keys.push({ item_id: item.id, set_basis_key: basisKey(catalogueFacing.setBasis) });
  }
  const ids = items.map((i) => i.id);
  await replaceCitations(db, ids, citations);
  // The public notice of a repealed 设定依据 follows the citations (public read model).
  await refreshBasisNotices(db, ids);
  await saveBasisKeys(db, keys);
}

/**
 * The index rows of items written just now with one version each (a bulk import's new items): the same rows
 * `indexItem` would write for each, in multi-row inserts.
 */
export async function indexNewItems(
  db: Executor,
  items: ReadonlyArray<{ itemId: string; content: ItemContent }>,
): Promise<void> {
  await insertCitations(
    db,
    items.flatMap((i) => citationRows(i.itemId, i.content)),
  );
  await saveBasisKeys(
    db,
    items.map((i) => ({ item_id: i.itemId, set_basis_key: basisKey(i.content.setBasis) })),
  );
}

/** Index rows of one content: register-linked citations only (free-text ones are flagged by the lint instead). */
export function citationRows(itemId: string, content: Pick<ItemContent, 'setBasis' | 'implBasis'>) {
  const rows = new Map<string, { item_id: string; doc_id: string; article: string; basis: 'set' | 'impl' }>();
  const add = (basis: 'set' | 'impl', list: readonly Citation[] | undefined) => {
    for (const c of list ?? []) {
      if (!c.docId) continue;
      const row = { item_id: itemId, doc_id: c.docId, article: (c.article ?? '').trim(), basis };
      rows.set(`${row.doc_id}|${row.article}|${basis}`, row);
    }
  };
  add('set', content.setBasis);
  add('impl', content.implBasis);
  return [...rows.values()];
}

/**
 * Rebuilds the index of every item (after a bulk load that bypassed the services), `batch` items per
 * transaction, yielding between batches (the rebuild may run beside requests). Returns the count.
 */
export async function reindexAll(
  db: SearchDb,
  o: { batch?: number; onBatch?: (done: number) => void } = {},
): Promise<number> {
  let done = 0;
  for (let after = ''; ; ) {
    const ids = await itemIdsAfter(db.kysely, after, o.batch ?? 1000);
    if (!ids.length) return done;
    after = ids.at(-1)!;
    await inOwnTransaction(db, (trx) => indexItems(trx, ids));
    done += ids.length;
    o.onBatch?.(done);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
