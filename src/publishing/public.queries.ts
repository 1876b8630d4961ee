import type { Executor } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { parseStored } from '../shared/json.js';

/**
 * What the public sees of one item: only its published version (AC-05), never drafts, internal notes or
 * overrides. Cancelled items are not served; suspended ones are, with their state.
 */
export interface PublicItem {
  taskCode: string;
  handlingCode: string;
  name: string;
  type: string;
  granularity: string;
  lifeState: string;
  unit: { id: string; name: string; website: string | null };
  version: number;
  publishedAt: string;
  contentHash: string;
  content: Omit<ItemContent, 'overrides'>;
}

export async function findPublicItem(db: Executor, taskCode: string, handlingCode = ''): Promise<PublicItem | undefined> {
  const row = await db
    .selectFrom('items as i')
    .innerJoin('item_versions as v', 'v.id', 'i.published_version_id')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .select(['i.task_code', 'i.handling_code', 'i.granularity', 'i.life_state', 'v.seq', 'v.published_at', 'v.content_hash', 'v.content', 'u.id as unit_id', 'u.name as unit_name', 'u.website'])
    .where('i.task_code', '=', taskCode)
    .where('i.handling_code', '=', handlingCode)
    .where('i.life_state', '!=', 'cancelled')
    .executeTakeFirst();
  if (!row) return undefined;
  const { overrides: _internal, ...content } = parseStored<ItemContent>(row.content);
  return {
    taskCode: row.task_code, handlingCode: row.handling_code, name: content.name, type: content.type, granularity: row.granularity, lifeState: row.life_state,
    unit: { id: row.unit_id, name: row.unit_name, website: row.website }, version: row.seq, publishedAt: row.published_at ?? '', contentHash: row.content_hash, content,
  };
}
