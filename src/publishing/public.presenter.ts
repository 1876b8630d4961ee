import type { Config } from '../config/config.js';
import { ITEM_TYPES, ONLINE_EXEMPTIONS, label } from '../domain/enums.js';
import { groundLabel } from '../domain/grounds.js';
import type { PublicListItem } from './public-documents.queries.js';
import type { PublicChange, PublicItem, PublicUnit } from './public.queries.js';

/** Labels of publication kinds as the public reads them (Art. 12, 20). */
export const PUBLICATION_KINDS: Record<string, string> = {
  add: '新增',
  change: '变更',
  cancel: '取消',
  suspend: '暂停',
  resume: '恢复',
};

/** Where the public handles an item online (Art. 10), or why it cannot (Art. 11). */
export interface OnlineHandling {
  channel: 'own' | 'platform' | 'exempt';
  url: string | null;
  reason: string | null;
}

/**
 * Art. 10: a unit with its own online system links it; otherwise the item is handled on the platform
 * channel. Art. 11: an exempt item states the legal reason instead of a button.
 */
export function onlineHandling(item: PublicItem, unit: PublicUnit | undefined, config: Config): OnlineHandling {
  const online = item.content.online;
  if (online?.channel === 'exempt') {
    const why = [label(ONLINE_EXEMPTIONS, online.exemption), online.exemptionReason].filter(Boolean).join('：');
    return { channel: 'exempt', url: null, reason: why || '依法不适宜网上办理' };
  }
  const channel = online?.channel ?? (unit?.onlineSystemUrl ? 'own' : 'platform');
  const url =
    channel === 'own'
      ? (online?.url ?? unit?.onlineSystemUrl ?? null)
      : (online?.url ?? config.jurisdiction.platformChannelUrl);
  return { channel, url: url ?? config.jurisdiction.platformChannelUrl, reason: null };
}

const links = (base: string, code: string) => ({
  guide: `${base}/items/${code}`,
  api: `${base}/api/public/v1/items/${code}`,
});

export function presentItemSummary(item: PublicListItem, base: string) {
  return {
    code: item.code,
    name: item.name,
    type: item.type,
    typeLabel: label(ITEM_TYPES, item.type),
    granularity: item.granularity,
    lifeState: item.lifeState,
    unit: { id: item.unit.id, name: item.unit.name },
    serviceObjects: item.serviceObjects,
    version: item.version,
    publishedAt: item.publishedAt,
    contentHash: item.contentHash,
    links: links(base, item.code),
  };
}

/** The public API's item document; `unit` is the item's unit as it is now (its online system, Art. 10). */
export function presentItem(item: PublicItem, unit: PublicUnit | undefined, config: Config) {
  const { itemId: _internal, ...shown } = item;
  return {
    ...shown,
    onlineHandling: onlineHandling(item, unit, config),
    links: links(config.http.publicLinkBase, item.code),
  };
}

export const presentUnit = (u: PublicUnit) => ({ ...u });

export function presentChange(c: PublicChange) {
  return { ...c, kindLabel: PUBLICATION_KINDS[c.kind] ?? c.kind, groundLabel: c.ground ? groundLabel(c.ground) : null };
}
