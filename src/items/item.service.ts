import { inTransaction, type Audit, type AuditMany, type UseCaseContext } from '../app/use-case.js';
import { authorize, inScope, unitScope } from '../auth/policy.js';
import type { Trx } from '../db/database.js';
import type { Granularity } from '../domain/enums.js';
import {
  catalogCodeProblem,
  composeTaskCode,
  isProvisionalTaskCode,
  nextHandlingCode,
  provisionalTaskCode,
  taskCodeProblems,
} from '../domain/task-code.js';
import { assertInheritedUnchanged } from '../catalogue/inheritance.js';
import { indexItem, indexNewItems } from '../legal/citation-index.js';
import { type AppError, errors, isAppError } from '../shared/errors.js';
import { schemaIssues } from '../shared/schema-issues.js';
import { ItemContent } from '../domain/item-content.js';
import { newId } from '../shared/ids.js';
import { parseStored } from '../shared/json.js';
import { diffContent } from './diff.js';
import { findingsFor, findingsForMany } from './findings.js';
import * as repo from './item.repository.js';
import { findUnit, findUnitsByIds } from '../units/unit.repository.js';
import type { ItemRow, ItemVersionRow } from './item.table.js';
import { EDITABLE_STATES } from './states.js';
import { newVersionRow, toCheckable } from './item-rows.js';
import { reviseWorkingVersion } from './working-version.js';

// Existing importers take these from here; new code imports them from item-rows.ts.
export { newVersionRow, toCheckable } from './item-rows.js';

export interface CreateItemInput {
  unitId?: string;
  parentId?: string;
  granularity: Granularity;
  taskCode?: string;
  handlingCode?: string;
  content: ItemContent;
  changeNote?: string;
}

export interface UpdateItemInput {
  /** The `version` the client read; a stale one gets 409 and changes nothing. */
  version: number;
  content: ItemContent;
  changeNote?: string;
}

const PARENT_OF: Record<Granularity, Granularity[]> = { main: [], sub: ['main'], handling: ['main', 'sub'] };

/** 录入: a unit clerk enters a new item of their unit (a draft, version 1). */
export async function createItem(uc: UseCaseContext, input: CreateItemInput): Promise<ItemRow> {
  authorize(uc.actor, 'item.create');
  return inTransaction(uc, (trx, audit) => insertNewItem(uc, trx, audit, input));
}

/**
 * Inserts an item with its first (draft) version inside the caller's transaction; used by 录入 and by
 * 新增/合并/拆分 change requests, which pass the request id for the version.
 */
export async function insertNewItem(
  uc: UseCaseContext,
  trx: Trx,
  audit: Audit,
  input: CreateItemInput,
  changeRequestId?: string,
): Promise<ItemRow> {
  const [outcome] = await insertNewItems(
    uc,
    trx,
    async (entries) => {
      for (const entry of entries) await audit(entry);
    },
    [input],
    changeRequestId,
  );
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.row;
}

/** One input of `insertNewItems`: the rows written, or the error inserting it alone would have thrown. */
export type NewItemOutcome = { ok: true; row: ItemRow; version: ItemVersionRow } | { ok: false; error: AppError };

/**
 * Inserts many items (a bulk import) with the same checks, rows and audit records as `insertNewItem` for each
 * in turn, but each lookup, the rules' facts, the inserts and the audit records batched. An input that fails
 * a check gets its error in the outcome and is not written; the others are. Parents must already exist (a
 * caller inserts main items before their sub-items, in separate calls).
 */
