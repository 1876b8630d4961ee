import type { Kysely } from 'kysely';

/**
 * The notice a public item shows while a cited 设定依据 is repealed or expired (Art. 16(一), Art. 19), kept in the
 * public read model instead of a query of the legal register per public read: written with the item's
 * documents and rewritten by the legal events and citation changes that alter it. Backfilled here for items
 * that show one today (the wording is that of publishing/basis-notice.ts at the time of writing).
 * Frozen in time: never import application code here, never edit after it has shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('public_items').addColumn('basis_notice', 'text').execute();
  const rows = await db
    .selectFrom('legal_citations as c')
    .innerJoin('legal_documents as d', 'd.id', 'c.doc_id')
    .innerJoin('public_items as p', 'p.item_id', 'c.item_id')
    .select(['c.item_id', 'd.title', 'd.status', 'd.repealed_on'])
    .distinct()
    .where('c.basis', '=', 'set')
    .where('d.status', 'in', ['repealed', 'expired'])
    .orderBy('c.item_id')
    .orderBy('d.title')
    .execute();
  const byItem = new Map<string, string[]>();
  for (const r of rows as Array<{ item_id: string; title: string; status: string; repealed_on: string | null }>) {
    const part = `《${r.title.replace(/^《|》$/g, '')}》${r.repealed_on ? `已于 ${r.repealed_on} ` : '已'}${r.status === 'expired' ? '失效' : '废止'}`;
    byItem.set(r.item_id, [...(byItem.get(r.item_id) ?? []), part]);
  }
  for (const [itemId, parts] of byItem) {
    await db
      .updateTable('public_items')
      .set({ basis_notice: `设定依据${parts.join('、')}，事项正在调整中` })
      .where('item_id', '=', itemId)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('public_items').dropColumn('basis_notice').execute();
}
