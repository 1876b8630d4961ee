import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import { contentFromEntry, parentItemFor } from '../catalogue/claim.service.js';
import type { Trx } from '../db/database.js';
import type { Citation, ItemContent } from '../domain/item-content.js';
import type { ItemType } from '../domain/enums.js';
import { markClaimed } from '../items/item.repository.js';
import { chinaDate } from '../shared/clock.js';
import { errors } from '../shared/errors.js';
import { parseStored } from '../shared/json.js';
import {
  insertChangeRequest,
  prepareChangeRequest,
  type CreateChangeRequestInput,
  type GroundDocument,
} from '../workflow/change-request.service.js';
import { notifyRoles } from '../workflow/notify.js';
import type { ChangeRequestRow, ObligationRow } from '../workflow/workflow.table.js';
import type { ObligationStatus } from './obligation.enums.js';
import { activeCatalogueEntry, findObligation } from './obligation.queries.js';
import { moveObligation } from './obligation.repository.js';
import { documentOfEvent } from '../legal/legal.queries.js';

const MIN_JUSTIFICATION = 10;

/** Loads an obligation in the actor's scope inside the transaction, or 404. */
async function load(
  uc: UseCaseContext,
  trx: Trx,
  id: string,
): Promise<ObligationRow & { unit_name: string; item_name: string | null }> {
  const row = await findObligation(trx, uc, id);
  if (!row) throw errors.notFound('调整义务');
  return row;
}

/** Moves an obligation between statuses; another answer got there first when the guard does not match. */
async function move(
  trx: Trx,
  id: string,
  from: readonly ObligationStatus[],
  patch: Partial<ObligationRow>,
): Promise<void> {
  if (!(await moveObligation(trx, id, from, patch))) throw errors.invalidState('调整义务的状态已改变，请刷新后重试');
}

const stateError = (status: string, expected: string) =>
  errors.invalidState(`该调整义务当前为“${status}”，${expected}`, { status });

/**
 * "无需调整": the unit explains why the ground does not require a change (e.g. the repealed article is not
 * the one the item relies on). The centre must confirm before the obligation counts as resolved.
 */
export async function answerNoChange(uc: UseCaseContext, id: string, justification: string): Promise<void> {
  authorize(uc.actor, 'obligation.resolve');
  const text = justification.trim();
  if ([...text].length < MIN_JUSTIFICATION)
    throw errors.field('justification', `请说明无需调整的理由（不少于${MIN_JUSTIFICATION}个字）`);
  const now = uc.app.clock.now().toISOString();
  await inTransaction(uc, async (trx, audit) => {
    const o = await load(uc, trx, id);
    if (o.status !== 'open') throw stateError(o.status, '只有待处理的义务可以说明无需调整');
    await move(trx, o.id, ['open'], { status: 'no_change_pending', justification: text, review_note: null });
    await audit({
      action: 'obligation.resolved',
      target: { type: 'obligation', id: o.id },
      details: { answer: 'no_change', justification: text },
    });
    await notifyRoles(
      trx,
      now,
      ['verifier', 'publisher'],
      undefined,
      {
        kind: 'obligation',
        title: `待确认“无需调整”：${o.unit_name}`,
        body: `${o.summary}\n理由：${text}`,
        link: `/console/obligations/${o.id}`,
      },
      false,
    );
  });
}

/** The centre accepts a "no change needed" answer: the obligation is resolved. */
export async function confirmNoChange(uc: UseCaseContext, id: string, note?: string): Promise<void> {
  authorize(uc.actor, 'obligation.confirm');
  const now = uc.app.clock.now().toISOString();
  await inTransaction(uc, async (trx, audit) => {
    const o = await load(uc, trx, id);
    if (o.status !== 'no_change_pending') throw stateError(o.status, '只有待确认的“无需调整”说明可以确认');
    await move(trx, o.id, ['no_change_pending'], {
      status: 'resolved',
      resolved_at: now,
      resolved_by: uc.actor.id,
      review_note: note?.trim() || null,
    });
    await audit({
      action: 'obligation.confirmed',
      target: { type: 'obligation', id: o.id },
      details: { note: note?.trim() || undefined },
    });
    await notifyRoles(
      trx,
      now,
      ['unit_clerk'],
      o.unit_id,
      {
        kind: 'obligation',
        title: `“无需调整”已确认：${o.summary.slice(0, 60)}`,
        link: `/console/obligations/${o.id}`,
      },
      false,
    );
  });
}

/** The centre does not accept the explanation: the obligation is open again, with the centre's note. */
export async function rejectNoChange(uc: UseCaseContext, id: string, note: string): Promise<void> {
  authorize(uc.actor, 'obligation.confirm');
  const text = note.trim();
  if ([...text].length < 4) throw errors.field('note', '请写明不同意的理由');
  const now = uc.app.clock.now().toISOString();
  await inTransaction(uc, async (trx, audit) => {
    const o = await load(uc, trx, id);
    if (o.status !== 'no_change_pending') throw stateError(o.status, '只有待确认的“无需调整”说明可以退回');
    await move(trx, o.id, ['no_change_pending'], { status: 'open', review_note: text });
    await audit({ action: 'obligation.rejected', target: { type: 'obligation', id: o.id }, details: { note: text } });
    await notifyRoles(
      trx,
      now,
      ['unit_clerk'],
      o.unit_id,
      {
        kind: 'obligation',
        title: `“无需调整”未获确认：${o.summary.slice(0, 60)}`,
        body: text,
        link: `/console/obligations/${o.id}`,
      },
      !!uc.app.config.mail.smtpUrl,
    );
  });
}

