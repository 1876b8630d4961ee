import type { UseCaseContext } from '../app/use-case.js';
import { answerExplanationRequest, decideFaq, submitExplanationRequest } from '../explanations/explanation.service.js';
import { manifestOf, publicCatalogue } from '../publishing/catalogue.js';
import { recordChannelReport, registerChannel } from '../publishing/channel.service.js';
import type { PublicItem } from '../publishing/public.queries.js';
import { allPublicItems } from '../publishing/public-documents.queries.js';
import { reindexPublished } from '../publishing/search-index.js';
import { findByTrackingNo } from '../explanations/explanation.repository.js';
import { withoutWorkingVersion } from './demo.queries.js';

export interface SeededPublishing {
  channels: number;
  explanations: number;
  indexed: number;
}

/**
 * The publishing side of the demo, after the items: the search index over the published catalogue, three
 * channels (the district portal and two unit websites, one of which shows a catalogue that is not ours:
 * drifted) and three explanation requests to the clerk's unit (answered and published as an FAQ, open,
 * overdue). Contact details are made up and stored encrypted like real ones.
 */
export async function seedPublishing(
  uc: UseCaseContext,
  o: { clerkUnitId: string; reviewUnitId: string },
): Promise<SeededPublishing> {
  const indexed = (await reindexPublished(uc.app.db)).indexed;
  const items: PublicItem[] = [];
  for await (const i of allPublicItems(uc.app.db.kysely, o.clerkUnitId)) if (i.lifeState === 'active') items.push(i);
  const noDraft = await itemsWithoutWorkingVersion(uc, items);
  const [faqItem, openItem, lateItem] = [noDraft[0] ?? items[0], items[1] ?? items[0], items[2] ?? items[0]];
  if (!faqItem || !openItem || !lateItem) {
    await seedChannels(uc, o);
    return { channels: 3, explanations: 0, indexed };
  }
  const publicUc: UseCaseContext = {
    ...uc,
    actor: { kind: 'public', id: null, name: '公众', roles: [], unitId: null },
    meta: { userAgent: 'shixiang seed-demo' },
  };

  const answered = await submitExplanationRequest(publicUc, faqItem, {
    name: '王丽',
    contact: '13800138000',
    question: `办理“${faqItem.name}”，申请材料可以通过网上提交吗？需要到现场几次？`,
  });
  const answeredId = await idOf(uc, answered.trackingNo);
  await answerExplanationRequest(uc, answeredId, {
    answer:
      '可以。申请材料可通过网上办理渠道提交电子版，材料齐全、符合法定形式的，原则上只需到现场一次领取结果；选择邮寄送达的无需到现场。',
    proposeFaq: true,
    faqQuestion: '申请材料可以网上提交吗？需要到现场几次？',
  });
  await decideFaq(uc, answeredId, { approve: true });

  await submitExplanationRequest(publicUc, openItem, {
    name: '李强',
    contact: 'liqiang@example.com',
    question: '办事指南中的“承诺办结时限”是从受理之日起算，还是从材料补齐之日起算？',
  });
  // Asked three weeks ago and not answered: past its 10-working-day deadline (supervision shows it).
  const past = new Date(uc.app.clock.now().getTime() - 21 * 86_400_000);
  await submitExplanationRequest({ ...publicUc, app: { ...uc.app, clock: { now: () => past } } }, lateItem, {
    contact: '13912345678',
    question: '收费标准的依据文件是否仍然有效？请说明是否有新的收费文件。',
  });
  await seedChannels(uc, o);
  return { channels: 3, explanations: 3, indexed };
}

async function itemsWithoutWorkingVersion(uc: UseCaseContext, items: PublicItem[]): Promise<PublicItem[]> {
  if (!items.length) return [];
  const ids = await withoutWorkingVersion(
    uc.app.db.kysely,
    items.map((i) => i.itemId),
  );
  return items.filter((i) => ids.has(i.itemId));
}

async function idOf(uc: UseCaseContext, trackingNo: string): Promise<string> {
  return (await findByTrackingNo(uc.app.db.kysely, trackingNo))!.id;
}

/** Channels registered after the last demo publication, so their reports describe the final catalogue. */
async function seedChannels(uc: UseCaseContext, o: { clerkUnitId: string; reviewUnitId: string }): Promise<void> {
  const cat = await publicCatalogue(uc.app);
  const portal = await registerChannel(uc, {
    name: '平鲁区人民政府门户网站',
    kind: 'portal',
    siteUrl: 'https://www.pinglu.example.gov.cn/',
    expectedSync: 'webhook',
    webhookUrl: 'https://www.pinglu.example.gov.cn/api/shixiang/webhook',
  });
  await recordChannelReport(
    uc.app,
    portal.channel,
    { seq: cat.stamp.seq, hash: (await cat.manifest(null)).hash },
    'report',
  );
  const clerkSite = await registerChannel(uc, {
    name: `${cat.unitById.get(o.clerkUnitId)?.name ?? '实施单位'}网站`,
    kind: 'unit_site',
    unitId: o.clerkUnitId,
    siteUrl: 'https://www.pinglu.example.gov.cn/dept/',
    expectedSync: 'widget',
  });
  const clerkManifest = await cat.manifest(o.clerkUnitId);
  await recordChannelReport(uc.app, clerkSite.channel, { seq: cat.stamp.seq, hash: clerkManifest.hash }, 'report');
  // A unit site hosting an old static export that someone edited by hand: same sequence, other content.
  const reviewSite = await registerChannel(uc, {
    name: `${cat.unitById.get(o.reviewUnitId)?.name ?? '实施单位'}网站`,
    kind: 'unit_site',
    unitId: o.reviewUnitId,
    siteUrl: 'https://www.pinglu.example.gov.cn/xzspj/',
    expectedSync: 'poll',
    pollUrl: 'https://www.pinglu.example.gov.cn/xzspj/shixiang/index.json',
  });
  const edited = (await cat.manifest(o.reviewUnitId)).entries.map((e, i) =>
    i === 0 ? { ...e, contentHash: e.contentHash.replace(/^./, (c) => (c === '0' ? '1' : '0')) } : e,
  );
  await recordChannelReport(
    uc.app,
    reviewSite.channel,
    { seq: cat.stamp.seq, hash: manifestOf(o.reviewUnitId, cat.stamp.seq, edited).hash },
    'report',
  );
}
