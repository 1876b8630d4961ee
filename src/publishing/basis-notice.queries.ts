import type { Executor } from '../db/database.js';

/**
 * What the public is told while an item's 设定依据 has been repealed (or has expired) and the item is still being
 * adjusted (Art. 16(一), Art. 19): the guide stays public until the 取消 or 变更 is published, so it must not read
 * as if its basis were in force. Absent for an item whose cited 设定依据 are all in force. Public reads do not
 * run this: the notice is kept in the read model (`refreshBasisNotices` in public-documents.repository.ts).
 */
export async function repealedBasisNotices(db: Executor, itemIds: readonly string[]): Promise<Map<string, string>> {
  if (!itemIds.length) return new Map();
  const rows = await db
    .selectFrom('legal_citations as c')
    .innerJoin('legal_documents as d', 'd.id', 'c.doc_id')
    .select(['c.item_id', 'd.title', 'd.status', 'd.repealed_on'])
    .distinct()
    .where('c.item_id', 'in', itemIds)
    .where('c.basis', '=', 'set')
    .where('d.status', 'in', ['repealed', 'expired'])
    .orderBy('c.item_id')
    .orderBy('d.title')
    .execute();
  const parts = new Map<string, string[]>();
  for (const r of rows) {
    const part = `《${r.title.replace(/^《|》$/g, '')}》${r.repealed_on ? `已于 ${r.repealed_on} ` : '已'}${r.status === 'expired' ? '失效' : '废止'}`;
    parts.set(r.item_id, [...(parts.get(r.item_id) ?? []), part]);
  }
  return new Map([...parts].map(([itemId, p]) => [itemId, `设定依据${p.join('、')}，事项正在调整中`]));
}

/** Items that cite any of the documents (as 设定依据 or 实施依据). */
export async function itemsCiting(db: Executor, docIds: readonly string[]): Promise<string[]> {
  if (!docIds.length) return [];
  return (
    await db.selectFrom('legal_citations').select('item_id').distinct().where('doc_id', 'in', docIds).execute()
  ).map((r) => r.item_id);
}