/** The centre withdraws an obligation opened in error (the reason is recorded). */
export async function dismissObligation(uc: UseCaseContext, id: string, reason: string): Promise<void> {
  authorize(uc.actor, 'obligation.confirm');
  const text = reason.trim();
  if ([...text].length < 4) throw errors.field('reason', '请写明撤销理由');
  const now = uc.app.clock.now().toISOString();
  await inTransaction(uc, async (trx, audit) => {
    const o = await load(uc, trx, id);
    if (o.status !== 'open' && o.status !== 'no_change_pending')
      throw stateError(o.status, '调整中或已办结的义务不能撤销');
    await move(trx, o.id, ['open', 'no_change_pending'], {
      status: 'dismissed',
      review_note: text,
      resolved_at: now,
      resolved_by: uc.actor.id,
    });
    await audit({
      action: 'obligation.dismissed',
      target: { type: 'obligation', id: o.id },
      details: { reason: text },
    });
  });
}

export interface ObligationChangeInput {
  summary?: string;
  groundExplanation?: string;
  /** For "add" obligations without a base-catalogue entry: the new item's basic elements. */
  newItem?: { name: string; catalogCode: string; type: ItemType };
}

/**
 * Answers an obligation with a change request of its kind and ground, carrying the source document and
 * the day the ground arose (capped at today: a change may be prepared before a future effective date).
 * An "add" obligation for a 基本编码 of the base catalogue creates a claimed item (inherited elements).
 */
export async function openChangeFromObligation(
  uc: UseCaseContext,
  id: string,
  input: ObligationChangeInput = {},
): Promise<ChangeRequestRow> {
  authorize(uc.actor, 'obligation.resolve');
  authorize(uc.actor, 'change.create');
  const db = uc.app.db.kysely;
  const o = await findObligation(db, uc, id);
  if (!o) throw errors.notFound('调整义务');
  if (o.status !== 'open') throw stateError(o.status, '只有待处理的义务可以发起调整申请');
  const today = chinaDate(uc.app.clock.now());
  const request: CreateChangeRequestInput = {
    kind: o.kind,
    ground: o.ground,
    obligationId: o.id,
    groundArisenOn: o.ground_arisen_on < today ? o.ground_arisen_on : today,
    groundDocument: o.ground_document ? parseStored<GroundDocument>(o.ground_document) : undefined,
    groundExplanation: input.groundExplanation,
    summary: (input.summary?.trim() || o.summary).slice(0, 1000),
  };
  let claimed = false;
  if (o.kind === 'add') {
    const spec = await newItemFor(uc, o, input);
    request.newItems = [spec.item];
    claimed = spec.claimed;
  } else {
    if (!o.item_id) throw errors.invalidState('该义务未指向事项，不能发起变更或取消');
    request.itemId = o.item_id;
  }
  const deadline = await prepareChangeRequest(uc, request);
  return inTransaction(uc, async (trx, audit) => {
    const cr = await insertChangeRequest(uc, trx, audit, request, deadline);
    if (claimed && cr.item_id) await markClaimed(trx, cr.item_id);
    return cr;
  });
}

async function newItemFor(
  uc: UseCaseContext,
  o: ObligationRow,
  input: ObligationChangeInput,
): Promise<{ item: NonNullable<CreateChangeRequestInput['newItems']>[number]; claimed: boolean }> {
  const db = uc.app.db.kysely;
  const level = uc.app.config.jurisdiction.level;
  const code = input.newItem?.catalogCode ?? o.catalog_code ?? undefined;
  const entry = code ? await activeCatalogueEntry(db, code) : undefined;
  if (entry)
    return {
      item: {
        granularity: entry.parent_code ? 'sub' : 'main',
        unitId: o.unit_id,
        content: contentFromEntry(entry, level),
        parentId: await parentItemFor(db, o.unit_id, entry.parent_code),
      },
      claimed: true,
    };
  if (!input.newItem) throw errors.field('newItem', '基本目录中没有对应条目，请填写新增事项的名称、基本编码和类型');
  const setBasis: Citation[] = [];
  if (o.source_type === 'legal_event') {
    const event = await documentOfEvent(db, o.source_id);
    if (event) setBasis.push({ docId: event.id, title: event.title, ...(event.doc_no ? { docNo: event.doc_no } : {}) });
  }
  const content: ItemContent = {
    name: input.newItem.name,
    catalogCode: input.newItem.catalogCode,
    type: input.newItem.type,
    setBasis,
    useLevels: [level],
  };
  return { item: { granularity: 'main', unitId: o.unit_id, content }, claimed: false };
}
