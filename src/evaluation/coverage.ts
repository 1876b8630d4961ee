import { ITEM_TYPES, label, ONLINE_EXEMPTIONS } from '../domain/enums.js';
import type { PublishedItemFacts } from './facts.queries.js';
import { onlineStatus, type OnlineStatus } from './content-facts.js';

/**
 * 网办率 (Art. 10–11): the share of items in use that can be handled online, leaving out those exempt by law or
 * because of state secrets. Pure: from the items' published content.
 */
export interface CoverageCount {
  key: string;
  name: string;
  items: number;
  online: number;
  exempt: number;
  none: number;
  /** online ÷ (items − exempt), null when every item is exempt (or there are none). */
  rate: number | null;
}

export interface CoverageItem {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  status: OnlineStatus;
  exemption: string | null;
  reason: string | null;
  url: string | null;
}

export interface OwnSystem {
  unitId: string;
  unitName: string;
  url: string | null;
  items: CoverageItem[];
}

export interface CoverageReport {
  district: CoverageCount;
  byUnit: CoverageCount[];
  byType: CoverageCount[];
  /** Items neither online nor exempt: what Art. 11 does not allow. */
  neither: CoverageItem[];
  exemptions: CoverageItem[];
  /** Units with their own online system (Art. 10), and the items linked to it. */
  ownSystems: OwnSystem[];
}

function count(key: string, name: string, rows: CoverageItem[]): CoverageCount {
  const online = rows.filter((r) => r.status === 'online').length;
  const exempt = rows.filter((r) => r.status === 'exempt').length;
  const applicable = rows.length - exempt;
  return {
    key,
    name,
    items: rows.length,
    online,
    exempt,
    none: applicable - online,
    rate: applicable ? online / applicable : null,
  };
}

export function coverage(
  items: PublishedItemFacts[],
  units: Array<{ id: string; name: string; online_system_url: string | null }>,
  districtName: string,
): CoverageReport {
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const rows: CoverageItem[] = items.map((i) => ({
    id: i.id,
    name: i.name,
    unitId: i.unitId,
    unitName: unitName.get(i.unitId) ?? i.unitId,
    status: onlineStatus(i.content),
    exemption: i.content.online?.exemption ? label(ONLINE_EXEMPTIONS, i.content.online.exemption) : null,
    reason: i.content.online?.exemptionReason ?? null,
    url: i.content.online?.channel === 'own' ? (i.content.online.url ?? null) : null,
  }));
  const types = [...new Set(items.map((i) => i.type))].sort();
  const byType = new Map(items.map((i, n) => [i.id, rows[n]!]));
  return {
    district: count('district', districtName, rows),
    byUnit: units
      .map((u) =>
        count(
          u.id,
          u.name,
          rows.filter((r) => r.unitId === u.id),
        ),
      )
      .filter((c) => c.items > 0),
    byType: types.map((t) =>
      count(
        t,
        label(ITEM_TYPES, t),
        items.filter((i) => i.type === t).map((i) => byType.get(i.id)!),
      ),
    ),
    neither: rows.filter((r) => r.status === 'none'),
    exemptions: rows.filter((r) => r.status === 'exempt'),
    ownSystems: units.flatMap((u) => {
      const linked = rows.filter((r) => r.unitId === u.id && r.url !== null);
      return u.online_system_url || linked.length
        ? [{ unitId: u.id, unitName: u.name, url: u.online_system_url, items: linked }]
        : [];
    }),
  };
}
