import type { AppContext } from '../app/context.js';
import { sm3Hex } from '../crypto/sm.js';
import type { Trx } from '../db/database.js';
import type { Faq, ItemContent } from '../domain/item-content.js';
import * as items from '../items/item.repository.js';
import { newVersionRow } from '../items/item.service.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { canonicalJson, parseStored } from '../shared/json.js';
import { publishVersion } from '../workflow/publish.js';

/** How an approved answer reached the item. */
export type FaqOutcome = { kind: 'published'; seq: number; version: number } | { kind: 'queued'; version: number };

const EDITABLE = ['draft', 'returned'];

/**
 * Adds an answer the centre approved to the item's 常见问题 (Art. 21 answers made public).
 *
 * The approval is the centre's verification of this one element (the action `explanation.approve_faq`
 * belongs to the verifier and the publisher), so when the item has no working version the FAQ is
 * published at once as a new version through `publishVersion`: it gets a publication sequence number, and
 * the portal, API, feeds, search index and channel webhooks follow it like any other 变更.
 *
 * When the unit is already editing the item (a draft or returned version), the FAQ is added to that
 * version instead and becomes public with it, so neither the unit's work nor the FAQ is lost. A version
 * already under review is frozen: the approval is refused until it is published.
 */
export async function addApprovedFaq(app: AppContext, trx: Trx, o: { itemId: string; faq: Faq; by: string | null; now: string }): Promise<FaqOutcome> {
  const item = await items.findItem(trx, { kind: 'all' }, o.itemId);
  if (!item || !item.published_version_id || item.life_state === 'cancelled') throw errors.invalidState('事项已不在公开目录中，无法发布常见问题');
  const withFaq = (content: ItemContent): ItemContent => ({
    ...content, faqs: [...(content.faqs ?? []).filter((f) => f.question !== o.faq.question), o.faq],
  });

  if (item.draft_version_id) {
    const working = await items.findVersion(trx, item.draft_version_id);
    if (!working || !EDITABLE.includes(working.state)) throw errors.invalidState('该事项有正在审核或待发布的版本，请在其发布后再批准发布为常见问题');
    const text = canonicalJson(withFaq(parseStored<ItemContent>(working.content)));
    await trx.updateTable('item_versions').set({ content: text, content_hash: sm3Hex(text), updated_at: o.now, updated_by: o.by }).where('id', '=', working.id).execute();
    await trx.updateTable('items').set((eb) => ({ updated_at: o.now, lock_version: eb('lock_version', '+', 1) })).where('id', '=', item.id).execute();
    return { kind: 'queued', version: working.seq };
  }

  const published = (await items.findVersion(trx, item.published_version_id))!;
  const seq = (await items.maxVersionSeq(trx, item.id)) + 1;
  const version = {
    ...newVersionRow(newId(), item.id, seq, withFaq(parseStored<ItemContent>(published.content)), o.by, o.now, '公众说明解释的答复经中心批准发布为常见问题'),
    state: 'verified', verified_at: o.now, verified_by: o.by,
  };
  await items.insertVersion(trx, version);
  const pubSeq = await publishVersion(app, trx, { item, version, from: ['verified'], publishedBy: o.by, now: o.now, summary: `新增常见问题：${o.faq.question.slice(0, 60)}（公众说明解释答复，经中心批准）` });
  if (pubSeq === null) throw errors.invalidState('状态已被他人改变，请刷新后重试');
  return { kind: 'published', seq: pubSeq, version: seq };
}
