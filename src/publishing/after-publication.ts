import type { AppContext } from '../app/context.js';
import type { Trx } from '../db/database.js';
import { notePublication } from './publication-clock.js';
import { refreshPublicDocument } from './public-documents.repository.js';
import { indexPublishedItem } from './search-index.js';
import type { PublicationEvent } from './publication-event.js';
import { enqueuePublicationDeliveries } from './webhooks.js';

/**
 * Everything that must follow a publication in the same transaction ("同源同步"): the item's public
 * documents (the read model every public surface reads by key), the search index and the channel
 * deliveries are updated from the one published source. Features add their step here explicitly.
 * Requests of this process read the publication stamp afresh until the new sequence shows (other
 * instances within publication-clock's STAMP_TTL_MS).
 */
export async function afterPublication(app: AppContext, trx: Trx, event: PublicationEvent): Promise<void> {
  await refreshPublicDocument(app, trx, event.itemId);
  await indexPublishedItem(trx, event.itemId);
  await enqueuePublicationDeliveries(app, trx, event);
  notePublication(app.db, event.seq);
}
