import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { normalizeUsername } from '../accounts/account-view.js';
import { authorize } from '../auth/policy.js';
import type { Executor } from '../db/database.js';
import { accountIdsMatching } from '../accounts/account.repository.js';
import { isCodeOf } from '../domain/enums.js';
import { errors, type FieldIssue } from '../shared/errors.js';
import { AUDIT_ACTIONS } from './actions.js';
import {
  countRecords,
  lastRecord,
  lockChain,
  searchRecords,
  targetNames,
  type AuditQuery,
} from './audit.repository.js';
import { verifyAuditChain, type ChainVerdict } from './audit.service.js';
import { readNewestCheckpoint, type CheckpointRead } from './checkpoint.js';
import type { AuditLogRow } from './audit.table.js';
import { maskDetails, maskText } from './mask.js';

/**
 * The 审计管理员's view of the trail (8.1.5.2 b; AUD-08): search, export and chain verification. Every query
 * and export is itself audited, in a transaction that commits before any record is returned: if the audit
 * write fails, the auditor sees nothing (fail closed). Personal data in the details is masked on the way out.
 */
export interface AuditFilter {
  /** `YYYY-MM-DD` (China time, whole day) or an ISO date-time; inclusive. */
  from?: string;
  to?: string;
  /** Username, account id, part of an account's display name, or the name recorded as actor (failed logins record the username typed). */
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: string;
}

/** One audit record in search results and exports. */
export interface AuditRecordView {
  seq: number;
  ts: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  unitId: string | null;
  ip: string | null;
  userAgent: string | null;
  sessionRef: string | null;
  requestId: string | null;
  action: string;
  /** Chinese name of the action. */
  actionLabel: string;
  targetType: string | null;
  targetId: string | null;
  result: string;
  reason: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  /** Details JSON with personal data masked. */
  details: string | null;
  /** Current name of the target where that is not personal data (item, unit, document, channel); set by `searchAudit`. */
  targetName?: string;
}

/** Records per page in the console and the default of the API. */
export const PAGE_SIZE = 50;
const EXPORT_PAGE = 1000;

/** A record as the auditor sees it: action named, actor name and details with personal data masked. */
export function presentRecord(r: AuditLogRow): AuditRecordView {
  return {
    seq: r.seq,
    ts: r.ts,
    actorId: r.actor_id,
    actorName: r.actor_name === null ? null : maskText(r.actor_name),
    actorRole: r.actor_role,
    unitId: r.unit_id,
    ip: r.ip,
    userAgent: r.user_agent,
    sessionRef: r.session_ref,
    requestId: r.request_id,
    action: r.action,
    actionLabel: isCodeOf(AUDIT_ACTIONS, r.action) ? AUDIT_ACTIONS[r.action] : r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    result: r.result,
    reason: r.reason,
    beforeDigest: r.before_digest,
    afterDigest: r.after_digest,
    details: maskDetails(r.details),
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A bound of the time range as a UTC ISO instant; dates and `datetime-local` values are China time. */
function instant(value: string, path: 'from' | 'to'): string {
  let text = value;
  if (DATE.test(value)) text = `${value}T${path === 'from' ? '00:00:00.000' : '23:59:59.999'}+08:00`;
  else if (LOCAL_DATE_TIME.test(value))
    text = `${value}${value.length === 16 ? (path === 'from' ? ':00.000' : ':59.999') : ''}+08:00`;
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime()))
    throw errors.field(path, '时间格式应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm');
  return d.toISOString();
}

/** Validates the filter and turns it into a repository query (account usernames resolved to ids). */
async function toQuery(db: Executor, f: AuditFilter): Promise<Omit<AuditQuery, 'limit' | 'beforeSeq'>> {
  const issues: FieldIssue[] = [];
  const q: Omit<AuditQuery, 'limit' | 'beforeSeq'> = {};
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      issues.push(...(e as { issues: FieldIssue[] }).issues);
    }
  };
  if (f.from) attempt(() => void (q.from = instant(f.from!, 'from')));
  if (f.to) attempt(() => void (q.to = instant(f.to!, 'to')));
  if (q.from && q.to && q.from > q.to) issues.push({ path: 'to', message: '结束时间不能早于开始时间' });
  if (f.action) {
    if (!(f.action in AUDIT_ACTIONS)) issues.push({ path: 'action', message: '未知的操作类型' });
    else q.action = f.action;
  }
  if (f.result) {
    if (f.result !== 'success' && f.result !== 'failure')
      issues.push({ path: 'result', message: '结果应为 success 或 failure' });
    else q.result = f.result;
  }
  if (issues.length) throw errors.validation(issues);
  if (f.targetType) q.targetType = f.targetType.trim();
  if (f.targetId) q.targetId = f.targetId.trim();
  if (f.actor?.trim()) {
    const text = f.actor.trim();
    // Auditors see display names ("李明（经办人）"), so part of one finds the account too.
    q.actor = { ids: await accountIdsMatching(db, text, normalizeUsername(text)), name: text };
  }
  return q;
}

