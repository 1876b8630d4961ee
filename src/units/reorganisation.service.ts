import { inTransaction, type Audit, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import type { Trx } from '../db/database.js';
import type { Granularity } from '../domain/enums.js';
import type { ItemContent } from '../domain/item-content.js';
import * as items from '../items/item.repository.js';
import type { ItemRow } from '../items/item.table.js';
import { composeTaskCode, isProvisionalTaskCode } from '../domain/task-code.js';
import { AppError, errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { canonicalJson, parseStored } from '../shared/json.js';
import { insertChangeRequest, prepareChangeRequest } from '../workflow/change-request.service.js';
import type { Deadline } from '../workflow/deadline.js';
import { notifyRoles } from '../workflow/notify.js';
import * as repo from './reorganisation.repository.js';
import { ceaseUnit, renameUnit } from './unit.repository.js';
import type { UnitRow } from './unit.table.js';

/** WARNING: persisted codes. */
import { REORGANISATION_KINDS, type ReorganisationKind } from './reorganisation.enums.js';
export { REORGANISATION_KINDS, type ReorganisationKind };

export interface ReorganisationInput {
  kind: ReorganisationKind;
  /** rename, split, transfer: the one unit concerned; merge: the units merged into `targetUnitId`. */
  sourceUnitIds: string[];
  /** merge, transfer: the unit that takes the items over. */
  targetUnitId?: string;
  /** split: where each of the unit's items goes; transfer: the items chosen (their unit is `targetUnitId`). */
  assignments?: Array<{ itemId: string; unitId?: string }>;
  /** rename: the unit's new name. */
  newName?: string;
  /** The day the 机构编制 decision took effect: the ground date of every adjustment (Art. 19 deadline). */
  eventDate: string;
  explanation?: string;
  groundDocument?: { docNo?: string; title?: string };
}

export interface Move {
  itemId: string;
  itemName: string;
  toUnitId: string;
  /** The 变更 or 划转 request opened for the item; null when the item was never published (moved as a draft). */
  changeRequestId: string | null;
  /** The new item under the new unit's code (划转). */
  successorId: string | null;
}

export interface ReorganisationResult {
  id: string;
  dueOn: string;
  moves: Move[];
  /** Items left where they were because a change of theirs is pending (rename only; other kinds refuse). */
  skipped: Array<{ itemId: string; itemName: string }>;
  /** Active accounts of units that ceased: the 安全管理员 reassigns them. */
  accounts: repo.AccountToReassign[];
}

const RANK: Record<Granularity, number> = { main: 0, sub: 1, handling: 2 };

/**
 * 实施机构职能调整 (Art. 18(三)), recorded by the centre in one transaction. Every published item concerned gets an
 * adjustment on ground 18(三) dated the event, with the 3-working-day deadline: a 变更 where its 实施编码 stays (the
 * unit was renamed), a 划转 (the old item cancelled, its successor added under the new unit's USCC, lineage kept so
 * the old public address points at the successor) where the code must change. Items keep their versions; the
 * taking-over unit's clerks submit both halves. Units that ceased stay on record with their successor.
 */
export async function reorganiseUnits(uc: UseCaseContext, input: ReorganisationInput): Promise<ReorganisationResult> {
  authorize(uc.actor, 'unit.reorganise');
  if (!(input.kind in REORGANISATION_KINDS)) throw errors.field('kind', '请选择调整类型');
  const deadline = await prepareChangeRequest(uc, {
    kind: 'change',
    ground: 'art18.3',
    groundArisenOn: input.eventDate,
  });
  return inTransaction(uc, async (trx, audit) => {
    const sources = await activeUnits(trx, input.sourceUnitIds, 'sourceUnitIds');
    const expected = input.kind === 'merge' ? [1, 20] : [1, 1];
    if (sources.length < expected[0]! || sources.length > expected[1]!)
      throw errors.field('sourceUnitIds', input.kind === 'merge' ? '请选择被合并的单位' : '请选择一个单位');
    const result: ReorganisationResult = { id: newId(), dueOn: deadline.dueOn, moves: [], skipped: [], accounts: [] };
    const summary = `实施机构职能调整（${REORGANISATION_KINDS[input.kind]}）${input.explanation?.trim() ? `：${input.explanation.trim()}` : ''}`;
    const ground = { uc, trx, audit, deadline, input, summary };
    let targets: UnitRow[] = [];
    let ceased: UnitRow[] = [];
    if (input.kind === 'rename') {
      const name = input.newName?.trim() ?? '';
      if (!name) throw errors.field('newName', '请填写单位的新名称');
      if (await repo.unitNamed(trx, name, sources[0]!.id)) throw errors.field('newName', '已有同名单位');
      await renameUnit(trx, sources[0]!.id, name, uc.app.clock.now().toISOString());
      targets = sources;
      for (const item of await items.activeItemsOfUnit(trx, sources[0]!.id)) {
        if (!item.published_version_id) continue;
        if (item.draft_version_id) result.skipped.push({ itemId: item.id, itemName: item.name });
        else result.moves.push(await changeInPlace(ground, item));
      }
    } else {
      const plan = await planMoves(trx, input, sources);
      targets = [...new Map(plan.map((p) => [p.to.id, p.to])).values()];
      if (input.kind === 'merge' && input.targetUnitId)
        targets = await activeUnits(trx, [input.targetUnitId], 'targetUnitId');
      const pending = plan.filter((p) => p.item.published_version_id && p.item.draft_version_id);
      if (pending.length)
        throw errors.invalidState(
          `以下事项有待处理的修改，请先完成或撤销后再调整：${pending.map((p) => p.item.name).join('、')}`,
        );
      await refuseCodeClashes(trx, plan, uc.app.config.jurisdiction.level);
      const successors = new Map<string, string>();
      for (const { item, to } of plan) result.moves.push(await move(ground, item, to, successors));
      ceased = input.kind === 'transfer' ? [] : sources;
      const successor = input.kind === 'merge' ? targets[0]!.id : null;
      for (const unit of ceased) await ceaseUnit(trx, unit.id, successor, uc.app.clock.now().toISOString());
      result.accounts = await repo.accountsOfUnits(
        trx,
        ceased.map((u) => u.id),
      );
    }
    await repo.insertReorganisation(trx, {
      id: result.id,
      kind: input.kind,
      event_date: input.eventDate,
      explanation: input.explanation?.trim() || null,
      ground_document:
        input.groundDocument && Object.keys(input.groundDocument).length ? canonicalJson(input.groundDocument) : null,
      source_unit_ids: JSON.stringify(sources.map((u) => u.id)),
      target_unit_ids: JSON.stringify(targets.map((u) => u.id)),
      moves: JSON.stringify(result.moves),
      created_at: uc.app.clock.now().toISOString(),
      created_by: uc.actor.id,
    });
    await audit({
      action: 'unit.reorganised',
      target: { type: 'unit_reorganisation', id: result.id },
      details: {
        kind: input.kind,
        eventDate: input.eventDate,
        sources: sources.map((u) => u.name),
        targets: targets.map((u) => u.name),
        newName: input.newName,
        items: result.moves.length,
        dueOn: deadline.dueOn,
        accounts: result.accounts.length,
      },
    });
    const now = uc.app.clock.now().toISOString();
    for (const unit of targets) {
      const n = result.moves.filter((m) => m.toUnitId === unit.id && m.changeRequestId).length;
      if (n)
        await notifyRoles(
          trx,
          now,
          ['unit_clerk'],
          unit.id,
          {
            kind: 'obligation',
            title: `实施机构职能调整：${n} 个事项待调整（期限 ${deadline.dueOn}）`,
            link: '/console/changes?status=open',
          },
          false,
        );
    }
    if (result.accounts.length)
      await notifyRoles(
        trx,
        now,
        ['secadmin'],
        undefined,
        {
          kind: 'obligation',
          title: `实施机构职能调整：${result.accounts.length} 个账号所属单位已撤并，请重新分配`,
          link: `/console/units/reorganisations/${result.id}`,
        },
        false,
      );
    return result;
  });
}

interface Ground {
  uc: UseCaseContext;
  trx: Trx;
  audit: Audit;
  deadline: Deadline;
  input: ReorganisationInput;
  summary: string;
}

async function activeUnits(trx: Trx, ids: readonly string[], field: string): Promise<UnitRow[]> {
  const rows: UnitRow[] = [];
  for (const id of new Set(ids)) {
    const unit = await repo.findUnit(trx, id);
    if (!unit?.active) throw errors.field(field, '实施单位不存在或已撤并');
    rows.push(unit);
  }
  return rows;
}

/** Which item goes to which unit, parents before their children (a child follows its parent unless assigned itself). */
async function planMoves(
  trx: Trx,
  input: ReorganisationInput,
  sources: UnitRow[],
): Promise<Array<{ item: ItemRow; to: UnitRow }>> {
  const all = (await Promise.all(sources.map((s) => items.activeItemsOfUnit(trx, s.id)))).flat();
  const byId = new Map(all.map((i) => [i.id, i]));
  const chosen = new Map<string, string>();
  if (input.kind === 'merge') {
    if (!input.targetUnitId) throw errors.field('targetUnitId', '请选择合并后的单位');
    if (sources.some((s) => s.id === input.targetUnitId))
      throw errors.field('targetUnitId', '合并后的单位不能同时是被合并单位');
    for (const i of all) chosen.set(i.id, input.targetUnitId);
  } else {
    for (const [n, a] of (input.assignments ?? []).entries()) {
      if (!byId.has(a.itemId)) throw errors.field(`assignments.${n}.itemId`, '事项不属于该单位或已取消');
      const to = input.kind === 'transfer' ? input.targetUnitId : a.unitId;
      if (!to || to === sources[0]!.id)
        throw errors.field(`assignments.${n}.unitId`, '请选择承接的单位（不能是原单位）');
      chosen.set(a.itemId, to);
    }
    if (!chosen.size) throw errors.field('assignments', '请选择要划转的事项');
  }
  // A child without its own assignment follows its parent; a 业务办理项 never leaves its parent's unit.
  const destination = (item: ItemRow): string | undefined =>
    chosen.get(item.id) ??
    (item.parent_id && byId.has(item.parent_id) ? destination(byId.get(item.parent_id)!) : undefined);
  const plan: Array<{ item: ItemRow; to: string }> = [];
  for (const item of all) {
    const to = destination(item);
    if (input.kind === 'split' && !to)
      throw errors.field('assignments', `拆分须为每个事项指定承接单位：「${item.name}」未指定`);
    if (!to) continue;
    const parent = item.parent_id ? byId.get(item.parent_id) : undefined;
    if (parent && destination(parent) !== to)
      throw errors.field('assignments', `「${item.name}」须随其上级事项「${parent.name}」划转到同一单位`);
    plan.push({ item, to });
  }
  const units = new Map(
    (await activeUnits(trx, [...new Set(plan.map((p) => p.to))], 'targetUnitId')).map((u) => [u.id, u]),
  );
  return plan
    .sort(
      (a, b) =>
        RANK[a.item.granularity] - RANK[b.item.granularity] ||
        a.item.handling_code.localeCompare(b.item.handling_code) ||
        a.item.task_code.localeCompare(b.item.task_code),
    )
    .map((p) => ({ item: p.item, to: units.get(p.to)! }));
}

export interface CodeClash {
  itemId: string;
  itemName: string;
  /** The 实施编码 the item would get under its new unit. */
  taskCode: string;
  /** What already holds that code: an existing item (any unit, cancelled included), or another item of this reorganisation. */
  heldBy: { itemId: string; itemName: string; unitName: string };
}

/**
 * The 实施编码 an item gets under its new unit (what `move` and the 划转 it opens will write), or null when the item
 * keeps its code (same USCC), has none yet (a provisional draft) or takes its parent's (业务办理项, whose own
 * 业务办理项编码 is the next free one under that parent and so cannot clash).
 */
function codeUnder(item: ItemRow, to: UnitRow, level: string): string | null {
  if (item.granularity === 'handling' || item.task_code.startsWith(to.uscc) || isProvisionalTaskCode(item.task_code))
    return null;
  return item.published_version_id && item.catalog_code
    ? composeTaskCode({ uscc: to.uscc, level, catalogCode: item.catalog_code })
    : `${to.uscc}${item.task_code.slice(18)}`;
}

/**
 * Before anything moves: codes re-derived from the new 实施主体 must not be taken already (two merged units
 * implementing the same 基本编码, or the taking-over unit already has it). All clashes are reported at once with the
 * items named, and nothing is written; the centre resolves them (e.g. merges the duplicates first) and records again.
 */
async function refuseCodeClashes(
  trx: Trx,
  plan: ReadonlyArray<{ item: ItemRow; to: UnitRow }>,
  level: string,
): Promise<void> {
  const wanted = new Map<string, ItemRow>();
  const clashes: CodeClash[] = [];
  for (const { item, to } of plan) {
    const code = codeUnder(item, to, level);
    if (!code) continue;
    const first = wanted.get(code);
    if (first)
      clashes.push({
        itemId: item.id,
        itemName: item.name,
        taskCode: code,
        heldBy: { itemId: first.id, itemName: first.name, unitName: '（本次调整中的另一事项）' },
      });
    else wanted.set(code, item);
  }
  for (const held of await repo.itemsWithTaskCodes(trx, [...wanted.keys()])) {
    const item = wanted.get(held.taskCode)!;
    if (held.id !== item.id)
      clashes.push({
        itemId: item.id,
        itemName: item.name,
        taskCode: held.taskCode,
        heldBy: { itemId: held.id, itemName: held.name, unitName: held.unitName },
      });
  }
  if (!clashes.length) return;
  const lines = clashes.map(
    (c) =>
      `「${c.itemName}」的新实施编码 ${c.taskCode} 已被${c.heldBy.unitName === '（本次调整中的另一事项）' ? '本次调整中的' : `${c.heldBy.unitName}的`}「${c.heldBy.itemName}」使用`,
  );
  throw new AppError(
    'DUPLICATE',
    `以下事项按新实施主体重新赋码后与已有编码冲突，未作任何调整：${lines.join('；')}。请先合并或取消重复的事项后再办理`,
    { details: { clashes } },
  );
}

/** A 变更 on ground 18(三) for an item that stays under its code. */
async function changeInPlace(g: Ground, item: ItemRow): Promise<Move> {
  const cr = await insertChangeRequest(
    g.uc,
    g.trx,
    g.audit,
    changeInput(g, { kind: 'change', itemId: item.id }),
    g.deadline,
  );
  return { itemId: item.id, itemName: item.name, toUnitId: item.unit_id, changeRequestId: cr.id, successorId: null };
}

const changeInput = <T extends object>(g: Ground, rest: T) => ({
  ...rest,
  ground: 'art18.3',
  groundArisenOn: g.input.eventDate,
  summary: g.summary,
  ...(g.input.groundDocument && Object.keys(g.input.groundDocument).length
    ? { groundDocument: g.input.groundDocument }
    : {}),
});

/**
 * Moves one item to `to`. The item row changes unit (its history stays with it); where the 实施编码 must change
 * (another USCC), a 划转 cancels it and adds its successor under the new code, parented on the successor of its
 * parent when that moved too. A never-published item has no public code yet: only its unit and codes change.
 */
async function move(g: Ground, item: ItemRow, to: UnitRow, successors: Map<string, string>): Promise<Move> {
  const now = g.uc.app.clock.now().toISOString();
  const parentId = item.parent_id ? (successors.get(item.parent_id) ?? item.parent_id) : undefined;
  if (!item.published_version_id) {
    await items.moveDraftItem(g.trx, item, to, parentId ?? null, now);
    return { itemId: item.id, itemName: item.name, toUnitId: to.id, changeRequestId: null, successorId: null };
  }
  await items.setItemUnit(g.trx, item.id, to.id, now);
  if (item.task_code.startsWith(to.uscc)) {
    const cr = await insertChangeRequest(
      g.uc,
      g.trx,
      g.audit,
      changeInput(g, { kind: 'change', itemId: item.id }),
      g.deadline,
    );
    return { itemId: item.id, itemName: item.name, toUnitId: to.id, changeRequestId: cr.id, successorId: null };
  }
  const published = await items.findVersion(g.trx, item.published_version_id);
  const {
    overrides: _o,
    localTaskCode: _lt,
    localCatalogCode: _lc,
    ...content
  } = parseStored<ItemContent & Record<string, unknown>>(published!.content);
  const cr = await insertChangeRequest(
    g.uc,
    g.trx,
    g.audit,
    changeInput(g, {
      kind: 'transfer',
      sourceItemIds: [item.id],
      newItems: [{ unitId: to.id, granularity: item.granularity, ...(parentId ? { parentId } : {}), content: content }],
    }),
    g.deadline,
  );
  const successorId = await repo.lineageTarget(g.trx, cr.id);
  successors.set(item.id, successorId);
  return { itemId: item.id, itemName: item.name, toUnitId: to.id, changeRequestId: cr.id, successorId };
}
