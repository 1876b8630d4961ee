import type { Migration } from 'kysely';
import * as m0001 from './2026_11_27_0001_catalogue_core.js';
import * as m0002 from './2026_11_27_0002_audit_append_only.js';
import * as m0003 from './2026_11_27_0003_calendar.js';
import * as m0004 from './2026_11_27_0004_accounts.js';
import * as m0005 from './2026_11_27_0005_search.js';
import * as m0006 from './2026_11_27_0006_workflow.js';
import * as m0007 from './2026_11_27_0007_one_time_reveals.js';
import * as m0008 from './2026_11_27_0008_legal.js';
import * as m0010 from './2026_11_27_0010_publishing.js';
import * as m0011 from './2026_11_27_0011_explanation_retention.js';
import * as m1501 from './2026_12_07_1501_evaluation.js';
import * as m1401 from './2026_12_07_1401_reconcile_decisions.js';
import * as m1301 from './2026_12_07_1301_attestations.js';
import * as m1302 from './2026_12_07_1302_unit_reorganisations.js';
import * as m1201 from './2026_12_07_1201_universal_scope_set.js';
import * as m1001 from './2026_12_07_1001_public_documents.js';
import * as m1502 from './2026_12_07_1502_campaigns.js';
import * as m15b01 from './2026_12_08_1501_public_feedback.js';
import * as m081001 from './2026_12_08_1001_public_basis_notice.js';
import * as m081002 from './2026_12_08_1002_public_items_unit_type.js';
import * as m090201 from './2026_12_09_0201_search_totals_list_rows.js';

/** Every migration, in order. Names are ISO-date prefixed and never change once shipped. */
export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_27_0001_catalogue_core': m0001,
  '2026_11_27_0002_audit_append_only': m0002,
  '2026_11_27_0003_calendar': m0003,
  '2026_11_27_0004_accounts': m0004,
  '2026_11_27_0005_search': m0005,
  '2026_11_27_0006_workflow': m0006,
  '2026_11_27_0007_one_time_reveals': m0007,
  '2026_11_27_0008_legal': m0008,
  '2026_11_27_0010_publishing': m0010,
  '2026_11_27_0011_explanation_retention': m0011,
  '2026_12_07_1501_evaluation': m1501,
  '2026_12_07_1401_reconcile_decisions': m1401,
  '2026_12_07_1301_attestations': m1301,
  '2026_12_07_1302_unit_reorganisations': m1302,
  '2026_12_07_1201_universal_scope_set': m1201,
  '2026_12_07_1001_public_documents': m1001,
  '2026_12_07_1502_campaigns': m1502,
  '2026_12_08_1501_public_feedback': m15b01,
  '2026_12_08_1001_public_basis_notice': m081001,
  '2026_12_08_1002_public_items_unit_type': m081002,
  '2026_12_09_0201_search_totals_list_rows': m090201,
};
