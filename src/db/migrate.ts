import { Migrator, type MigrationResultSet } from 'kysely';
import { ensureBundledCalendar } from '../calendar/calendar.service.js';
import type { Db } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

function migrator(db: Db): Migrator {
  return new Migrator({ db: db.kysely, provider: { getMigrations: async () => MIGRATIONS } });
}

/**
 * Brings the schema to the latest migration (throws with the failing migration's name), then loads the
 * reference data the schema needs to be usable: the bundled holiday notices (idempotent).
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const applied = unwrap(await migrator(db).migrateToLatest());
  await ensureBundledCalendar(db);
  return applied;
}

export async function migrateDown(db: Db): Promise<string[]> {
  return unwrap(await migrator(db).migrateDown());
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
