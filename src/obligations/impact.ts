import type { Deadline } from '../workflow/deadline.js';
import { CHANGE_KINDS, groundLabel } from '../domain/grounds.js';
import type { ObligationSpec } from './obligation.open.js';

/** One obligation a legal event or directive would open (the impact preview lists these). */
export interface ImpactTarget extends ObligationSpec {
  unitName: string;
  itemName: string | null;
  taskCode: string | null;
  /** How the item cites the document: set (设定依据) / impl (实施依据). */
  bases?: string[];
  articles?: string[];
}

export interface Impact {
  groundArisenOn: string;
  dueOn: string;
  dueProvisional: boolean;
  targets: ImpactTarget[];
  /** Per unit, how many obligations it would get. */
  units: Array<{ unitId: string; unitName: string; count: number }>;
  /** Things deliberately left out, with why (e.g. a unit that already implements a delegated code). */
  skipped: Array<{ unitName: string; catalogCode: string; reason: string }>;
}

export function impactOf(
  groundArisenOn: string,
  deadline: Deadline,
  targets: ImpactTarget[],
  skipped: Impact['skipped'] = [],
): Impact {
  const units = new Map<string, { unitId: string; unitName: string; count: number }>();
  for (const t of targets) {
    const u = units.get(t.unitId) ?? { unitId: t.unitId, unitName: t.unitName, count: 0 };
    u.count++;
    units.set(t.unitId, u);
  }
  return {
    groundArisenOn,
    dueOn: deadline.dueOn,
    dueProvisional: deadline.provisional,
    targets,
    units: [...units.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN')),
    skipped,
  };
}

/** The API shape of an impact. */
export function presentImpact(i: Impact) {
  return {
    groundArisenOn: i.groundArisenOn,
    dueOn: i.dueOn,
    dueProvisional: i.dueProvisional,
    total: i.targets.length,
    units: i.units,
    skipped: i.skipped,
    obligations: i.targets.map((t) => ({
      unitId: t.unitId,
      unitName: t.unitName,
      itemId: t.itemId,
      itemName: t.itemName,
      taskCode: t.taskCode,
      catalogCode: t.catalogCode ?? null,
      kind: t.kind,
      kindLabel: CHANGE_KINDS[t.kind],
      ground: t.ground,
      groundLabel: groundLabel(t.ground),
      summary: t.summary,
      bases: t.bases ?? [],
      articles: t.articles ?? [],
    })),
  };
}
