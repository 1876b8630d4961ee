/**
 * Adjustment obligations (调整义务): a ground for adjustment (Art. 16–18) that arose outside the unit — a legal
 * event, an upper-level directive or a new base-catalogue version — assigned to the unit that must act within
 * the Art. 19 deadline. Lifecycle:
 *
 *   open ──(change request)──→ in_change ──(published)──→ resolved
 *     │  ↖──(request withdrawn)──┘
 *     └──("no change needed" + reason)──→ no_change_pending ──(centre confirms)──→ resolved
 *                                                  └──(centre rejects, note)──→ open
 *   open / no_change_pending ──(centre dismisses, reason)──→ dismissed
 *
 * WARNING: persisted codes. Add entries; never rename one.
 */
export const OBLIGATION_STATUSES = {
  open: '待处理',
  in_change: '调整中',
  no_change_pending: '无需调整（待中心确认）',
  resolved: '已办结',
  dismissed: '已撤销',
} as const;
export type ObligationStatus = keyof typeof OBLIGATION_STATUSES;

/** Statuses in which the obligation still needs someone to act (worklists). */
export const ACTIVE_OBLIGATION_STATUSES: readonly ObligationStatus[] = ['open', 'in_change', 'no_change_pending'];

export const OBLIGATION_SOURCES = {
  legal_event: '法律事件',
  directive: '上级决定',
  catalogue_version: '基本目录新版本',
} as const;
export type ObligationSource = keyof typeof OBLIGATION_SOURCES;
export const isObligationSource = (v: unknown): v is ObligationSource =>
  typeof v === 'string' && Object.hasOwn(OBLIGATION_SOURCES, v);
