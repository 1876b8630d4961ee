import type { Executor } from '../db/database.js';

/**
 * What the public is told while an item's 设定依据 has been repealed (or has expired) and the item is still being
 * adjusted (Art. 16(一), Art. 19): the guide stays public until the 取消 or 变更 is published, so it must not read
 * as if its basis were in force. Null when every cited 设定依据 is in force.
 */
export async function repealedBasisNotice(db: Executor, itemId: string): Promise<string | null> {
  const rows = await db.selectFrom('legal_citations as c').innerJoin('legal_documents as d', 'd.id', 'c.doc_id')
    .select(['d.title', 'd.status', 'd.repealed_on']).distinct()
    .where('c.item_id', '=', itemId).where('c.basis', '=', 'set').where('d.status', 'in', ['repealed', 'expired'])
    .orderBy('d.title').execute();
  if (!rows.length) return null;
  const parts = rows.map((r) => `《${r.title.replace(/^《|》$/g, '')}》${r.repealed_on ? `已于 ${r.repealed_on} ` : '已'}${r.status === 'expired' ? '失效' : '废止'}`);
  return `设定依据${parts.join('、')}，事项正在调整中`;
}
