import type { UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import {
  countLiveItems,
  FINDING_KINDS,
  runChecks,
  type ConsistencyFinding,
  type FindingKind,
} from './consistency.queries.js';

// The route and the console page take the report's vocabulary from here, beside the report itself.
export { FINDING_KINDS, type ConsistencyFinding, type FindingKind };

export interface ConsistencyReport {
  generatedAt: string;
  /** Catalogue-level items examined. */
  itemCount: number;
  findingCount: number;
  byKind: Partial<Record<FindingKind, number>>;
  units: Array<{ unitId: string; unitName: string; regionCode: string; findings: ConsistencyFinding[] }>;
}

/** Runs every check and groups the findings by unit (then by item). */
export async function consistencyReport(
  uc: UseCaseContext,
  f: { unitId?: string; kind?: FindingKind } = {},
): Promise<ConsistencyReport> {
  authorize(uc.actor, 'consistency.read');
  const findings = await runChecks(uc.app.db.kysely, f);
  return assemble(findings, await countLiveItems(uc.app.db.kysely), uc.app.clock.now().toISOString());
}

export function assemble(findings: ConsistencyFinding[], itemCount: number, generatedAt: string): ConsistencyReport {
  const byKind: ConsistencyReport['byKind'] = {};
  const units = new Map<string, ConsistencyReport['units'][number]>();
  for (const x of findings) {
    byKind[x.kind] = (byKind[x.kind] ?? 0) + 1;
    const u = units.get(x.unitId) ?? { unitId: x.unitId, unitName: x.unitName, regionCode: x.regionCode, findings: [] };
    u.findings.push(x);
    units.set(x.unitId, u);
  }
  const order = Object.keys(FINDING_KINDS);
  const sorted = [...units.values()].sort(
    (a, b) => a.regionCode.localeCompare(b.regionCode) || a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );
  for (const u of sorted)
    u.findings.sort(
      (a, b) =>
        a.itemName.localeCompare(b.itemName, 'zh-CN') ||
        a.itemId.localeCompare(b.itemId) ||
        order.indexOf(a.kind) - order.indexOf(b.kind),
    );
  return { generatedAt, itemCount, findingCount: findings.length, byKind, units: sorted };
}
