import type { Config } from '../config/config.js';
import type { Trx } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { findingsFor } from '../items/findings.js';
import { setFindingCounts } from '../items/item.repository.js';
import { toCheckable } from '../items/item-rows.js';
import { parseStored } from '../shared/json.js';
import { itemsByIds, versionContent } from './legal.queries.js';

/**
 * Recomputes the denormalised error/warning counts of items whose findings depend on something outside
 * them that just changed (a cited document's status, their base-catalogue entry). Lists and the
 * "has errors" filter read these counts. Uses the head content, like the item page.
 */
export async function refreshFindingCounts(trx: Trx, config: Config, itemIds: readonly string[]): Promise<void> {
  for (let i = 0; i < itemIds.length; i += 500) {
    const items = await itemsByIds(trx, itemIds.slice(i, i + 500));
    for (const item of items) {
      const versionId = item.draft_version_id ?? item.published_version_id;
      if (!versionId) continue;
      const content = await versionContent(trx, versionId);
      const { summary } = await findingsFor(trx, config, toCheckable(item), parseStored<ItemContent>(content));
      if (summary.errors !== item.error_count || summary.warnings !== item.warning_count) {
        await setFindingCounts(trx, item, summary);
      }
    }
  }
}
