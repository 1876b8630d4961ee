import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import type { Executor, Trx } from '../db/database.js';
import type { Citation, ItemContent } from '../domain/item-content.js';
import * as items from '../items/item.repository.js';
import type { ItemRow } from '../items/item.table.js';
import { EDITABLE_STATES } from '../items/states.js';
import { reviseWorkingVersion } from '../items/working-version.js';
import { indexItem } from '../legal/citation-index.js';
import { refreshFindingCounts } from '../legal/refresh-findings.js';
import { ACTIVE_OBLIGATION_STATUSES } from '../obligations/obligation.enums.js';
import { chinaDate } from '../shared/clock.js';
import { errors } from '../shared/errors.js';
import { parseStored } from '../shared/json.js';
import {
  insertChangeRequest,
  prepareChangeRequest,
  type CreateChangeRequestInput,
} from '../workflow/change-request.service.js';
import type { Ground } from '../domain/grounds.js';
import type { ChangeRequestRow, ObligationRow } from '../workflow/workflow.table.js';
import type { CatalogueEntryRow } from './catalogue.table.js';
import { carryOpenObligation, resolveOpenObligation } from '../obligations/obligation.repository.js';
import { findUnit } from '../units/unit.repository.js';
import { entryWithVersion, latestReviewOf } from './catalogue.repository.js';
import { inheritedDifferences, withInherited, type Inherited, type InheritedField } from './inheritance.js';

export interface OpenReview {
  id: string;
  versionId: string;
  versionLabel: string;
  fields: Array<InheritedField | 'removed'>;
  obligationId: string;
  obligationStatus: string;
  dueOn: string;
}

/** Side by side: the item's inherited elements and the base catalogue's current text (需复核 view). */
export interface ClaimComparison {
  item: ItemRow & { unit_name: string };
  local: Inherited;
  entry:
    | (Required<Inherited> & {
        status: string;
        entryVersion: number;
        versionLabel: string | null;
        effectiveOn: string | null;
      })
    | null;
  differences: InheritedField[];
  review: OpenReview | null;
  /** Why "采用新文本" is not offered, or null when it is. */
  takeOverBlocked: string | null;
}

const entryInherited = (e: CatalogueEntryRow): Required<Inherited> => ({
  name: e.name,
  catalogCode: e.catalog_code,
  type: e.type,
  setBasis: parseStored<Citation[]>(e.set_basis),
});

async function headContent(db: Executor, item: ItemRow): Promise<{ content: ItemContent; state: string }> {
  const version = await items.findVersion(db, (item.draft_version_id ?? item.published_version_id)!);
  if (!version) throw errors.notFound('事项版本');
  return { content: parseStored<ItemContent>(version.content), state: version.state };
}

/** The item's latest review whose obligation is still active, if any. */
export async function openReviewOf(
  db: Executor,
  itemId: string,
): Promise<(OpenReview & { obligation: ObligationRow }) | null> {
  const row = await latestReviewOf(db, itemId, ACTIVE_OBLIGATION_STATUSES);
  if (!row) return null;
  const { review_id, version_id, fields, version_label, ...obligation } = row;
  return {
    id: review_id,
    versionId: version_id,
    versionLabel: version_label,
    fields: parseStored(fields),
    obligationId: obligation.id,
    obligationStatus: obligation.status,
    dueOn: obligation.due_on,
    obligation: obligation as ObligationRow,
  };
}

export async function getClaimComparison(uc: UseCaseContext, itemId: string): Promise<ClaimComparison> {
  authorize(uc.actor, 'catalogue.read');
  const db = uc.app.db.kysely;
  const item = await items.findItem(db, unitScope(uc.actor), itemId);
  if (!item) throw errors.notFound('事项');
  const unit = await findUnit(db, item.unit_id);
  if (!unit) throw errors.notFound('实施单位');
  const { content, state } = await headContent(db, item);
  const entry = await entryWithVersion(db, item.catalog_code);
  const local: Inherited = {
    name: content.name,
    catalogCode: content.catalogCode,
    type: content.type,
    setBasis: content.setBasis,
  };
  const differences = entry ? inheritedDifferences(local, entryInherited(entry)) : [];
  const review = await openReviewOf(db, item.id);
  return {
    item: { ...item, unit_name: unit.name },
    local,
    entry: entry
      ? {
          ...entryInherited(entry),
          status: entry.status,
          entryVersion: entry.entry_version,
          versionLabel: entry.version_label,
          effectiveOn: entry.effective_on,
        }
      : null,
    differences,
    review: review && ({ ...review, obligation: undefined } as OpenReview | null),
    takeOverBlocked: blockReason(item, state, entry, differences),
  };
}

function blockReason(
  item: ItemRow,
  state: string,
  entry: CatalogueEntryRow | undefined,
  differences: InheritedField[],
): string | null {
  if (item.origin !== 'claimed') return '该事项不是认领的事项，没有继承要素';
  if (item.life_state === 'cancelled') return '事项已取消';
  if (!entry) return '基本目录中没有该条目';
  if (entry.status !== 'active') return '该条目已从基本目录中取消：请发起“取消”调整申请';
  if (!differences.length) return '继承要素已与基本目录一致';
  if (item.draft_version_id && !EDITABLE_STATES.some((s) => s === state))
    return '当前版本已提交核验，请先撤回再采用新文本';
  return null;
}

