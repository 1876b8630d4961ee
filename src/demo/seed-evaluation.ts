import type { UseCaseContext } from '../app/use-case.js';
import type { Actor } from '../auth/actor.js';
import { addDays } from '../calendar/dates.js';
import { ATTESTATION } from '../evaluation/campaign.js';
import { answerCampaign, openCampaign } from '../evaluation/campaign.service.js';
import { campaignItems } from '../evaluation/campaign.queries.js';
import { castVote, recordSearchMiss } from '../evaluation/feedback.service.js';
import { recordOutcome, syncLinks } from '../evaluation/link-check.job.js';
import { answerSpotCheck, recordSpotCheck } from '../evaluation/spot-check.service.js';
import { answerExplanationRequest, submitExplanationRequest } from '../explanations/explanation.service.js';
import { findPublicDocument, listPublicItems, publicItemOf } from '../publishing/public-documents.queries.js';
import { chinaDate } from '../shared/clock.js';
import { createChangeRequest } from '../workflow/change-request.service.js';
import { findByTrackingNo } from '../explanations/explanation.repository.js';
import { accountsOfUnit, idleItemsOfUnit } from './demo.queries.js';

const DAY = 86_400_000;

/**
 * Evaluation in the demo, through the real use cases with the clock moved back where history is needed: a year
 * of explanation requests to the clerk's unit (some answered late) and three change requests left undone
 * (the accountability report), a spot check answered late and one open, a clean-up campaign in progress over
 * two units, two download links the checker found broken three times in a row (tasks on the unit's 工作台), public
 * votes that flag one guide for the bureau's review, and searches that found nothing.
 */
