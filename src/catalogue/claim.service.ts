import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import type { Executor } from '../db/database.js';
import type { Citation, ItemContent } from '../domain/item-content.js';
import type { UseLevel } from '../domain/enums.js';
import { markClaimed } from '../items/item.repository.js';
import { insertNewItem } from '../items/item.service.js';
import type { ItemRow } from '../items/item.table.js';
import { errors } from '../shared/errors.js';
import { parseStored } from '../shared/json.js';
import type { CatalogueEntryRow } from './catalogue.table.js';
import { findEntry, mainItemWithCode } from './catalogue.repository.js';
import { claimRows } from './claim.queries.js';

/** A new item's content from a base-catalogue entry: the inherited elements, and this level as 行使层级. */
export function contentFromEntry(entry: CatalogueEntryRow, level: string): ItemContent {
  return {
    name: entry.name,
    catalogCode: entry.catalog_code,
    type: entry.type,
    setBasis: parseStored<Citation[]>(entry.set_basis),
    useLevels: [level as UseLevel],
    ...(entry.local_catalog_code ? { localCatalogCode: entry.local_catalog_code } : {}),
  };
}

/** Is the entry exercised at `level` (行使层级 contains it)? */
export const appliesAt = (entry: Pick<CatalogueEntryRow, 'use_levels'>, level: string) =>
  parseStored<string[]>(entry.use_levels).includes(level);

/**
 * 认领: the unit's clerk claims a base-catalogue entry. Creates the unit's implementation item (a draft,
 * origin `claimed`) carrying the entry's name, 基本编码, type and 设定依据, which stay read-only. A 子项 entry
 * goes under the unit's item for its 主项. Claiming twice gives the same 实施编码 and is refused (409).
 */
export async function claimEntry(uc: UseCaseContext, code: string, input: { unitId?: string } = {}): Promise<ItemRow> {
  authorize(uc.actor, 'catalogue.claim');
  const level = uc.app.config.jurisdiction.level;
  return inTransaction(uc, async (trx, audit) => {
    const entry = await findEntry(trx, code);
    if (!entry) throw errors.notFound('基本目录条目');
    if (entry.status !== 'active') throw errors.invalidState('该基本目录条目已取消或暂停，不能认领');
    if (!appliesAt(entry, level)) throw errors.field('catalogCode', '该条目的行使层级不含本级，不能认领');
    const scope = unitScope(uc.actor);
    const unitId = scope.kind === 'unit' ? scope.unitId : input.unitId;
    const parentId = unitId ? await parentItemFor(trx, unitId, entry.parent_code) : undefined;
    const item = await insertNewItem(uc, trx, audit, {
      unitId,
      granularity: entry.parent_code ? 'sub' : 'main',
      parentId,
      content: contentFromEntry(entry, level),
      changeNote: '认领基本目录',
    });
    await markClaimed(trx, item.id);
    await audit({
      action: 'catalogue.claimed',
      target: { type: 'item', id: item.id },
      details: {
        catalogCode: code,
        unitId: item.unit_id,
        entryVersion: entry.entry_version,
        versionId: entry.version_id,
      },
    });
    return { ...item, origin: 'claimed' };
  });
}

/** The unit's 主项 item for a 子项 entry's parent code (it must have claimed or entered the 主项 first). */
export async function parentItemFor(
  db: Executor,
  unitId: string,
  parentCode: string | null,
): Promise<string | undefined> {
  if (!parentCode) return undefined;
  const parent = await mainItemWithCode(db, unitId, parentCode);
  if (!parent) throw errors.field('catalogCode', `该条目是子项，须先认领其主项（基本编码 ${parentCode}）`);
  return parent;
}

export interface ClaimListRow {
  itemId: string;
  name: string;
  taskCode: string;
  unitId: string;
  unitName: string;
  catalogCode: string;
  workflowState: string;
  lifeState: string;
  /** 需复核: a newer catalogue text changed its inherited elements and the review is still open. */
  needsReview: boolean;
}

/** Claimed items in the actor's scope, those needing review (需复核) first. */
export async function listClaims(
  uc: UseCaseContext,
  f: { unitId?: string; needsReview?: boolean; offset: number; limit: number },
): Promise<{ rows: ClaimListRow[]; total: number }> {
  authorize(uc.actor, 'catalogue.read');
  const scope = unitScope(uc.actor);
  const { rows, total } = await claimRows(uc.app.db.kysely, scope, f);
  return {
    rows: rows.map((r) => ({
      itemId: r.id,
      name: r.name,
      taskCode: r.task_code,
      unitId: r.unit_id,
      unitName: r.unit_name,
      catalogCode: r.catalog_code,
      workflowState: r.workflow_state,
      lifeState: r.life_state,
      needsReview: r.needs_review === true || Number(r.needs_review) === 1,
    })),
    total,
  };
}
