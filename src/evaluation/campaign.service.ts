import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import { isIsoDate } from '../calendar/dates.js';
import { ITEM_TYPES } from '../domain/enums.js';
import { chinaDate } from '../shared/clock.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { canonicalJson } from '../shared/json.js';
import { GROUNDS, isGround } from '../domain/grounds.js';
import { notifyRoles } from '../workflow/notify.js';
import { ATTESTATION } from './campaign.js';
import { answerCampaignItem, closeCampaignRow, insertCampaign } from './campaign.repository.js';
import { campaignItems, changeRequestsSince, findCampaign, scopeItems } from './campaign.queries.js';
import type { CampaignRow } from './evaluation.table.js';

export interface OpenCampaignInput {
  title: string;
  instructions: string;
  dueOn: string;
  unitIds: string[];
  types: string[];
}

export async function openCampaign(uc: UseCaseContext, input: OpenCampaignInput): Promise<CampaignRow> {
  authorize(uc.actor, 'campaign.manage');
  const title = input.title.trim();
  const instructions = input.instructions.trim();
  if ([...title].length < 4 || title.length > 200) throw errors.field('title', '请填写清理名称（4至200字）');
  if ([...instructions].length < 10) throw errors.field('instructions', '请写明清理要求（不少于10个字）');
  const today = chinaDate(uc.app.clock.now());
  if (!isIsoDate(input.dueOn) || input.dueOn <= today) throw errors.field('dueOn', '截止日期应为今天以后的有效日期');
  const badType = input.types.find((t) => !(t in ITEM_TYPES));
  if (badType) throw errors.field('types', `未知的事项类型：${badType}`);
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const items = await scopeItems(
      trx,
      input.unitIds.length ? input.unitIds : null,
      input.types.length ? input.types : null,
    );
    if (!items.length) throw errors.field('unitIds', '所选范围内没有在用的已发布事项');
    const row: CampaignRow = {
      id: newId(),
      title,
      instructions,
      unit_ids: input.unitIds.length ? canonicalJson(input.unitIds) : null,
      types: input.types.length ? canonicalJson(input.types) : null,
      opened_on: today,
      due_on: input.dueOn,
      status: 'open',
      created_at: now,
      created_by: uc.actor.id,
      closed_at: null,
      closed_by: null,
    };
    await insertCampaign(
      trx,
      row,
      items.map((i) => ({
        campaign_id: row.id,
        item_id: i.id,
        unit_id: i.unit_id,
        status: 'pending',
        change_request_id: null,
        ground: null,
        note: null,
        decided_at: null,
        decided_by: null,
      })),
    );
    await audit({
      action: 'campaign.opened',
      target: { type: 'campaign', id: row.id },
      after: row,
      details: { items: items.length, dueOn: row.due_on },
    });
    for (const unitId of new Set(items.map((i) => i.unit_id))) {
      await notifyRoles(
        trx,
        now,
        ['unit_clerk'],
        unitId,
        {
          kind: 'campaign',
          title: `目录清理：${title}（${input.dueOn} 前完成）`,
          body: instructions,
          link: `/console/campaigns/${row.id}`,
        },
        !!uc.app.config.mail.smtpUrl,
      );
    }
    return row;
  });
}

export type CampaignAnswer =
  | { kind: 'confirmed'; attested: boolean }
  | { kind: 'changed' }
  | { kind: 'cancel_proposed'; ground: string; explanation: string };

/** The unit's answer for one of its items; only while the campaign is open, once per item. */
export async function answerCampaign(
  uc: UseCaseContext,
  campaignId: string,
  itemId: string,
  a: CampaignAnswer,
): Promise<void> {
  authorize(uc.actor, 'campaign.answer');
  const now = uc.app.clock.now().toISOString();
  await inTransaction(uc, async (trx, audit) => {
    const campaign = await findCampaign(trx, campaignId);
    if (!campaign) throw errors.notFound('目录清理');
    if (campaign.status !== 'open') throw errors.invalidState('该目录清理已结束');
    const item = (await campaignItems(trx, unitScope(uc.actor), campaignId)).find((i) => i.item_id === itemId);
    if (!item) throw errors.notFound('清理范围内的事项');
    let patch: { status: string; change_request_id?: string; ground?: string; note?: string };
    if (a.kind === 'confirmed') {
      if (!a.attested) throw errors.field('attest', '请勾选确认声明（第十五条）');
      patch = { status: 'confirmed', note: ATTESTATION };
    } else if (a.kind === 'changed') {
      const crs = await changeRequestsSince(trx, itemId, campaign.created_at);
      if (!crs.length) throw errors.field('changeRequest', '该事项在清理开始后还没有调整申请：请先发起变更申请');
      patch = { status: 'changed', change_request_id: crs[crs.length - 1]!.id };
    } else {
      if (!isGround(a.ground) || GROUNDS[a.ground].kind !== 'cancel')
        throw errors.field('ground', '取消的事由应选自第十六条');
      if ([...a.explanation.trim()].length < 10) throw errors.field('explanation', '请说明取消的理由（不少于10个字）');
      patch = { status: 'cancel_proposed', ground: a.ground, note: a.explanation.trim() };
    }
    if (!(await answerCampaignItem(trx, campaignId, itemId, { ...patch, decided_at: now, decided_by: uc.actor.id })))
      throw errors.invalidState('该事项已处理');
    await audit({
      action: 'campaign.item_answered',
      target: { type: 'campaign', id: campaignId },
      details: { itemId, ...patch },
    });
  });
}

export async function closeCampaign(uc: UseCaseContext, id: string): Promise<void> {
  authorize(uc.actor, 'campaign.manage');
  const now = uc.app.clock.now().toISOString();
  await inTransaction(uc, async (trx, audit) => {
    if (!(await closeCampaignRow(trx, id, now, uc.actor.id))) throw errors.invalidState('该目录清理不存在或已结束');
    await audit({ action: 'campaign.closed', target: { type: 'campaign', id } });
  });
}
