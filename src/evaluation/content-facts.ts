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
export const ONLINE_STATUSES: Record<OnlineStatus, string> = {
  online: '可网上办理',
  exempt: '依法不予网办',
  none: '既未网办也未说明豁免',
};

export function onlineStatus(c: Pick<ItemContent, 'online' | 'handleForms'>): OnlineStatus {
  if (c.online?.channel === 'exempt') return 'exempt';
  if (c.online?.channel === 'own' || c.online?.channel === 'platform' || c.handleForms?.includes('2')) return 'online';
  return 'none';
}

export const LINK_KINDS = {
  online: '在线办理地址',
  mobile: '移动端办理地址',
  blank_form: '空白表格',
  sample: '示例样表',
  result_sample: '审批结果样本',
  legal_basis: '法律依据全文',
} as const;
export type LinkKind = keyof typeof LINK_KINDS;

export interface GuideLink {
  kind: LinkKind;
  label: string;
  url: string;
}

/** A legal document's official text, as the register holds it. */
export type LawText = { title: string; url: string };

/**
 * Every URL a published guide sends the public to, including the official text of each legal document it cites
 * (设定依据 and 实施依据 with a `docId`, looked up in the register by `lawText`).
 */
export function guideLinks(
  c: Pick<ItemContent, 'online' | 'materials' | 'ext' | 'setBasis' | 'implBasis'>,
  lawText: (docId: string) => LawText | undefined = () => undefined,
): GuideLink[] {
  const out: GuideLink[] = [];
  if (c.online?.url) out.push({ kind: 'online', label: LINK_KINDS.online, url: c.online.url });
  if (c.online?.mobileUrl) out.push({ kind: 'mobile', label: LINK_KINDS.mobile, url: c.online.mobileUrl });
  for (const m of c.materials ?? []) {
    if (m.blankForm) out.push({ kind: 'blank_form', label: `${m.name}：${m.blankForm.name}`, url: m.blankForm.url });
    if (m.sample) out.push({ kind: 'sample', label: `${m.name}：${m.sample.name}`, url: m.sample.url });
  }
  if (c.ext?.resultSample)
    out.push({ kind: 'result_sample', label: c.ext.resultSample.name, url: c.ext.resultSample.url });
  for (const cite of [...(c.setBasis ?? []), ...(c.implBasis ?? [])]) {
    const law = cite.docId ? lawText(cite.docId) : undefined;
    if (law) out.push({ kind: 'legal_basis', label: `${LINK_KINDS.legal_basis}：${law.title}`, url: law.url });
  }
  // One check per distinct URL and kind: a form listed under two materials is one link.
  return out.filter((l, i) => out.findIndex((o) => o.kind === l.kind && o.url === l.url) === i);
}
