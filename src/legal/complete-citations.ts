import type { Executor } from '../db/database.js';
import { isRecord } from '../shared/guards.js';
import { documentsByIds } from './legal.repository.js';

/**
 * A citation picked from the register by its document (the console's datalist fills only `docId`) takes the
 * register's title and 文号 where the clerk left them blank, so picking is enough. Filled text stays
 * editable; a title that names another document is flagged by the `legal.document-title` rule.
 */
export async function completeCitations(db: Executor, content: Record<string, unknown>): Promise<void> {
  const rows = (['setBasis', 'implBasis'] as const)
    .flatMap((key) => {
      const list: unknown = content[key];
      const entries: unknown[] = Array.isArray(list) ? list : [];
      return entries;
    })
    .filter(
      (c): c is Record<string, unknown> & { docId: string } => isRecord(c) && typeof c.docId === 'string' && !!c.docId,
    );
  const blank = rows.filter((c) => !c.title || !c.docNo);
  if (!blank.length) return;
  const docs = await documentsByIds(db, [...new Set(blank.map((c) => c.docId))]);
  const byId = new Map(docs.map((d) => [d.id, d]));
  for (const c of blank) {
    const doc = byId.get(c.docId);
    if (!doc) continue;
    if (!c.title) c.title = doc.title;
    if (!c.docNo && doc.doc_no) c.docNo = doc.doc_no;
  }
}
