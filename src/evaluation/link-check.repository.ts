import type { Executor } from '../db/database.js';
import type { LinkCheckRow } from './evaluation.table.js';

/** SQL of the link checker's records. */

export function allLinkChecks(db: Executor): Promise<LinkCheckRow[]> {
  return db.selectFrom('link_checks').selectAll().orderBy('id').execute();
}

export async function insertLinkChecks(db: Executor, rows: LinkCheckRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('link_checks')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function deleteLinkChecks(db: Executor, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .deleteFrom('link_checks')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
}

export async function updateLinkCheck(db: Executor, id: string, patch: Partial<LinkCheckRow>): Promise<void> {
  await db.updateTable('link_checks').set(patch).where('id', '=', id).execute();
}
