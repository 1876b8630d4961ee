import type { AppContext } from '../app/context.js';
import type { Trx } from '../db/database.js';
import { indexPublishedItem } from './search-index.js';
import { enqueuePublicationDeliveries } from './webhooks.js';

export interface PublicationEvent {
  seq: number;
  itemId: string;
  kind: 'add' | 'change' | 'cancel' | 'suspend' | 'resume';
}

/**
 * Everything that must follow a publication in the same transaction ("同源同步"): the search index and the
 * channel deliveries are updated from the one published source. Features add their step here explicitly.
 * The portal, the public API and the feeds need no step: they are keyed by the publication sequence.
 */
export async function afterPublication(app: AppContext, trx: Trx, event: PublicationEvent): Promise<void> {
  await indexPublishedItem(trx, event.itemId);
  await enqueuePublicationDeliveries(app, trx, event);
}
