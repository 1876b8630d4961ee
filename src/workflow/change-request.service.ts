import { inTransaction, type Audit, type UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import { isIsoDate } from '../calendar/dates.js';
import { chinaDate } from '../shared/clock.js';
import type { Trx } from '../db/database.js';
import * as items from '../items/item.repository.js';
import { newVersionRow } from '../items/item-rows.js';
import { insertNewItem, type CreateItemInput } from '../items/item.service.js';
import { indexItem } from '../legal/citation-index.js';
import type { ItemRow } from '../items/item.table.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { canonicalJson, parseStored } from '../shared/json.js';
import { findObligationOfUnit, moveObligation, reopenObligationsOf } from '../obligations/obligation.repository.js';
import { deadlineFor, type Deadline } from './deadline.js';
import { groundProblem, isGround, type ChangeKind } from '../domain/grounds.js';
import type { ChangeRequestRow } from './workflow.table.js';
import {
  findChangeRequestInScope,
  insertChangeRequestRow,
  insertLineage,
  moveChangeRequest,
  updateChangeRequest,
  versionsOfChangeRequest,
} from './workflow.repository.js';

export interface GroundDocument {
  docNo?: string;
  title?: string;
  article?: string;
  effectiveDate?: string;
}

export interface CreateChangeRequestInput {
  kind: ChangeKind;
  /** The published item to change or cancel (change, cancel). */
  itemId?: string;
  /** Items merged into one (merge: ≥2) or the item split (split: exactly 1). */
  sourceItemIds?: string[];
  /** New items: one for add and merge (unless `mergeIntoId`), ≥1 for split (≥2 unless they go under the split item). */
  newItems?: CreateItemInput[];
  /**
   * 合并 into an existing published item instead of a new one (e.g. two 业务办理项 folded into their 主项): it gets
   * a working version (a 变更) and stays in use; the sources are cancelled.
   */
  mergeIntoId?: string;
  ground: string;
  groundExplanation?: string;
  groundDocument?: GroundDocument;
  /** The day the ground arose (YYYY-MM-DD); the Art. 19 deadline counts from it. */
  groundArisenOn: string;
  summary?: string;
  /** The adjustment obligation this request answers (legal event, directive, catalogue change). */
  obligationId?: string;
}

/**
 * 调整申请: every adjustment of a published catalogue goes through one (Art. 12–19). It records kind, ground
 * (Art. 16–18), ground document and date, computes the deadline on the official calendar, and creates
 * the working versions that will be verified and published through the same state machine.
 */
export async function createChangeRequest(
  uc: UseCaseContext,
  input: CreateChangeRequestInput,
): Promise<ChangeRequestRow> {
  authorize(uc.actor, 'change.create');
  const deadline = await prepareChangeRequest(uc, input);
  return inTransaction(uc, (trx, audit) => insertChangeRequest(uc, trx, audit, input, deadline));
}

/** Checks kind, ground and date, and computes the Art. 19 deadline (outside any transaction). */
export async function prepareChangeRequest(uc: UseCaseContext, input: CreateChangeRequestInput): Promise<Deadline> {
  const problem = groundProblem(input.kind, input.ground, input.groundExplanation);
  if (problem) throw errors.field(input.ground && problem.startsWith('选择') ? 'groundExplanation' : 'ground', problem);
  // The schemas check only the shape (the console form does not pass through them): 2026-13-45 or 2026-02-30
  // must be refused as a date that does not exist, not compared as text (or stored as a 生效日期).
  if (!isIsoDate(input.groundArisenOn))
    throw errors.field(
      'groundArisenOn',
      `事由发生日期不是有效日期（应为真实日期，如 2026-03-01）：${input.groundArisenOn}`,
    );
  const effective = input.groundDocument?.effectiveDate;
  if (effective !== undefined && !isIsoDate(effective))
    throw errors.field(
      'groundDocument.effectiveDate',
      `依据文件生效日期不是有效日期（应为真实日期，如 2026-03-01）：${effective}`,
    );
  if (input.groundArisenOn > chinaDate(uc.app.clock.now()))
    throw errors.field('groundArisenOn', '事由发生日期不能晚于今天');
  const cal = await loadCalendar(uc.app.db);
  const { adjustmentWorkingDays, countGroundDay } = uc.app.config.deadlines;
  return deadlineFor(cal, input.groundArisenOn, adjustmentWorkingDays, countGroundDay);
}

/**
 * The request itself, in the caller's transaction (after `prepareChangeRequest`): used by `createChangeRequest`
 * and by use cases that must change the working version in the same transaction (catalogue take-over).
 */
export async function insertChangeRequest(
  uc: UseCaseContext,
  trx: Trx,
  audit: Audit,
  input: CreateChangeRequestInput,
  deadline: Deadline,
): Promise<ChangeRequestRow> {
  const now = uc.app.clock.now();
  {
    const scope = unitScope(uc.actor);
    const sources = await loadSources(trx, scope, input);
    const unitId = sources[0]?.unit_id ?? (scope.kind === 'unit' ? scope.unitId : input.newItems?.[0]?.unitId);
    if (!unitId) throw errors.field('unitId', '请指定实施单位');
    // prepareChangeRequest has said why a ground is wrong; this only narrows it for a caller that skipped it.
    if (!isGround(input.ground)) throw errors.field('ground', '未知的调整事由');
    const cr: ChangeRequestRow = {
      id: newId(),
      unit_id: unitId,
      item_id: sources[0]?.id ?? null,
      version_id: null,
      kind: input.kind,
      ground: input.ground,
      ground_explanation: input.groundExplanation?.trim() || null,
      ground_document: input.groundDocument ? canonicalJson(input.groundDocument) : null,
      ground_arisen_on: input.groundArisenOn,
      due_on: deadline.dueOn,
      due_provisional: deadline.provisional ? 1 : 0,
      status: 'open',
      first_submitted_at: null,
      completed_at: null,
      obligation_id: input.obligationId ?? null,
      summary: input.summary?.trim() || null,
      created_at: now.toISOString(),
      created_by: uc.actor.id,
      lock_version: 1,
    };
    await insertChangeRequestRow(trx, cr);
    // A 子项 split into 业务办理项 under itself stays in use as their parent: it is not retired (no working copy).
    const keepsSource =
      input.kind === 'split' &&
      (input.newItems ?? []).every((n) => n.granularity === 'handling' && n.parentId === sources[0]?.id);
    if (!keepsSource)
      for (const source of sources) await openWorkingCopy(trx, source, cr, uc.actor.id, now.toISOString());
    const created: ItemRow[] = [];
    const mergeInto =
      input.kind === 'merge' && input.mergeIntoId
        ? await loadMergeTarget(trx, scope, input.mergeIntoId, sources)
        : undefined;
    if (mergeInto) {
      await openWorkingCopy(trx, mergeInto, cr, uc.actor.id, now.toISOString());
      created.push(mergeInto);
    }
    for (const spec of input.newItems ?? [])
      created.push(await insertNewItem(uc, trx, audit, { ...spec, unitId: spec.unitId ?? unitId }, cr.id));
    if (input.kind === 'merge' || input.kind === 'split' || input.kind === 'transfer') {
      const lineage = [
        ...sources.map((s) => ({ change_request_id: cr.id, item_id: s.id, role: keepsSource ? 'parent' : 'source' })),
        ...created.map((c) => ({ change_request_id: cr.id, item_id: c.id, role: 'target' })),
      ];
      await insertLineage(trx, lineage);
    }
    const firstVersion =
      sources[0] && !keepsSource
        ? (await items.findItem(trx, { kind: 'all' }, sources[0].id))?.draft_version_id
        : (await items.findItem(trx, { kind: 'all' }, created[0]!.id))?.draft_version_id;
    cr.item_id = keepsSource ? created[0]!.id : (cr.item_id ?? created[0]?.id ?? null);
    cr.version_id = firstVersion ?? null;
    await updateChangeRequest(trx, cr.id, { item_id: cr.item_id, version_id: cr.version_id });
    if (input.obligationId) await attachObligation(trx, cr, input.obligationId, unitId);
    await audit({
      action: 'change.created',
      target: { type: 'change_request', id: cr.id },
      after: cr,
      details: {
        kind: cr.kind,
        ground: cr.ground,
        dueOn: cr.due_on,
        provisional: deadline.provisional,
        items: [...sources, ...created].map((i) => i.id),
      },
    });
    return cr;
  }
}

function expectedCounts(kind: ChangeKind): { sources: [number, number]; targets: [number, number] } {
  switch (kind) {
    case 'add':
      return { sources: [0, 0], targets: [1, 1] };
    case 'change':
      return { sources: [1, 1], targets: [0, 0] };
    case 'cancel':
      return { sources: [1, 1], targets: [0, 0] };
    case 'merge':
      return { sources: [2, 50], targets: [1, 1] };
    case 'split':
      return { sources: [1, 1], targets: [1, 50] };
    case 'transfer':
      return { sources: [1, 1], targets: [1, 1] };
  }
}

/** The existing item a 合并 folds its sources into: published, in use, free, of the same unit, not a source itself. */
async function loadMergeTarget(
  trx: Trx,
  scope: ReturnType<typeof unitScope>,
  id: string,
  sources: ItemRow[],
): Promise<ItemRow> {
  const item = await items.findItem(trx, scope, id);
  if (!item || item.unit_id !== sources[0]?.unit_id)
    throw errors.field('mergeIntoId', '合并目标事项不存在或不属于同一实施单位');
  if (sources.some((s) => s.id === item.id)) throw errors.field('mergeIntoId', '合并目标不能同时是被合并事项');
  if (!item.published_version_id || item.life_state === 'cancelled')
    throw errors.field('mergeIntoId', '合并目标须为在用的已发布事项');
  if (item.draft_version_id) throw errors.field('mergeIntoId', '合并目标已有待处理的修改，请先完成或撤销');
  return item;
}

/** The published items the request works on, in scope, active, and without another pending version. */
async function loadSources(
  trx: Trx,
  scope: ReturnType<typeof unitScope>,
  input: CreateChangeRequestInput,
): Promise<ItemRow[]> {
  const composite = input.kind === 'merge' || input.kind === 'split' || input.kind === 'transfer';
  const ids = composite ? (input.sourceItemIds ?? []) : input.itemId ? [input.itemId] : [];
  const { sources, targets } = expectedCounts(input.kind);
  if (ids.length < sources[0] || ids.length > sources[1])
    throw errors.field(
      composite ? 'sourceItemIds' : 'itemId',
      sources[0] === 0
        ? '新增申请不涉及已有事项'
        : `须指定 ${sources[0] === sources[1] ? sources[0] : `至少 ${sources[0]}`} 个已发布事项`,
    );
  const n = (input.newItems?.length ?? 0) + (input.kind === 'merge' && input.mergeIntoId ? 1 : 0);
  const underSource =
    input.kind === 'split' &&
    (input.newItems ?? []).every((s) => s.granularity === 'handling' && s.parentId === ids[0]);
  // Splitting into the item's own 业务办理项 may yield one (the rest of the 子项 stays as it is); otherwise a split makes ≥2.
  if (input.kind === 'split' && !underSource && n < 2) throw errors.field('newItems', '须提供 至少 2 个新事项');
  if (n < targets[0] || n > targets[1])
    throw errors.field(
      'newItems',
      targets[0] === 0
        ? '该类申请不新建事项'
        : `须提供 ${targets[0] === targets[1] ? targets[0] : `至少 ${targets[0]}`} 个新事项`,
    );
  const rows: ItemRow[] = [];
  for (const [i, id] of ids.entries()) {
    const item = await items.findItem(trx, scope, id);
    const path = composite ? `sourceItemIds.${i}` : 'itemId';
    if (!item) throw errors.field(path, '事项不存在');
    if (!item.published_version_id) throw errors.field(path, '尚未发布的事项直接修改草稿即可，无需调整申请');
    if (item.life_state === 'cancelled') throw errors.field(path, '事项已取消');
    if (item.draft_version_id) throw errors.field(path, '该事项已有待处理的修改，请先完成或撤销');
    if (rows.length && rows[0]!.unit_id !== item.unit_id) throw errors.field(path, '合并/拆分的事项须属于同一实施单位');
    rows.push(item);
  }
  return rows;
}

/** A change or cancellation starts from the public content; the clerk edits it (change) or submits it as is (cancel). */
async function openWorkingCopy(
  trx: Trx,
  item: ItemRow,
  cr: ChangeRequestRow,
  actorId: string | null,
  now: string,
): Promise<void> {
  const published = await items.findVersion(trx, item.published_version_id!);
  const versionId = newId();
  const row = newVersionRow(
    versionId,
    item.id,
    (await items.maxVersionSeq(trx, item.id)) + 1,
    parseStored(published!.content),
    actorId,
    now,
    cr.summary ?? undefined,
  );
  await items.insertVersion(trx, { ...row, change_request_id: cr.id });
  // Guarded: a second request racing for the same item finds the working copy taken and fails (409).
  if (!(await items.openWorkingVersion(trx, item.id, versionId, now)))
    throw errors.invalidState('该事项已有待处理的修改，请先完成或撤销');
  await indexItem(trx, item.id);
}

async function attachObligation(trx: Trx, cr: ChangeRequestRow, obligationId: string, unitId: string): Promise<void> {
  const o = await findObligationOfUnit(trx, obligationId, unitId);
  if (!o) throw errors.field('obligationId', '调整义务不存在');
  if (o.status !== 'open') throw errors.field('obligationId', '该调整义务已在处理或已办结');
  if (!(await moveObligation(trx, o.id, ['open'], { status: 'in_change', change_request_id: cr.id })))
    throw errors.invalidState('该调整义务已在处理或已办结');
}

/** Withdraws a request whose versions have not been submitted; its working versions are discarded. */
export async function withdrawChangeRequest(uc: UseCaseContext, id: string): Promise<void> {
  authorize(uc.actor, 'change.create');
  await inTransaction(uc, async (trx, audit) => {
    const scope = unitScope(uc.actor);
    const cr = await findChangeRequestInScope(trx, scope, id);
    if (!cr) throw errors.notFound('调整申请');
    if (cr.status !== 'open') throw errors.invalidState('已提交的调整申请不能撤销，请先撤回提交');
    if (!(await moveChangeRequest(trx, cr.id, ['open'], { status: 'withdrawn' })))
      throw errors.invalidState('已提交的调整申请不能撤销，请先撤回提交');
    await discardVersions(trx, audit, cr.id, uc.app.clock.now().toISOString());
    await reopenObligationsOf(trx, cr.id);
    await audit({ action: 'change.withdrawn', target: { type: 'change_request', id: cr.id } });
  });
}

async function discardVersions(trx: Trx, _audit: Audit, crId: string, now: string): Promise<void> {
  const versions = await versionsOfChangeRequest(trx, crId);
  if (versions.some((v) => !['draft', 'returned'].includes(v.state)))
    throw errors.invalidState('有版本已提交，不能撤销');
  for (const v of versions) {
    // The state guard closes the race with a submission made meanwhile: the whole withdrawal rolls back.
    if (!(await items.moveVersion(trx, v.id, ['draft', 'returned'], 'withdrawn', { updated_at: now })))
      throw errors.invalidState('有版本已提交，不能撤销');
    const item = await items.findItem(trx, { kind: 'all' }, v.item_id);
    if (!item) throw errors.notFound('事项');
    // An item that only existed in this request never became public: it is retired with its code.
    await items.dropWorkingVersion(trx, { id: v.item_id, published_version_id: item.published_version_id }, now);
    await indexItem(trx, v.item_id);
  }
}