export async function seedEvaluation(
  uc: UseCaseContext,
  o: { clerkUnitId: string; reviewUnitId: string },
): Promise<{ history: number }> {
  const now = uc.app.clock.now().getTime();
  const at = (daysAgo: number): UseCaseContext => ({
    ...uc,
    app: { ...uc.app, clock: { now: () => new Date(now - daysAgo * DAY) } },
  });
  const clerk = (await accountsOfUnit(uc.app.db.kysely, o.clerkUnitId)).find((u) => u.roles.includes('unit_clerk'));
  const clerkActor: Actor = clerk
    ? { kind: 'user', id: clerk.id, name: clerk.display_name, roles: ['unit_clerk'], unitId: o.clerkUnitId }
    : uc.actor;
  const asClerk = (c: UseCaseContext): UseCaseContext => ({ ...c, actor: clerkActor });
  const publicUc = (c: UseCaseContext): UseCaseContext => ({
    ...c,
    actor: { kind: 'public', id: null, name: '公众', roles: [], unitId: null },
    meta: { userAgent: 'shixiang seed-demo' },
  });

  const db = uc.app.db.kysely;
  const listed = (await listPublicItems(db, { unitId: o.clerkUnitId }, 0, 50)).rows.filter(
    (i) => i.lifeState === 'active',
  );
  const docs = await Promise.all(listed.map((i) => findPublicDocument(db, { code: i.code })));
  const clerkItems = docs.flatMap((d) => (d ? [publicItemOf(d)] : []));
  if (clerkItems.length < 4) return { history: 0 };

  // A year of explanation requests: one a month, every third answered after its deadline.
  let history = 0;
  for (let m = 12; m >= 1; m--) {
    const asked = m * 30 + 3;
    const item = clerkItems[m % clerkItems.length]!;
    const receipt = await submitExplanationRequest(publicUc(at(asked)), item, {
      question: `${item.name}的办理时限是否包含材料补正的时间？请予说明（演示第${13 - m}件）。`,
    });
    const id = (await findByTrackingNo(uc.app.db.kysely, receipt.trackingNo))!.id;
    await answerExplanationRequest(asClerk(at(asked - (m % 3 === 0 ? 20 : 4))), id, {
      answer: '办理时限自受理之日起计算，材料补正的时间不计算在内。',
      proposeFaq: false,
    });
    history++;
  }
  // Change requests whose grounds arose months ago and that the unit has not submitted: never done.
  const idle = await idleItemsOfUnit(uc.app.db.kysely, o.reviewUnitId, 3);
  for (const [n, row] of idle.entries()) {
    const c = at(40 + n * 60);
    await createChangeRequest(
      { ...c, actor: { kind: 'system', id: null, name: '演示数据载入', roles: [], unitId: null } },
      {
        kind: 'change',
        itemId: row.id,
        ground: 'art18.1',
        groundArisenOn: chinaDate(c.app.clock.now()),
        summary: '设定依据修订后，申请材料须相应调整',
      },
    );
    history++;
  }

  // Spot checks: one fixed five days late, one open.
  const late = await recordSpotCheck(at(30), {
    itemId: clerkItems[1]!.itemId,
    findings: '办事指南中的收费依据文件已被新文件替代。',
    requiredFix: '更新收费依据并重新发布。',
    dueOn: chinaDate(new Date(now - 20 * DAY)),
  });
  await answerSpotCheck(asClerk(at(13)), late.id, '已更新收费依据为新文件，并提交核验。');
  await recordSpotCheck(uc, {
    itemId: clerkItems[2]!.itemId,
    findings: '空白表格仍为2019年版本，与现行申请表不一致。',
    requiredFix: '上传现行版本的空白表格和示例样表。',
    dueOn: addDays(chinaDate(new Date(now)), 7),
  });

  // A campaign in progress over the two demo units; the clerk's unit has answered part of it.
  const campaign = await openCampaign(at(10), {
    title: '2026年度政务服务事项目录清理',
    instructions:
      '请逐项核对事项名称、设定依据、申请材料和网办地址：无变化的确认并声明负责，需变更的发起变更申请，应取消的提出取消并说明依据。',
    dueOn: chinaDate(new Date(now + 12 * DAY)),
    unitIds: [o.clerkUnitId, o.reviewUnitId],
    types: [],
  });
  const inScope = (await campaignItems(uc.app.db.kysely, { kind: 'all' }, campaign.id)).filter(
    (i) => i.unit_id === o.clerkUnitId,
  );
  for (const i of inScope.slice(0, Math.ceil(inScope.length / 2)))
    await answerCampaign(asClerk(at(5)), campaign.id, i.item_id, {
      kind: 'confirmed',
      attested: ATTESTATION.length > 0,
    });

  // Broken downloads: the checker's record after three failed checks in a row (the demo has no network).
  const tracked = [];
  for await (const page of syncLinks(uc.app)) tracked.push(...page);
  const links = tracked.filter((l) => l.unit_id === o.clerkUnitId && l.kind !== 'online').slice(0, 2);
  for (let [n, link] of links.entries()) {
    for (let k = 3; k >= 1; k--) {
      const t = await recordOutcome(at(k).app, link, {
        kind: 'failed',
        status: n === 0 ? 404 : null,
        error: n === 0 ? null : '连接被拒绝（对方服务未运行或端口未开放）',
      });
      link = { ...link, ...t.patch };
    }
  }
  // Public feedback: one guide drew mostly "没帮助" over the last three weeks (flagged for review); others were found
  // helpful; a few searches found nothing.
  const reasons = [
    '没有写明复印件需要几份',
    '',
    '网上办理入口找不到',
    '收费标准和窗口说的不一致',
    '',
    '',
    '办理时限写得不清楚',
  ];
  for (const [k, reason] of reasons.entries())
    await castVote(at(1 + k * 3).app, clerkItems[3]!.itemId, { helpful: k === 4, reason });
  for (const [k, item] of clerkItems.slice(0, 3).entries())
    for (let v = 0; v <= k + 1; v++) await castVote(at(2 + v * 5).app, item.itemId, { helpful: v !== 1, reason: '' });
  for (const [k, q] of [
    '无人机飞行许可',
    '宠物犬登记',
    '电动自行车上牌',
    '无人机飞行许可',
    '老年证办理',
    '无人机飞行许可',
  ].entries())
    await recordSearchMiss(at(1 + k * 4).app, q);
  return { history };
}
