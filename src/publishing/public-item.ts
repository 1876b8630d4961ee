import type { AppContext } from '../app/context.js';
import type { Catalogue } from './catalogue.js';
import { apiDocument } from './public-documents.repository.js';
import { findPublicDocument, publicItemOf, type PublicDocument } from './public-documents.queries.js';
import type { PublicItem } from './public.queries.js';

/**
 * One public item read by key for a request: its ready document from the read model, or, when its unit
 * changed after the document was written (name, website, online system), the document rendered again
 * with the unit as it is now (the next publication or `reindex` stores it).
 */
export interface ItemRead {
  doc: PublicDocument;
  item: () => PublicItem;
  api: () => { json: string; hash: string };
}

export async function readPublicItem(
  ctx: AppContext,
  cat: Catalogue,
  by: { code: string } | { itemId: string },
): Promise<ItemRead | undefined> {
  const doc = await findPublicDocument(ctx.db.kysely, by);
  if (!doc) return undefined;
  const unit = cat.unitById.get(doc.unitId);
  const current = cat.unitUpdatedAt.get(doc.unitId) === doc.unitsAt;
  let item: PublicItem | undefined;
  const itemOf = () => {
    if (!item) {
      item = publicItemOf(doc);
      if (!current && unit) item.unit = { id: unit.id, name: unit.name, website: unit.website };
    }
    return item;
  };
  return {
    doc,
    item: itemOf,
    api: () => (current ? { json: doc.apiJson, hash: doc.apiHash } : apiDocument(ctx, itemOf(), unit)),
  };
}
