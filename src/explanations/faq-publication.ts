import type { AppContext } from '../app/context.js';
import type { Trx } from '../db/database.js';
import { Faq, type ItemContent } from '../domain/item-content.js';
import * as items from '../items/item.repository.js';
import { newVersionRow } from '../items/item.service.js';
import { EDITABLE_STATES } from '../items/states.js';
import { reviseWorkingVersion } from '../items/working-version.js';
import type { ItemRow, ItemVersionRow } from '../items/item.table.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { parseStored } from '../shared/json.js';
import { schemaIssues } from '../shared/schema-issues.js';
import { publishVersion } from '../workflow/publish.js';

/** How an approved answer reached the item. */
export type FaqOutcome = { kind: 'published'; seq: number; version: number } | { kind: 'queued'; version: number };

const RACE = '状态已被他人改变，请刷新后重试';

const withFaq = (content: ItemContent, faq: Faq): ItemContent => ({
  ...content,
  faqs: [...(content.faqs ?? []).filter((f) => f.question !== faq.question), faq],
});

/**
 * Adds an answer the centre approved to the item's 常见问题 (Art. 21 answers made public).
 *
 * - The FAQ is validated like any item element (the `Faq` schema: question ≤ 1,000, answer ≤ 4,000
 *   characters); the item must be public and in use (not suspended, not cancelled).
 * - When the unit is editing the item (a draft or returned version), the FAQ is added to that version and
 *   becomes public with it, through the unit's submission, verification and publication. Any approver
 *   (`explanation.approve_faq`: verifier or publisher) may do this. A version under review is frozen: the
 *   approval is refused until it is published.
 * - When the item has no working version, the approval publishes a new version at once through
 *   `publishVersion` (publication sequence, portal, API, feeds, search index, channel webhooks). That is
 *   a publication, so it needs `item.publish` as well (`mayPublish`): a verifier alone gets 403.
 *
 * Both writes are guarded in their WHERE clauses (the working version still editable; the item still
 * without a working version), so a racing submission or change request gets 409 and nothing is written.
 */
export async function addApprovedFaq(
  app: AppContext,
  trx: Trx,
  o: { itemId: string; faq: Faq; by: string | null; now: string; mayPublish: boolean },
): Promise<FaqOutcome> {
  const issues = schemaIssues(Faq, o.faq);
  if (issues.length) throw errors.validation(issues);
  const item = await items.findItem(trx, { kind: 'all' }, o.itemId);
  if (!item || !item.published_version_id || item.life_state === 'cancelled')
    throw errors.invalidState('事项已不在公开目录中，无法发布常见问题');
  if (item.life_state !== 'active') throw errors.invalidState('事项已暂停，恢复后才能批准发布常见问题');

  if (item.draft_version_id) {
    const working = await items.findVersion(trx, item.draft_version_id);
    if (!working || !EDITABLE_STATES.includes(working.state))
      throw errors.invalidState('该事项有正在审核或待发布的版本，请在其发布后再批准发布为常见问题');
    return queueFaq(trx, item, working, o);
  }

  if (!o.mayPublish) {
    throw errors.forbidden(
      '该事项没有正在修改的版本，批准即发布新版本，须由中心发布员批准；单位修改该事项期间，核验员的批准将把常见问题并入其修改版本',
    );
  }
  const published = (await items.findVersion(trx, item.published_version_id))!;
  const seq = (await items.maxVersionSeq(trx, item.id)) + 1;
  const version = {
    ...newVersionRow(
      newId(),
      item.id,
      seq,
      withFaq(parseStored<ItemContent>(published.content), o.faq),
      o.by,
      o.now,
      '公众说明解释的答复经中心批准发布为常见问题',
    ),
    state: 'verified' as const,
    verified_at: o.now,
    verified_by: o.by,
  };
  await items.insertVersion(trx, version);
  // publishVersion's item update requires draft_version_id IS NULL (or this version) and an unchanged
  // life state, so a change request opened meanwhile is never orphaned (it throws 409).
  const pubSeq = await publishVersion(app, trx, {
    item,
    version,
    from: ['verified'],
    publishedBy: o.by,
    now: o.now,
    summary: `新增常见问题：${o.faq.question.slice(0, 60)}（公众说明解释答复，经中心批准）`,
  });
  if (pubSeq === null) throw errors.invalidState(RACE);
  return { kind: 'published', seq: pubSeq, version: seq };
}

/**
 * Adds the FAQ to the unit's working version. Exported for tests: `item` and `working` are what the
 * caller read; the UPDATEs apply only while the version is still editable and still the item's working
 * version, otherwise 409 (the caller's transaction rolls back).
 */
export async function queueFaq(
  trx: Trx,
  item: ItemRow,
  working: ItemVersionRow,
  o: { faq: Faq; by: string | null; now: string },
): Promise<FaqOutcome> {
  const revised = await reviseWorkingVersion(
    trx,
    item,
    working,
    withFaq(parseStored<ItemContent>(working.content), o.faq),
    o.by,
    o.now,
  );
  if (!(await items.recordRevision(trx, item.id, { workingVersionId: revised.id, now: o.now })))
    throw errors.invalidState(RACE);
  return { kind: 'queued', version: revised.seq };
}