export async function insertNewItems(
  uc: UseCaseContext,
  trx: Trx,
  auditMany: AuditMany,
  inputs: readonly CreateItemInput[],
  changeRequestId?: string,
): Promise<NewItemOutcome[]> {
  const scope = unitScope(uc.actor);
  const now = uc.app.clock.now().toISOString();
  const unitIdOf = (input: CreateItemInput) => (scope.kind === 'unit' ? scope.unitId : input.unitId);
  const unitIds = [...new Set(inputs.map(unitIdOf).filter((id): id is string => !!id))];
  const units = new Map((await findUnitsByIds(trx, unitIds)).map((u) => [u.id, u]));
  const parents = new Map(
    (
      await repo.findItems(trx, scope, [...new Set(inputs.map((i) => i.parentId).filter((id): id is string => !!id))])
    ).map((p) => [p.id, p]),
  );
  const outcomes: NewItemOutcome[] = [];
  const prepared: Array<{
    index: number;
    input: CreateItemInput;
    id: string;
    unitId: string;
    taskCode: string;
    handlingCode: string;
    catalogCode: string | undefined;
  }> = [];
  for (const [index, input] of inputs.entries()) {
    try {
      // Every way an item comes into being (API, console, change requests, claims, imports) passes here: validate the content.
      const issues = schemaIssues(ItemContent, input.content, 'content');
      if (issues.length) throw errors.validation(issues);
      const unitId = unitIdOf(input);
      // A clerk naming another unit learns nothing about it: the same answer as a unit that does not exist.
      if (!unitId || (input.unitId && !inScope(scope, input.unitId))) throw errors.field('unitId', '实施单位不存在');
      const unit = units.get(unitId);
      if (!unit || !unit.active) throw errors.field('unitId', '实施单位不存在');
      const parent = checkParent(input, unitId, input.parentId ? parents.get(input.parentId) : undefined);
      const id = newId();
      // A 业务办理项 is a unit of its parent's catalogue entry: same 基本编码, the parent's 实施编码, and a 业务办理项编码
      // derived from it (domain.md §2.1.4) unless the caller brings one (e.g. an import of existing codes).
      const handlingParent = input.granularity === 'handling' ? parent : undefined;
      if (handlingParent && input.content.catalogCode && input.content.catalogCode !== handlingParent.catalog_code) {
        throw errors.field(
          'content.catalogCode',
          `业务办理项的基本编码应与上级事项相同（${handlingParent.catalog_code}）`,
        );
      }
      const catalogCode = input.content.catalogCode || handlingParent?.catalog_code || undefined;
      if (input.content.catalogCode) assertCatalogCodeEnabled(uc, input.content.catalogCode);
      const taskCode =
        input.taskCode ??
        (handlingParent
          ? handlingParent.task_code
          : catalogCode
            ? composeTaskCode({ uscc: unit.uscc, level: uc.app.config.jurisdiction.level, catalogCode })
            : provisionalTaskCode(id));
      // A code belongs to its unit and 基本编码: a unit cannot take (and so block for good) another unit's code.
      const problems = isProvisionalTaskCode(taskCode)
        ? []
        : taskCodeProblems(
            taskCode,
            { uscc: unit.uscc, ...(catalogCode && { catalogCode }) },
            uc.app.config.catalogCodeLengths,
          );
      if (problems.length) throw errors.validation(problems.map((message) => ({ path: 'taskCode', message })));
      const handlingCode =
        input.granularity !== 'handling'
          ? ''
          : (input.handlingCode ??
            (parent ? nextHandlingCode(parent.task_code, await repo.handlingCodesUnder(trx, taskCode)) : ''));
      if (input.granularity === 'handling' && !/^[0-9A-Za-z-]{1,50}$/.test(handlingCode))
        throw errors.field('handlingCode', '业务办理项编码必填，1–50 位字母、数字或 -');
      prepared.push({ index, input, id, unitId, taskCode, handlingCode, catalogCode });
    } catch (e) {
      if (!isAppError(e)) throw e;
      outcomes[index] = { ok: false, error: e };
    }
  }
  // Codes are never reused (cancelled items' included); a code twice in the batch fails the second time, as it would one by one.
  const taken = new Set(
    (
      await repo.findItemsByTaskCodes(
        trx,
        prepared.map((p) => p.taskCode),
      )
    ).map((r) => `${r.task_code}\n${r.handling_code}`),
  );
  const fresh = prepared.filter((p) => {
    const key = `${p.taskCode}\n${p.handlingCode}`;
    if (!taken.has(key)) {
      taken.add(key);
      return true;
    }
    outcomes[p.index] = {
      ok: false,
      error: errors.duplicate(
        `实施编码 ${p.taskCode}${p.handlingCode ? ` / 业务办理项编码 ${p.handlingCode}` : ''} 已被使用（已取消事项的编码也不得重复使用）`,
        'taskCode',
      ),
    };
    return false;
  });
  const findings = await findingsForMany(
    trx,
    uc.app.config,
    fresh.map((p) => ({
      item: {
        granularity: p.input.granularity,
        taskCode: p.taskCode,
        handlingCode: p.handlingCode,
        parentId: p.input.parentId,
        unitId: p.unitId,
      },
      content: p.input.content,
    })),
  );
  const rows: ItemRow[] = [];
  const versions: ItemVersionRow[] = [];
  for (const [k, p] of fresh.entries()) {
    const { summary } = findings[k]!;
    const versionId = newId();
    const row: ItemRow = {
      id: p.id,
      unit_id: p.unitId,
      parent_id: p.input.parentId ?? null,
      granularity: p.input.granularity,
      task_code: p.taskCode,
      handling_code: p.handlingCode,
      catalog_code: p.catalogCode ?? '',
      origin: 'self',
      name: p.input.content.name,
      type: p.input.content.type ?? '',
      life_state: 'active',
      workflow_state: 'draft',
      lock_version: 1,
      draft_version_id: versionId,
      published_version_id: null,
      error_count: summary.errors,
      warning_count: summary.warnings,
      created_at: now,
      created_by: uc.actor.id,
      updated_at: now,
      updated_by: uc.actor.id,
    };
    const version: ItemVersionRow = {
      ...newVersionRow(versionId, p.id, 1, p.input.content, uc.actor.id, now, p.input.changeNote),
      change_request_id: changeRequestId ?? null,
    };
    rows.push(row);
    versions.push(version);
    outcomes[p.index] = { ok: true, row, version };
  }
  await repo.insertItems(trx, rows);
  await repo.insertVersions(trx, versions);
  await indexNewItems(
    trx,
    fresh.map((p) => ({ itemId: p.id, content: p.input.content })),
  );
  await auditMany(
    fresh.map((p) => ({
      action: 'item.created',
      target: { type: 'item', id: p.id },
      after: p.input.content,
      details: { taskCode: p.taskCode, handlingCode: p.handlingCode, name: p.input.content.name, changeRequestId },
    })),
  );
  return outcomes;
}