/** The filter as recorded in the query's own audit record (only what was set). */
const describe = (f: AuditFilter) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));

/** One page of matching records, newest first; `before` is the cursor from the previous page. */
export async function searchAudit(
  uc: UseCaseContext,
  filter: AuditFilter,
  page: { before?: number; limit?: number } = {},
): Promise<{ records: AuditRecordView[]; nextBefore: number | null }> {
  authorize(uc.actor, 'audit.read');
  const limit = Math.min(Math.max(page.limit ?? PAGE_SIZE, 1), 500);
  const q = await toQuery(uc.app.db.kysely, filter);
  await inTransaction(uc, (_trx, audit) =>
    audit({
      action: 'audit.queried',
      details: { filter: describe(filter), ...(page.before ? { before: page.before } : {}) },
    }),
  );
  const rows = await searchRecords(uc.app.db.kysely, {
    ...q,
    limit: limit + 1,
    ...(page.before ? { beforeSeq: page.before } : {}),
  });
  const records = rows.slice(0, limit).map(presentRecord);
  const names = await targetNames(
    uc.app.db.kysely,
    records.map((r) => ({ type: r.targetType, id: r.targetId })),
  );
  for (const r of records) {
    const name = names.get(`${r.targetType}:${r.targetId}`);
    if (name) r.targetName = name;
  }
  return { records, nextBefore: rows.length > limit ? records[records.length - 1]!.seq : null };
}

/**
 * Starts an export: audits it (with the number of records) and returns the records, newest first, read in
 * pages so a large range never sits in memory. The export's own record and anything newer are not included,
 * so the count recorded is the count delivered.
 */
export async function exportAudit(
  uc: UseCaseContext,
  filter: AuditFilter,
  format: 'csv' | 'xlsx',
): Promise<{ count: number; records: AsyncGenerator<AuditRecordView> }> {
  authorize(uc.actor, 'audit.export');
  const q = await toQuery(uc.app.db.kysely, filter);
  const { count, upTo } = await inTransaction(uc, async (trx, audit) => {
    await lockChain(trx, uc.app.db.dialect); // nothing is appended between the count and our record
    const n = await countRecords(trx, q);
    await audit({ action: 'audit.exported', details: { filter: describe(filter), format, count: n } });
    return { count: n, upTo: (await lastRecord(trx))!.seq };
  });
  const db = uc.app.db.kysely;
  async function* records(): AsyncGenerator<AuditRecordView> {
    let before = upTo;
    for (;;) {
      const rows = await searchRecords(db, { ...q, beforeSeq: before, limit: EXPORT_PAGE });
      for (const row of rows) yield presentRecord(row);
      if (rows.length < EXPORT_PAGE) return;
      before = rows[rows.length - 1]!.seq;
    }
  }
  return { count, records: records() };
}

export interface AuditedVerification {
  verdict: ChainVerdict;
  checkpoint: CheckpointRead;
}

/** Runs `shixiang audit verify` from the console; the verification and its verdict are audited. */
export async function verifyChainAudited(uc: UseCaseContext): Promise<AuditedVerification> {
  authorize(uc.actor, 'audit.read');
  const checkpoint = readNewestCheckpoint(uc.app.config, uc.app.keys.audit);
  const verdict = await verifyAuditChain(
    uc.app.db,
    uc.app.keys.audit,
    'newest' in checkpoint ? checkpoint.newest : null,
  );
  const forged = 'forgedLine' in checkpoint;
  await inTransaction(uc, (_trx, audit) =>
    audit({
      action: 'audit.verified',
      result: verdict.ok && !forged ? 'success' : 'failure',
      ...(verdict.ok ? (forged ? { reason: 'checkpoint_forged' } : {}) : { reason: verdict.reason }),
      details: verdict.ok
        ? { count: verdict.count }
        : {
            count: verdict.count,
            brokenSeq: verdict.brokenSeq,
            ...(verdict.lastMissing ? { lastMissing: verdict.lastMissing } : {}),
          },
    }),
  );
  return { verdict, checkpoint };
}
