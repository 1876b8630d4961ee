import type { Migration } from 'kysely';
import * as m0001 from './2026_11_27_0001_catalogue_core.js';
import * as m0002 from './2026_11_27_0002_audit_append_only.js';
import * as m0003 from './2026_11_27_0003_calendar.js';
import * as m0004 from './2026_11_27_0004_accounts.js';
import * as m0005 from './2026_11_27_0005_search.js';

/** Every migration, in order. Names are ISO-date prefixed and never change once shipped. */
export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_27_0001_catalogue_core': m0001,
  '2026_11_27_0002_audit_append_only': m0002,
  '2026_11_27_0003_calendar': m0003,
  '2026_11_27_0004_accounts': m0004,
  '2026_11_27_0005_search': m0005,
};
