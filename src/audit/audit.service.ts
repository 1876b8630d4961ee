import type { AppContext } from '../app/context.js';
import type { Dialect, Trx } from '../db/database.js';
import type { Actor, RequestMeta } from '../auth/actor.js';
import { primaryRole } from '../auth/actor.js';
import { hmacSm3Hex, safeEqual, sm3Hex } from '../crypto/sm.js';
import { errors } from '../shared/errors.js';
import { canonicalJson } from '../shared/json.js';
import type { AuditAction } from './actions.js';
import { insertRecord, insertRecords, lastRecord, lockChain, readChain } from './audit.repository.js';
import type { AuditLogRow, NewAuditLogRow } from './audit.table.js';

/** What a use case says about a state change. Digests and the chain MAC are computed here. */
export interface AuditEntry {
  action: AuditAction;
  target?: { type: string; id: string };
  result?: 'success' | 'failure';
  reason?: string;
  /** Object state before/after; only their SM3 digests are stored. */
  before?: unknown;
  after?: unknown;
  /** Field-level diff or event facts. Mask personal data before passing it. */
  details?: Record<string, unknown>;
}

export interface AuditWho {
  actor: Actor;
  meta: RequestMeta;
}

export interface AuditDeps {
  dialect: Dialect;
  key: Buffer;
  now: Date;
}

const GENESIS = '0'.repeat(64);

/**
 * Appends one record to the chain inside the caller's transaction (AUD-03/04): if this write fails,
 * the caller's change fails with it. `mac = HMAC-SM3(key, prev_mac ‖ canonical(record))`.
 */
export async function appendAudit(trx: Trx, deps: AuditDeps, who: AuditWho, entry: AuditEntry): Promise<void> {
  await lockChain(trx, deps.dialect);
  const last = await lastRecord(trx);
  const row = chained(deps, who, entry, last);
  try {
    await insertRecord(trx, row);
  } catch (e) {
    // AUD-04: no audit record, no change. The caller's transaction rolls back with this error.
    throw errors.unavailable('审计记录写入失败，操作未执行', e);
  }
}

/**
 * Appends one record per entry, in order, with one lock, one read of the chain head and multi-row inserts:
 * the same records `appendAudit` would write one by one (a bulk import writes thousands in its transaction).
 */
export async function appendAuditMany(
  trx: Trx,
  deps: AuditDeps,
  who: AuditWho,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (!entries.length) return;
  await lockChain(trx, deps.dialect);
  let last: Pick<AuditLogRow, 'seq' | 'mac'> | undefined = await lastRecord(trx);
  const rows: NewAuditLogRow[] = [];
  for (const entry of entries) {
    const row = chained(deps, who, entry, last);
    rows.push(row);
    last = { seq: row.seq, mac: row.mac };
  }
  try {
    await insertRecords(trx, rows);
  } catch (e) {
    throw errors.unavailable('审计记录写入失败，操作未执行', e);
  }
}

/** The next record of the chain after `last`: its body, the previous MAC and its own. */
function chained(
  deps: AuditDeps,
  who: AuditWho,
  entry: AuditEntry,
  last: Pick<AuditLogRow, 'seq' | 'mac'> | undefined,
): NewAuditLogRow {
  const body: Omit<NewAuditLogRow, 'mac' | 'prev_mac'> = {
    seq: (last?.seq ?? 0) + 1,
    ts: deps.now.toISOString(),
    actor_id: who.actor.id,
    actor_name: who.actor.name,
    actor_role: primaryRole(who.actor),
    unit_id: who.actor.unitId,
    ip: who.meta.ip ?? null,
    user_agent: who.meta.userAgent?.slice(0, 500) ?? null,
    session_ref: who.actor.sessionRef ?? null,
    request_id: who.meta.requestId ?? null,
    action: entry.action,
    target_type: entry.target?.type ?? null,
    target_id: entry.target?.id ?? null,
    result: entry.result ?? 'success',
    reason: entry.reason ?? null,
    before_digest: entry.before === undefined ? null : sm3Hex(canonicalJson(entry.before)),
    after_digest: entry.after === undefined ? null : sm3Hex(canonicalJson(entry.after)),
    details: entry.details ? canonicalJson(entry.details) : null,
  };
  const prevMac = last?.mac ?? GENESIS;
  return { ...body, prev_mac: prevMac, mac: chainMac(deps.key, prevMac, body) };
}

function chainMac(key: Buffer, prevMac: string, body: Omit<NewAuditLogRow, 'mac' | 'prev_mac'>): string {
  return hmacSm3Hex(key, prevMac + canonicalJson(body));
}

export type ChainVerdict =
  | { ok: true; count: number }
  | {
      ok: false;
      count: number;
      brokenSeq: number;
      /** gap: a record removed; checkpoint: the record a checkpoint signed differs; truncated: records after it are gone. */
      reason: 'mac' | 'link' | 'gap' | 'checkpoint' | 'truncated';
      /** With `truncated`: the last missing record (the checkpoint's). */
      lastMissing?: number;
    };

/** The newest checkpoint's head, compared at the end of the walk (`audit/checkpoint.ts`). */
export interface ChainAnchor {
  seq: number;
  mac: string;
  count: number;
}

/**
 * Walks the whole chain; reports the first record that was edited, removed (gap) or re-linked. With an
 * anchor, the record it names must still be there with the same MAC and count, else the newest records
 * were deleted (truncated) or the chain was rebuilt.
 */
export async function verifyAuditChain(
  db: AppContext['db'],
  key: Buffer,
  anchor?: ChainAnchor | null,
): Promise<ChainVerdict> {
  let prevMac = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  for await (const row of readChain(db.kysely)) {
    count++;
    if (row.seq !== expectedSeq) return { ok: false, count, brokenSeq: expectedSeq, reason: 'gap' };
    if (!safeEqual(row.prev_mac, prevMac)) return { ok: false, count, brokenSeq: row.seq, reason: 'link' };
    if (!safeEqual(row.mac, chainMac(key, prevMac, bodyOf(row))))
      return { ok: false, count, brokenSeq: row.seq, reason: 'mac' };
    if (anchor && row.seq === anchor.seq && (!safeEqual(row.mac, anchor.mac) || count !== anchor.count))
      return { ok: false, count, brokenSeq: row.seq, reason: 'checkpoint' };
    prevMac = row.mac;
    expectedSeq++;
  }
  if (anchor && expectedSeq <= anchor.seq)
    return { ok: false, count, brokenSeq: expectedSeq, reason: 'truncated', lastMissing: anchor.seq };
  return { ok: true, count };
}

/** The verdict on deleted newest records, in the words the CLI and the console both use. */
export const missingRecordsText = (from: number, to: number) => `缺少第 ${from}–${to} 条记录：晚于检查点的记录被删除`;

function bodyOf(row: AuditLogRow): Omit<NewAuditLogRow, 'mac' | 'prev_mac'> {
  const { mac: _mac, prev_mac: _prev, ...body } = row;
  return body;
}
