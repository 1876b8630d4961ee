import type { Executor } from '../db/database.js';
import type { Citation, ItemContent } from '../domain/item-content.js';
import { parseStored } from '../shared/json.js';
import { basisKey } from './basis-key.js';
import { allItemIds, itemHeads, versionContents } from './legal.queries.js';
import { insertCitations, replaceCitations, saveBasisKey, saveBasisKeys } from './legal.repository.js';
import { refreshBasisNotices } from '../publishing/public-documents.repository.js';

/**
 * The citation index (`legal_citations`): which item cites which register document, down to 条, as 设定依据
 * or 实施依据. It follows each item's head content (the working version if any, else the published one), so
 * a legal event reaches items whose pending edit still cites the changed document.
 *
 * Alongside, `item_basis` holds a fingerprint of the catalogue-facing 设定依据 (published version, else the
 * draft: the same version as `items.name`/`items.type`) for the Art. 8 consistency report.
 *
 * Every write of an item's versions calls `indexItem` in its transaction (items, change requests, publication).
 */
export async function indexItem(db: Executor, itemId: string): Promise<void> {
  const item = await itemHeads(db, itemId);
  if (!item) return;
  const ids = [item.draft_version_id, item.published_version_id].filter((id): id is string => !!id);
  const versions = await versionContents(db, ids);
  const contentOf = (id: string | null) => {
    const v = id ? versions.find((x) => x.id === id) : undefined;
    return v ? parseStored<ItemContent>(v.content) : undefined;
  };
  const working = contentOf(item.draft_version_id);
  const published = contentOf(item.published_version_id);
  const head = working ?? published;
  const catalogueFacing = published ?? working;

  await replaceCitations(db, itemId, head ? citationRows(itemId, head) : []);
  // The public notice of a repealed 设定依据 follows the citations (public read model).
  await refreshBasisNotices(db, [itemId]);
  if (catalogueFacing) await saveBasisKey(db, itemId, basisKey(catalogueFacing.setBasis));
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

/** Rebuilds the index of every item (after a bulk load that bypassed the services). Returns the count. */
export async function reindexAll(db: Executor): Promise<number> {
  const ids = await allItemIds(db);
  for (const id of ids) await indexItem(db, id);
  return ids.length;
}
