import { BENEFITS } from './benefits.js';
import { CONFIRMATIONS } from './confirmations.js';
import { COERCIONS, INSPECTIONS } from './enforcement.js';
import { PENALTIES } from './penalties.js';
import { APPROVAL_BUREAU_PERMITS } from './permits-approval-bureau.js';
import { DEPARTMENT_PERMITS } from './permits-departments.js';
import { PUBLIC_SERVICES } from './services.js';
import type { ItemSpec } from './spec.js';

/** Every catalogue entry the district implements, grouped by type family. */
export const ITEM_SPECS: readonly ItemSpec[] = [
  ...APPROVAL_BUREAU_PERMITS,
  ...DEPARTMENT_PERMITS,
  ...PENALTIES,
  ...COERCIONS,
  ...INSPECTIONS,
  ...PUBLIC_SERVICES,
  ...CONFIRMATIONS,
  ...BENEFITS,
];
