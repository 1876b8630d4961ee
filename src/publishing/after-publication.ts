import type { AppContext } from '../app/context.js';
import type { Trx } from '../db/database.js';

export interface PublicationEvent {
  seq: number;
  itemId: string;
  kind: 'add' | 'change' | 'cancel' | 'suspend' | 'resume';
}

/**
 * Everything that must follow a publication in the same transaction ("同源同步"): the search index and the
 * channel deliveries are updated from the one published source. Features add their step here explicitly.
 */
export async function afterPublication(_app: AppContext, _trx: Trx, _event: PublicationEvent): Promise<void> {}
