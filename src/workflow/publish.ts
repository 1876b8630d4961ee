import type { AppContext } from '../app/context.js';
import type { Trx } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { markPublished, moveVersions, supersedeVersions } from '../items/item.repository.js';
import type { VersionState } from '../items/states.js';
import type { ItemRow, ItemVersionRow } from '../items/item.table.js';
import { errors } from '../shared/errors.js';
import { parseStored } from '../shared/json.js';
import { afterPublications } from '../publishing/after-publication.js';
import { indexItems } from '../legal/citation-index.js';
import { groundLabel } from '../domain/grounds.js';
import { resolveObligationsOf } from '../obligations/obligation.repository.js';
import {
  findChangeRequests,
  hasUnpublishedVersions,
  insertPublications,
  lineageRole,
  nextPublicationSeq,
  updateChangeRequest,
} from './workflow.repository.js';

export type PublicationKind = 'add' | 'change' | 'cancel' | 'suspend' | 'resume';

export interface PublishFacts {
  item: ItemRow;
  version: ItemVersionRow;
  from: readonly VersionState[];
  publishedBy: string | null;
  now: string;
  /** What the publication log says when no change request is behind the version (e.g. an approved FAQ). */
  summary?: string;
}

/**
 * Makes a verified version the public one, in the caller's transaction: the previous public version is
 * superseded, the item points at the new one, the publication log gets the next sequence number (feeds,
 * channels and caches key on it), a change request behind the version completes, and the obligations it
 * answered are resolved. A 取消 request takes the item out of use. Returns the publication sequence, or null
 * when the version was no longer in `from` (nothing written); throws 409 when the item changed meanwhile
 * (the caller's transaction rolls back).
 */
export async function publishVersion(app: AppContext, trx: Trx, f: PublishFacts): Promise<number | null> {
  const { item, version, summary, ...common } = f;
  const [seq] = await publishVersions(app, trx, common, [{ item, version, ...(summary ? { summary } : {}) }]);
  return seq ?? null;
}

/**
 * `publishVersion` of many versions of distinct items (an initial migration publishing its import) as if
 * one after another in the given order — the same rows, sequence numbers in that order, one publication
 * each — with one query or multi-row statement per table for the batch instead of a few dozen per item.
 * Returns each one's sequence, or null where its version was no longer in `from`.
 */
export async function publishVersions(
  app: AppContext,
  trx: Trx,
  common: Omit<PublishFacts, 'item' | 'version' | 'summary'>,
  list: ReadonlyArray<Pick<PublishFacts, 'item' | 'version' | 'summary'>>,
): Promise<Array<number | null>> {
  if (new Set(list.map((f) => f.item.id)).size !== list.length)
    throw new TypeError('publishVersions: one version per item');
  const moved = await moveVersions(
    trx,
    list.map((f) => f.version.id),
    common.from,
    'published',
    { published_at: common.now, published_by: common.publishedBy },
  );
  const batch = list.filter((f) => moved.has(f.version.id));
  await supersedeVersions(
    trx,
    batch.map((f) => f.item.published_version_id).filter((id, k): id is string => !!id && id !== batch[k]!.version.id),
    common.now,
  );
  const crs = new Map(
    (
      await findChangeRequests(trx, [
        ...new Set(batch.map((f) => f.version.change_request_id).filter((id): id is string => !!id)),
      ])
    ).map((cr) => [cr.id, cr]),
  );
  const facts = [];
  for (const f of batch) {
    const cr = f.version.change_request_id ? crs.get(f.version.change_request_id) : undefined;
    const cancels =
      cr?.kind === 'cancel' ||
      (!!cr &&
        ['merge', 'split', 'transfer'].includes(cr.kind) &&
        (await lineageRole(trx, cr.id, f.item.id)) === 'source');
    const kind: PublicationKind = cancels ? 'cancel' : f.item.published_version_id ? 'change' : 'add';
    facts.push({ ...f, cr, cancels, kind, content: parseStored<ItemContent>(f.version.content) });
  }
  // Guarded: the item's working version is this one (or none, for a version made outside the workflow such as
  // an approved FAQ) and its life state is the one read. A change request opened or a suspension made since
  // the caller read the item would otherwise be overwritten (an orphaned working version): 409 instead.
  const claimed = await markPublished(
    trx,
    facts.map((f) => ({
      item: f.item,
      versionId: f.version.id,
      name: f.content.name,
      type: f.content.type ?? '',
      cancels: f.cancels,
    })),
    common.now,
  );
  if (claimed.size !== facts.length) throw errors.invalidState('状态已被他人改变，请刷新后重试');
  // The citation index follows the head content: unchanged when the version published was already the working
  // head of an item never published before (an imported draft), which `insertNewItems` indexed.
  await indexItems(
    trx,
    facts.filter((f) => f.item.published_version_id || f.item.draft_version_id !== f.version.id).map((f) => f.item.id),
  );
  const first = facts.length ? await nextPublicationSeq(trx, app.db.dialect) : 0;
  await insertPublications(
    trx,
    facts.map(({ item, version, cr, kind, summary }, k) => ({
      seq: first + k,
      item_id: item.id,
      version_id: version.id,
      unit_id: item.unit_id,
      kind,
      change_request_id: cr?.id ?? null,
      ground: cr?.ground ?? null,
      summary: cr ? `${cr.summary ?? ''}${cr.summary ? '；' : ''}事由：${groundLabel(cr.ground)}` : (summary ?? null),
      content_hash: version.content_hash,
      published_at: common.now,
      published_by: common.publishedBy,
    })),
  );
  for (const crId of new Set(facts.flatMap((f) => (f.cr ? [f.cr.id] : []))))
    await completeIfDone(trx, crId, common.now);
  await afterPublications(
    app,
    trx,
    facts.map((f, k) => ({ seq: first + k, itemId: f.item.id, kind: f.kind })),
  );
  const seqs = new Map(facts.map((f, k) => [f.version.id, first + k]));
  return list.map((f) => seqs.get(f.version.id) ?? null);
}

/** A composite request (合并/拆分) completes when every version it proposed is public. */
async function completeIfDone(trx: Trx, crId: string, now: string): Promise<void> {
  if (await hasUnpublishedVersions(trx, crId)) return;
  await updateChangeRequest(trx, crId, { status: 'completed', completed_at: now });
  await resolveObligationsOf(trx, crId, now);
}
