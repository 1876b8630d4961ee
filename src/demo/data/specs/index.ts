import { BENEFITS } from './benefits.js';
import { CONFIRMATIONS } from './confirmations.js';
import { COERCIONS, INSPECTIONS } from './enforcement.js';
import { LICENSING } from './licensing.js';
import { PENALTIES } from './penalties.js';
import { PUBLIC_SERVICES } from './services.js';
import type { ItemSpec } from './spec.js';

/** Every catalogue entry the district implements, grouped by type family. */
export const ITEM_SPECS: readonly ItemSpec[] = [
  ...LICENSING, ...PENALTIES, ...COERCIONS, ...INSPECTIONS, ...PUBLIC_SERVICES, ...CONFIRMATIONS, ...BENEFITS,
];
