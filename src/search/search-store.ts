import type { Trx } from '../db/database.js';
import { docIdRange, type PreparedDoc } from './search-doc.js';
import * as repo from './search.repository.js';

/**
 * Writes documents (distinct item ids) and gives new ones their doc_ids. An item keeps its doc_id while its
 * name length stays, so republishing does not reorder it among names of that length; otherwise it takes the
 * next id after the highest in its length's range (ties rank in indexing order).
 *
 * Two transactions may pick the same id, or index the same item, at once (PostgreSQL). The insert then does
 * nothing for that row (PostgreSQL waits for the other transaction first), and the loop plans it again
 * against what has been committed.
 */
export async function storeDocs(trx: Trx, docs: PreparedDoc[]): Promise<void> {
  let pending = docs;
  while (pending.length) {
    const existing = await repo.findDocIds(
      trx,
      pending.map((d) => d.itemId),
    );
    const kept: { docId: number; doc: PreparedDoc }[] = [];
    const fresh: PreparedDoc[] = [];
    for (const doc of pending) {
      const docId = existing.get(doc.itemId);
      const range = docIdRange(doc.nameLength);
      if (docId !== undefined && docId >= range.first && docId < range.end) kept.push({ docId, doc });
      else fresh.push(doc);
    }
    await repo.deleteDocs(
      trx,
      fresh.filter((d) => existing.has(d.itemId)).map((d) => d.itemId),
    );
    await repo.updateDocs(trx, kept);
    const inserted = await repo.insertDocs(trx, await assignDocIds(trx, fresh));
    pending = fresh.filter((d) => !inserted.has(d.itemId));
  }
}

async function assignDocIds(trx: Trx, docs: PreparedDoc[]): Promise<{ docId: number; doc: PreparedDoc }[]> {
  const next = new Map<number, number>();
  const assigned: { docId: number; doc: PreparedDoc }[] = [];
  for (const doc of docs) {
    const { first, end } = docIdRange(doc.nameLength);
    const docId = next.get(first) ?? ((await repo.findLastDocId(trx, first, end)) ?? first - 1) + 1;
    // 2^24 items of one name length would be needed to overflow into the next length's range.
    if (docId >= end) throw new RangeError(`no doc_id left for names of length ${doc.nameLength}`);
    next.set(first, docId + 1);
    assigned.push({ docId, doc });
  }
  return assigned;
}