function checkParent(input: CreateItemInput, unitId: string, parent: ItemRow | undefined): ItemRow | undefined {
  const allowed = PARENT_OF[input.granularity];
  if (!input.parentId) {
    if (input.granularity !== 'main')
      throw errors.field(
        'parentId',
        input.granularity === 'sub' ? '子项必须属于某个主项' : '业务办理项必须属于某个主项或子项',
      );
    return undefined;
  }
  if (!parent || parent.unit_id !== unitId) throw errors.field('parentId', '上级事项不存在');
  if (!allowed.includes(parent.granularity))
    throw errors.field(
      'parentId',
      `${input.granularity === 'sub' ? '子项' : '业务办理项'}不能挂在${parent.granularity === 'handling' ? '业务办理项' : '该层级'}下`,
    );
  if (parent.life_state === 'cancelled') throw errors.field('parentId', '上级事项已取消');
  return parent;
}

/**
 * Saves the unit's working draft. A published item gets a working version only through a change request
 * (Art. 12–19); the public version stays unchanged until the new one is published. Submitted or verified
 * versions are frozen (409).
 */
export async function updateItem(uc: UseCaseContext, id: string, input: UpdateItemInput): Promise<ItemRow> {
  authorize(uc.actor, 'item.update');
  return inTransaction(uc, (trx, audit) => reviseItem(uc, trx, audit, id, input));
}

