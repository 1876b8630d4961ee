import { PostgresAdapter, type Kysely } from 'kysely';

/** The one dialect test migrations may use (migrations cannot import application code). */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
