import { sql } from 'kysely';
import { verifyAuditChain } from '../../../src/audit/audit.service.js';
import { sm3Hex } from '../../../src/crypto/sm.js';
import { buildApp } from '../../../src/http/app.js';
import { itemCode } from '../../../src/publishing/public.queries.js';
import { SIGNATURE_HEADERS } from '../../../src/publishing/signature.js';
import type { TestContext } from '../../support/context.js';
import type { Receiver } from '../../support/receiver.js';
import type { Workload } from './workload.js';

export interface InvariantReport {
  problems: string[];
  items: number;
  publications: number;
  auditRecords: number;
  /** Webhook requests a receiver got again for a delivery it had already received (retries after a kill). */
  redeliveries: number;
}

/**
 * What must hold on the stored data after any number of kills (checked on the database and through a fresh
 * in-process app on it): every acknowledged write is there, nothing is half there, every item's versions
 * form a chain, the publication log has no gaps and everything published is in the public API, the search
 * index and the change feed, the audit chain verifies, and the webhook outbox has one delivery per
 * publication and subscriber, each received.
 */
export async function checkInvariants(t: TestContext, w: Workload, receiver?: Receiver): Promise<InvariantReport> {
  const db = t.ctx.db.kysely;
  const problems: string[] = [];
  const fail = (p: string) => problems.push(p);

  if (t.dialect === 'sqlite') {
    const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    if (rows[0]?.integrity_check !== 'ok') fail(`SQLite integrity_check: ${JSON.stringify(rows)}`);
  }

  const items = await db.selectFrom('items').selectAll().execute();
  const versions = await db
    .selectFrom('item_versions')
    .select(['id', 'item_id', 'seq', 'content', 'content_hash', 'state'])
    .orderBy('item_id')
    .orderBy('seq')
    .execute();
  const byItem = new Map<string, typeof versions>();
  for (const v of versions) byItem.set(v.item_id, [...(byItem.get(v.item_id) ?? []), v]);
  const audits = await db.selectFrom('audit_log').select(['action', 'target_type', 'target_id']).execute();
  const itemAudits = new Map<string, string[]>();
  for (const a of audits)
    if (a.target_type === 'item' && a.target_id)
      itemAudits.set(a.target_id, [...(itemAudits.get(a.target_id) ?? []), a.action]);
  const crs = await db.selectFrom('change_requests').select(['id', 'item_id']).execute();

  // Version chains: seq 1..n, hashes match the content, pointers stay inside the item, one audit per write.
  for (const item of items) {
    const chain = byItem.get(item.id) ?? [];
    if (!chain.length) fail(`item ${item.id} has no version`);
    chain.forEach((v, i) => {
      if (v.seq !== i + 1) fail(`item ${item.id}: version seq ${v.seq} at position ${i + 1}`);
      if (sm3Hex(v.content) !== v.content_hash) fail(`item ${item.id} v${v.seq}: content hash does not match`);
    });
    for (const pointer of [item.draft_version_id, item.published_version_id]) {
      if (pointer && !chain.some((v) => v.id === pointer))
        fail(`item ${item.id}: points at version ${pointer} of another item`);
    }
    const trail = itemAudits.get(item.id) ?? [];
    if (trail.filter((a) => a === 'item.created').length !== 1)
      fail(`item ${item.id}: ${trail.filter((a) => a === 'item.created').length} item.created audit records`);
    const writes = trail.length - 1 + crs.filter((c) => c.item_id === item.id).length;
    if (writes !== item.lock_version - 1)
      fail(`item ${item.id}: lock_version ${item.lock_version} but ${writes} audited writes after creation`);
  }

  const workingName = (i: (typeof items)[number]) =>
    JSON.parse(byItem.get(i.id)?.find((v) => v.id === (i.draft_version_id ?? i.published_version_id))?.content ?? '{}')
      .name as string;

  // Acknowledged writes: all present, as acknowledged. Unknown items only from creations in flight at a kill.
  const stored = new Map(items.map((i) => [i.id, i]));
  for (const m of w.items) {
    const s = stored.get(m.id);
    if (!s) fail(`acknowledged item ${m.id} (${m.name}) is missing`);
    else if (s.lock_version !== m.version || s.workflow_state !== m.state || workingName(s) !== m.name) {
      fail(
        `item ${m.id}: stored v${s.lock_version} ${s.workflow_state} ${workingName(s)}, acknowledged v${m.version} ${m.state} ${m.name}`,
      );
    }
  }
  const known = new Set(w.items.map((m) => m.id));
  for (const s of items.filter((i) => !known.has(i.id))) {
    if (!w.uncertainCreates.includes(s.name)) fail(`item ${s.id} (${s.name}) was never requested`);
    if (items.filter((i) => i.name === s.name).length > 1) fail(`item ${s.name} stored twice`);
  }
  const crIds = new Set(crs.map((c) => c.id));
  for (const id of w.changeRequests) if (!crIds.has(id)) fail(`acknowledged change request ${id} is missing`);
  const tracking = new Set(
    (await db.selectFrom('explanation_requests').select('tracking_no').execute()).map((r) => r.tracking_no),
  );
  for (const no of w.explanations) if (!tracking.has(no)) fail(`acknowledged explanation request ${no} is missing`);
  if (tracking.size > w.explanations.length + w.uncertainExplanations)
    fail(
      `${tracking.size} explanation requests stored, at most ${w.explanations.length + w.uncertainExplanations} sent`,
    );

  // Publication log: gapless, one audit record each; the public side shows exactly the published versions.
  const pubs = await db.selectFrom('publications').select(['seq', 'item_id', 'version_id']).orderBy('seq').execute();
  pubs.forEach((p, i) => {
    if (p.seq !== i + 1) fail(`publication sequence has a gap: ${p.seq} at position ${i + 1}`);
    if (!byItem.get(p.item_id)?.some((v) => v.id === p.version_id))
      fail(`publication ${p.seq} names a version of another item`);
  });
  const published = audits.filter((a) => a.action === 'item.published').length;
  if (published !== pubs.length) fail(`${pubs.length} publications but ${published} item.published audit records`);

  const app = await buildApp(t.ctx);
  try {
    let ip = 0;
    const get = (url: string) =>
      app.inject({ method: 'GET', url, remoteAddress: `10.99.${Math.floor(++ip / 250)}.${(ip % 250) + 1}` });
    for (const item of items.filter((i) => i.published_version_id && i.life_state !== 'cancelled')) {
      const version = byItem.get(item.id)!.find((v) => v.id === item.published_version_id)!;
      const code = itemCode(item.task_code, item.handling_code);
      const res = await get(`/api/public/v1/items/${encodeURIComponent(code)}`);
      const name = JSON.parse(version.content).name as string;
      if (res.statusCode !== 200) fail(`published item ${code}: public API ${res.statusCode}`);
      else if (res.json().contentHash !== version.content_hash)
        fail(`published item ${code}: public API does not serve the published version`);
      const found = await get(`/api/public/v1/search?q=${encodeURIComponent(name)}&limit=50`);
      if (found.statusCode !== 200 || !found.json().hits.some((h: { item: { name: string } }) => h.item.name === name))
        fail(`published item ${name}: not found by the search (${found.statusCode})`);
    }
    const seen: number[] = [];
    for (let since = 0, more = true; more; ) {
      const page = (await get(`/api/public/v1/changes?since=${since}&limit=200`)).json();
      seen.push(...page.changes.map((c: { seq: number }) => c.seq));
      more = page.hasMore && page.next > since;
      since = page.next;
    }
    if (seen.join() !== pubs.map((p) => p.seq).join())
      fail(`change feed lists ${seen.length} publications, the log has ${pubs.length}`);
  } finally {
    await app.close();
  }

  const verdict = await verifyAuditChain(t.ctx.db, t.ctx.keys.audit);
  if (!verdict.ok) fail(`audit chain broken at ${verdict.brokenSeq} (${verdict.reason})`);

  let redeliveries = 0;
  if (receiver) {
    const deliveries = await db
      .selectFrom('channel_deliveries')
      .select(['id', 'channel_id', 'seq', 'status'])
      .where('event', '=', 'publication')
      .execute();
    const channels = new Set(
      (await db.selectFrom('channels').select('id').where('webhook_url', 'is not', null).execute()).map((c) => c.id),
    );
    for (const channel of channels) {
      const mine = deliveries.filter((d) => d.channel_id === channel);
      const seqs = mine
        .map((d) => d.seq)
        .sort((a, b) => a - b)
        .join();
      if (seqs !== pubs.map((p) => p.seq).join())
        fail(`channel ${channel}: deliveries for seq [${seqs}], publications [${pubs.map((p) => p.seq).join()}]`);
    }
    const received = receiver.requests.map((r) => String(r.headers[SIGNATURE_HEADERS.delivery]));
    const distinct = new Set(received);
    redeliveries = received.length - distinct.size;
    for (const d of deliveries) {
      if (d.status !== 'delivered') fail(`delivery ${d.id} (seq ${d.seq}) is ${d.status}`);
      if (!distinct.has(d.id)) fail(`delivery ${d.id} (seq ${d.seq}) never reached the receiver`);
    }
    if (distinct.size !== deliveries.length)
      fail(`receiver got ${distinct.size} distinct deliveries, the outbox has ${deliveries.length}`);
  }
  return { problems, items: items.length, publications: pubs.length, auditRecords: verdict.count, redeliveries };
}