/** The body of `updateItem` inside the caller's transaction (a bulk import revises many items in one). */
export async function reviseItem(
  uc: UseCaseContext,
  trx: Trx,
  audit: Audit,
  id: string,
  input: UpdateItemInput,
): Promise<ItemRow> {
  // Like insertNewItem: every caller (API, console, scripts) gets the same content check, not only the API's schema.
  const issues = schemaIssues(ItemContent, input.content, 'content');
  if (issues.length) throw errors.validation(issues);
  const scope = unitScope(uc.actor);
  const now = uc.app.clock.now().toISOString();
  {
    const item = await repo.findItem(trx, scope, id);
    if (!item) throw errors.notFound('事项');
    if (item.lock_version !== input.version) throw errors.versionConflict(item.lock_version);
    if (item.life_state === 'cancelled') throw errors.invalidState('事项已取消，不能修改');
    const working = item.draft_version_id ? await repo.findVersion(trx, item.draft_version_id) : undefined;
    if (working && !EDITABLE_STATES.includes(working.state)) {
      throw errors.invalidState(`当前版本处于“${working.state}”状态，不能修改；请等待核验结果或撤回`, {
        state: working.state,
      });
    }
    if (!working && item.published_version_id) {
      throw errors.invalidState('已发布事项的调整须先发起调整申请（变更/取消），系统将据此生成待修改的版本');
    }
    const baseline = working;
    const before = baseline ? parseStored<ItemContent>(baseline.content) : undefined;
    const codes = await codesOfDraft(uc, trx, item, input.content);
    assertInheritedUnchanged(item, before, input.content);
    const { summary } = await findingsFor(trx, uc.app.config, toCheckable({ ...item, ...codes }), input.content);
    if (!working) throw errors.invalidState('事项没有可编辑的版本');
    const edited = await reviseWorkingVersion(
      trx,
      item,
      working,
      input.content,
      uc.actor.id,
      now,
      input.changeNote,
    ).catch(async (e) => {
      // A save that raced with this one and committed first (PostgreSQL, read committed) is a stale version
      // for this client: REL-05 answers 409 with the version to reload, as for a save that came second.
      const current = await repo.findItem(trx, scope, id);
      throw current && current.lock_version !== input.version ? errors.versionConflict(current.lock_version) : e;
    });
    const patch = {
      ...(item.published_version_id ? {} : { name: input.content.name, type: input.content.type ?? '' }),
      ...codes,
      workflow_state: edited.state,
      draft_version_id: edited.id,
      error_count: summary.errors,
      warning_count: summary.warnings,
      updated_at: now,
      updated_by: uc.actor.id,
    };
    if (!(await repo.updateItemIfVersion(trx, item.id, input.version, patch)))
      throw errors.versionConflict(item.lock_version + 1);
    await indexItem(trx, item.id);
    const changes = diffContent(before, input.content);
    await audit({
      action: 'item.updated',
      target: { type: 'item', id },
      before,
      after: input.content,
      details: { version: edited.seq, changed: changes.map((c) => c.path).slice(0, 200) },
    });
    return { ...item, ...patch, lock_version: item.lock_version + 1 };
  }
}

/**
 * A 基本编码 becomes part of the item's 实施编码, so one of a length the deployment does not use (CATALOG_CODE_LENGTHS)
 * is refused at the save rather than composed into a code no other system would accept.
 */
function assertCatalogCodeEnabled(uc: UseCaseContext, catalogCode: string): void {
  const problem = catalogCodeProblem(catalogCode, uc.app.config.catalogCodeLengths);
  if (problem) throw errors.field('content.catalogCode', problem);
}

/**
 * The 基本编码 is part of an item's identity and cannot change in a draft; a draft saved without one may be
 * given one, and its provisional 实施编码 is then composed from it.
 */
async function codesOfDraft(
  uc: UseCaseContext,
  trx: Trx,
  item: ItemRow,
  content: ItemContent,
): Promise<Partial<Pick<ItemRow, 'catalog_code' | 'task_code'>>> {
  const catalogCode = content.catalogCode ?? '';
  if (catalogCode === item.catalog_code) return {};
  if (item.catalog_code)
    throw errors.field('content.catalogCode', '基本编码是事项身份的一部分，不能在草稿中修改；请通过“变更”调整申请处理');
  assertCatalogCodeEnabled(uc, catalogCode);
  if (!isProvisionalTaskCode(item.task_code)) return { catalog_code: catalogCode };
  const unit = await findUnit(trx, item.unit_id);
  if (!unit) throw errors.notFound('实施单位');
  const taskCode = composeTaskCode({ uscc: unit.uscc, level: uc.app.config.jurisdiction.level, catalogCode });
  if (await repo.findItemByCode(trx, taskCode, item.handling_code))
    throw errors.duplicate(`实施编码 ${taskCode} 已被使用（已取消事项的编码也不得重复使用）`, 'content.catalogCode');
  return { catalog_code: catalogCode, task_code: taskCode };
}
