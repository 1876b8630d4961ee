import type { AppContext } from '../app/context.js';
import type { Trx } from '../db/database.js';
import { notePublication } from './publication-clock.js';
import { refreshPublicDocuments } from './public-documents.repository.js';
import { indexPublishedItems } from './search-index.js';
import type { PublicationEvent } from './publication-event.js';
import { enqueuePublicationDeliveries } from './webhooks.js';

/**
 * Everything that must follow a publication in the same transaction ("同源同步"): the item's public
 * documents (the read model every public surface reads by key), the search index and the channel
 * deliveries are updated from the one published source. Features add their step here explicitly.
 * Requests of this process read the publication stamp afresh until the new sequence shows (other
 * instances within publication-clock's STAMP_TTL_MS).
 */
export function afterPublication(app: AppContext, trx: Trx, event: PublicationEvent): Promise<void> {
  return afterPublications(app, trx, [event]);
}

/**
 * `afterPublication` of a batch of publications (distinct items, in sequence order): the same rows, written
 * with one query or multi-row statement per table for the batch, and one move of the publication stamp.
 */
export async function afterPublications(app: AppContext, trx: Trx, events: readonly PublicationEvent[]): Promise<void> {
  if (!events.length) return;
  const itemIds = events.map((e) => e.itemId);
  await enqueuePublicationDeliveries(app, trx, events, async () => {
    await refreshPublicDocuments(app, trx, itemIds);
    await indexPublishedItems(trx, itemIds);
  });
  notePublication(app.db, Math.max(...events.map((e) => e.seq)));
}
