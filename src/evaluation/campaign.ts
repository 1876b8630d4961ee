/**
 * 目录清理 (Art. 22). Pure: statuses, the Art. 15 attestation, progress.
 *
 * Every in-scope item must get one answer from its unit: confirmed unchanged (with the attestation), changed
 * through a change request opened since the campaign began, or proposed for cancellation with an Art. 16 ground.
 */
export const CAMPAIGN_ITEM_STATUSES = {
  pending: '待处理',
  confirmed: '确认无变化',
  changed: '已申请变更',
  cancel_proposed: '提出取消',
} as const;
export type CampaignItemStatus = keyof typeof CAMPAIGN_ITEM_STATUSES;
export const isCampaignItemStatus = (s: string): s is CampaignItemStatus => Object.hasOwn(CAMPAIGN_ITEM_STATUSES, s);

export const ATTESTATION =
  '本单位已逐项核对该事项的内容和依据，确认无需调整，并对其准确性、真实性和完整性负责（第十五条）。';

export interface Progress {
  key: string;
  name: string;
  total: number;
  counts: Record<CampaignItemStatus, number>;
  /** Share of items answered, 0…1. */
  done: number;
}

export function progressBy(rows: ReadonlyArray<{ unit_id: string; unit_name: string; status: string }>): {
  units: Progress[];
  all: Progress;
} {
  const make = (key: string, name: string): Progress => ({
    key,
    name,
    total: 0,
    counts: { pending: 0, confirmed: 0, changed: 0, cancel_proposed: 0 },
    done: 0,
  });
  const all = make('all', '合计');
  const units = new Map<string, Progress>();
  for (const r of rows) {
    const p = units.get(r.unit_id) ?? make(r.unit_id, r.unit_name);
    for (const x of [p, all]) {
      x.total += 1;
      if (isCampaignItemStatus(r.status)) x.counts[r.status] += 1;
    }
    units.set(r.unit_id, p);
  }
  for (const p of [...units.values(), all]) p.done = p.total ? (p.total - p.counts.pending) / p.total : 1;
  return { units: [...units.values()].sort((a, b) => a.done - b.done || a.name.localeCompare(b.name, 'zh')), all };
}