/**
 * "采用新文本": one click writes the catalogue's current name, type and 设定依据 into the item's working
 * version. A published item without one gets a 变更 request (ground 18(一) when the basis changed, else
 * 18(二)) answering its review obligation; an existing editable working version is updated in place.
 */
export async function takeOver(
  uc: UseCaseContext,
  itemId: string,
  input: { summary?: string } = {},
): Promise<{ item: ItemRow; changeRequest: ChangeRequestRow | null }> {
  authorize(uc.actor, 'catalogue.claim');
  const comparison = await getClaimComparison(uc, itemId);
  if (comparison.takeOverBlocked) throw errors.invalidState(comparison.takeOverBlocked);
  const item = comparison.item;
  const entry = comparison.entry!;
  const review = await openReviewOf(uc.app.db.kysely, item.id);
  const obligation = review?.obligation.status === 'open' ? review.obligation : null;
  const ground: Ground =
    (obligation?.ground as Ground | undefined) ?? (comparison.differences.includes('setBasis') ? 'art18.1' : 'art18.2');
  const today = chinaDate(uc.app.clock.now());
  const arisen = obligation?.ground_arisen_on ?? entry.effectiveOn ?? today;
  const summary = (
    input.summary?.trim() ||
    `采用基本目录新文本（${comparison.differences.map((f) => ({ name: '事项名称', catalogCode: '基本编码', type: '事项类型', setBasis: '设定依据' })[f]).join('、')}）`
  ).slice(0, 1000);
  const inherited: Inherited = {
    name: entry.name,
    catalogCode: entry.catalogCode,
    type: entry.type,
    setBasis: entry.setBasis,
  };

  if (!item.draft_version_id) {
    authorize(uc.actor, 'change.create');
    const request: CreateChangeRequestInput = {
      kind: 'change',
      itemId: item.id,
      ground,
      groundArisenOn: arisen < today ? arisen : today,
      summary,
      obligationId: obligation?.id,
      groundDocument: obligation?.ground_document
        ? parseStored(obligation.ground_document)
        : {
            title: entry.versionLabel ?? '基本目录',
            ...(entry.effectiveOn ? { effectiveDate: entry.effectiveOn } : {}),
          },
    };
    const deadline = await prepareChangeRequest(uc, request);
    return inTransaction(uc, async (trx, audit) => {
      const cr = await insertChangeRequest(uc, trx, audit, request, deadline);
      const fresh = (await items.findItem(trx, { kind: 'all' }, item.id))!;
      await writeInherited(uc, trx, fresh, inherited);
      await audit({
        action: 'catalogue.taken_over',
        target: { type: 'item', id: item.id },
        details: { fields: comparison.differences, changeRequestId: cr.id, obligationId: obligation?.id },
      });
      return { item: (await items.findItem(trx, { kind: 'all' }, item.id))!, changeRequest: cr };
    });
  }
  return inTransaction(uc, async (trx, audit) => {
    const fresh = (await items.findItem(trx, { kind: 'all' }, item.id))!;
    if (fresh.lock_version !== item.lock_version) throw errors.versionConflict(fresh.lock_version);
    const version = await writeInherited(uc, trx, fresh, inherited);
    if (obligation) {
      // Unpublished: nothing public to adjust, the review is done. Published: the pending request now carries it.
      if (version.change_request_id) await carryOpenObligation(trx, obligation.id, version.change_request_id);
      else await resolveOpenObligation(trx, obligation.id, uc.app.clock.now().toISOString(), uc.actor.id);
    }
    await audit({
      action: 'catalogue.taken_over',
      target: { type: 'item', id: item.id },
      details: { fields: comparison.differences, versionSeq: version.seq, obligationId: obligation?.id },
    });
    return { item: (await items.findItem(trx, { kind: 'all' }, item.id))!, changeRequest: null };
  });
}

/** Overwrites the inherited elements of the item's (editable) working version; the only path that may. */
async function writeInherited(uc: UseCaseContext, trx: Trx, item: ItemRow, inherited: Inherited) {
  const version = item.draft_version_id ? await items.findVersion(trx, item.draft_version_id) : undefined;
  if (!version || !EDITABLE_STATES.includes(version.state)) throw errors.invalidState('事项没有可编辑的版本');
  const content = withInherited(parseStored<ItemContent>(version.content), inherited);
  const now = uc.app.clock.now().toISOString();
  const revised = await reviseWorkingVersion(trx, item, version, content, uc.actor.id, now);
  const listing = item.published_version_id ? undefined : { name: content.name, type: content.type ?? '' };
  if (!(await items.recordRevision(trx, item.id, { workingVersionId: revised.id, now, by: uc.actor.id, listing })))
    throw errors.invalidState('状态已被他人改变，请刷新后重试');
  await indexItem(trx, item.id);
  await refreshFindingCounts(trx, uc.app.config, [item.id]);
  return revised;
}
