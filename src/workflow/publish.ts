import type { AppContext } from '../app/context.js';
import type { Trx } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { markPublished, moveVersion, supersedeVersion } from '../items/item.repository.js';
import type { VersionState } from '../items/states.js';
import type { ItemRow, ItemVersionRow } from '../items/item.table.js';
import { errors } from '../shared/errors.js';
import { parseStored } from '../shared/json.js';
import { afterPublication } from '../publishing/after-publication.js';
import { indexItem } from '../legal/citation-index.js';
import { groundLabel } from '../domain/grounds.js';
import { resolveObligationsOf } from '../obligations/obligation.repository.js';
import {
  findChangeRequest,
  hasUnpublishedVersions,
  insertPublication,
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
  if (
    !(await moveVersion(trx, f.version.id, f.from, 'published', { published_at: f.now, published_by: f.publishedBy }))
  )
    return null;
  if (f.item.published_version_id && f.item.published_version_id !== f.version.id) {
    await supersedeVersion(trx, f.item.published_version_id, f.now);
  }
  const cr = f.version.change_request_id ? await findChangeRequest(trx, f.version.change_request_id) : undefined;
  const cancels =
    cr?.kind === 'cancel' ||
    (cr && ['merge', 'split', 'transfer'].includes(cr.kind) && (await lineageRole(trx, cr.id, f.item.id)) === 'source');
  const kind: PublicationKind = cancels ? 'cancel' : f.item.published_version_id ? 'change' : 'add';
  const content = parseStored<ItemContent>(f.version.content);
  // Guarded: the item's working version is this one (or none, for a version made outside the workflow such as
  // an approved FAQ) and its life state is the one read. A change request opened or a suspension made since
  // the caller read the item would otherwise be overwritten (an orphaned working version): 409 instead.
  const claimed = await markPublished(trx, f.item, {
    versionId: f.version.id,
    name: content.name,
    type: content.type ?? '',
    cancels: !!cancels,
    now: f.now,
  });
  if (!claimed) throw errors.invalidState('状态已被他人改变，请刷新后重试');
  await indexItem(trx, f.item.id);
  const seq = await nextPublicationSeq(trx, app.db.dialect);
  await insertPublication(trx, {
    seq,
    item_id: f.item.id,
    version_id: f.version.id,
    unit_id: f.item.unit_id,
    kind,
    change_request_id: cr?.id ?? null,
    ground: cr?.ground ?? null,
    summary: cr ? `${cr.summary ?? ''}${cr.summary ? '；' : ''}事由：${groundLabel(cr.ground)}` : (f.summary ?? null),
    content_hash: f.version.content_hash,
    published_at: f.now,
    published_by: f.publishedBy,
  });
  if (cr) {
    await completeIfDone(trx, cr.id, f.now);
  }
  await afterPublication(app, trx, { seq, itemId: f.item.id, kind });
  return seq;
}

/** A composite request (合并/拆分) completes when every version it proposed is public. */
async function completeIfDone(trx: Trx, crId: string, now: string): Promise<void> {
  if (await hasUnpublishedVersions(trx, crId)) return;
  await updateChangeRequest(trx, crId, { status: 'completed', completed_at: now });
  await resolveObligationsOf(trx, crId, now);
}
