import type { UseCaseContext } from '../app/use-case.js';
import { loadItem } from '../items/item.queries.js';
import { commentsOfItem } from './workflow.repository.js';

/** The return comments of an item the actor may read (by element), newest first. */
export async function itemComments(uc: UseCaseContext, itemId: string) {
  const item = await loadItem(uc, itemId);
  const rows = await commentsOfItem(uc.app.db.kysely, item.id);
  return rows.map((r) => ({
    id: r.id,
    stage: r.stage,
    fieldPath: r.field_path,
    comment: r.comment,
    authorName: r.author_name,
    createdAt: r.created_at,
    versionSeq: r.seq,
  }));
}
