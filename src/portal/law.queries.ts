import type { Executor } from '../db/database.js';
import type { LegalArticleRow, LegalDocumentRow } from '../legal/legal.table.js';

/** The public page of a register document (`/laws/:id`): the document and its articles in order. */
export async function lawPage(
  db: Executor,
  id: string,
): Promise<{ doc: LegalDocumentRow; articles: LegalArticleRow[] } | undefined> {
  const doc = await db.selectFrom('legal_documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!doc) return undefined;
  return {
    doc,
    articles: await db.selectFrom('legal_articles').selectAll().where('doc_id', '=', id).orderBy('seq').execute(),
  };
}
