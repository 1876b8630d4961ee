import type { Executor } from '../db/database.js';
import type { CampaignItemRow, CampaignRow } from './evaluation.table.js';

/** Write-side SQL of clean-up campaigns. */

export async function insertCampaign(db: Executor, row: CampaignRow, items: CampaignItemRow[]): Promise<void> {
  await db.insertInto('campaigns').values(row).execute();
  for (let i = 0; i < items.length; i += 200)
    await db
      .insertInto('campaign_items')
      .values(items.slice(i, i + 200))
      .execute();
}

/** Answers a pending item (a changed mind goes through the bureau, not through a second answer). */
export async function answerCampaignItem(
  db: Executor,
  campaignId: string,
  itemId: string,
  patch: Partial<CampaignItemRow>,
): Promise<boolean> {
  const res = await db
    .updateTable('campaign_items')
    .set(patch)
    .where('campaign_id', '=', campaignId)
    .where('item_id', '=', itemId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function closeCampaignRow(db: Executor, id: string, at: string, by: string | null): Promise<boolean> {
  const res = await db
    .updateTable('campaigns')
    .set({ status: 'closed', closed_at: at, closed_by: by })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
