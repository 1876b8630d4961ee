import type { ItemContent } from '../domain/item-content.js';

/**
 * What evaluation needs to know about a published guide, read from its content. Pure.
 *
 * Online handling (Art. 10–11): an item is handled online when its guide names an online channel (the unit's own
 * system or the provincial platform's district channel) or lists 网上办理 among its handling forms; it is exempt
 * when the guide claims an exemption (channel "exempt") — with its legal reason; otherwise it is neither, which
 * Art. 11 does not allow.
 */
export type OnlineStatus = 'online' | 'exempt' | 'none';
export const ONLINE_STATUSES: Record<OnlineStatus, string> = { online: '可网上办理', exempt: '依法不予网办', none: '既未网办也未说明豁免' };

export function onlineStatus(c: Pick<ItemContent, 'online' | 'handleForms'>): OnlineStatus {
  if (c.online?.channel === 'exempt') return 'exempt';
  if (c.online?.channel === 'own' || c.online?.channel === 'platform' || c.handleForms?.includes('2')) return 'online';
  return 'none';
}

export const LINK_KINDS = { online: '在线办理地址', mobile: '移动端办理地址', blank_form: '空白表格', sample: '示例样表', result_sample: '审批结果样本' } as const;
export type LinkKind = keyof typeof LINK_KINDS;

export interface GuideLink {
  kind: LinkKind;
  label: string;
  url: string;
}

/** Every URL a published guide sends the public to (the legal-basis register holds no URLs, so none come from there). */
export function guideLinks(c: Pick<ItemContent, 'online' | 'materials' | 'ext'>): GuideLink[] {
  const out: GuideLink[] = [];
  if (c.online?.url) out.push({ kind: 'online', label: LINK_KINDS.online, url: c.online.url });
  if (c.online?.mobileUrl) out.push({ kind: 'mobile', label: LINK_KINDS.mobile, url: c.online.mobileUrl });
  for (const m of c.materials ?? []) {
    if (m.blankForm) out.push({ kind: 'blank_form', label: `${m.name}：${m.blankForm.name}`, url: m.blankForm.url });
    if (m.sample) out.push({ kind: 'sample', label: `${m.name}：${m.sample.name}`, url: m.sample.url });
  }
  if (c.ext?.resultSample) out.push({ kind: 'result_sample', label: c.ext.resultSample.name, url: c.ext.resultSample.url });
  // One check per distinct URL and kind: a form listed under two materials is one link.
  return out.filter((l, i) => out.findIndex((o) => o.kind === l.kind && o.url === l.url) === i);
}
