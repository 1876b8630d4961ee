import { randomBytes } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize } from '../auth/policy.js';
import { sm3Hex } from '../crypto/sm.js';
import type { Config } from '../config/config.js';
import type { Trx } from '../db/database.js';
import { literalTargetProblem } from '../security/outbound-http.js';
import { findUnit } from '../units/unit.repository.js';
import { isCodeOf } from '../domain/enums.js';
import { errors, type FieldIssue } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { publicCatalogue, readManifest } from './catalogue.js';
import * as repo from './channel.repository.js';
import type { ChannelRow } from './channel.table.js';
import { presentItemSummary } from './public.presenter.js';
import { readStamp } from './public.queries.js';
import { listPublicItems } from './public-documents.queries.js';
import { safeJson } from './public-response.js';
import { judge, syncContext, syncStatus, type SyncStatus } from './sync-status.js';

/**
 * Publication channels (Art. 20 同源同步): the district portal and each unit's website are registered
 * with their scope and how they keep in step (webhook, polling, own reports, the widget or a static
 * export). Each gets a report token (`sxc_…`) and, with a webhook, a signing secret; both are shown once.
 */

import { CHANNEL_KINDS, EXPECTED_SYNC } from './channel.enums.js';
export { CHANNEL_KINDS, EXPECTED_SYNC };

export interface ChannelInput {
  name: string;
  kind: string;
  unitId?: string | null;
  siteUrl?: string | null;
  webhookUrl?: string | null;
  pollUrl?: string | null;
  expectedSync: string;
  active?: boolean;
}

/** Shown once after registration or rotation. */
export interface ChannelCredentials {
  token: string;
  webhookSecret: string | null;
}

const secretAad = (id: string) => `channels.webhook_secret:${id}`;
const newToken = () => `sxc_${randomBytes(24).toString('base64url')}`;
const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;
const isHttpUrl = (u: string) => /^https?:\/\/[^\s<>"]+$/i.test(u);

async function validate(
  trx: Trx,
  config: Config,
  input: ChannelInput,
): Promise<ChannelInput & { kind: keyof typeof CHANNEL_KINDS; expectedSync: keyof typeof EXPECTED_SYNC }> {
  const issues: FieldIssue[] = [];
  const name = input.name.trim();
  if (name.length < 2 || name.length > 100) issues.push({ path: 'name', message: '请填写渠道名称（2–100 字）' });
  const kind = isCodeOf(CHANNEL_KINDS, input.kind) ? input.kind : undefined;
  const expectedSync = isCodeOf(EXPECTED_SYNC, input.expectedSync) ? input.expectedSync : undefined;
  if (!kind) issues.push({ path: 'kind', message: '请选择渠道类型' });
  if (!expectedSync) issues.push({ path: 'expectedSync', message: '请选择同步方式' });
  if (input.kind === 'unit_site' && !input.unitId) issues.push({ path: 'unitId', message: '部门网站须指定实施单位' });
  if (input.unitId && !(await findUnit(trx, input.unitId))) issues.push({ path: 'unitId', message: '实施单位不存在' });
  for (const field of ['siteUrl', 'webhookUrl', 'pollUrl'] as const) {
    const v = input[field]?.trim();
    if (v && (!isHttpUrl(v) || v.length > 2000)) issues.push({ path: field, message: '须为 http(s) 地址' });
    // The server itself requests these two: an internal address written as such is refused now (a host name
    // is checked, resolved, on every request).
    else if (v && field !== 'siteUrl') {
      const problem = literalTargetProblem(v, config.outbound.allowedCidrs);
      if (problem) issues.push({ path: field, message: problem });
    }
  }
  if (input.expectedSync === 'webhook' && !input.webhookUrl?.trim())
    issues.push({ path: 'webhookUrl', message: '同步方式为 Webhook 时须填写推送地址' });
  if (input.expectedSync === 'poll' && !input.pollUrl?.trim())
    issues.push({ path: 'pollUrl', message: '同步方式为轮询时须填写状态地址' });
  if (issues.length || !kind || !expectedSync) throw errors.validation(issues);
  const clean = (v: string | null | undefined) => v?.trim() || null;
  return {
    ...input,
    name,
    kind,
    expectedSync,
    unitId: input.unitId || null,
    siteUrl: clean(input.siteUrl),
    webhookUrl: clean(input.webhookUrl),
    pollUrl: clean(input.pollUrl),
  };
}

export async function registerChannel(
  uc: UseCaseContext,
  input: ChannelInput,
): Promise<{ channel: ChannelRow; credentials: ChannelCredentials }> {
  authorize(uc.actor, 'channel.manage');
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const v = await validate(trx, uc.app.config, input);
    const id = newId();
    const token = newToken();
    const secret = v.webhookUrl ? newSecret() : null;
    const row: ChannelRow = {
      id,
      name: v.name,
      kind: v.kind,
      unit_id: v.unitId ?? null,
      site_url: v.siteUrl ?? null,
      webhook_url: v.webhookUrl ?? null,
      webhook_secret: secret ? uc.app.fieldCrypto.encrypt(secret, secretAad(id)) : null,
      token_hash: sm3Hex(token),
      poll_url: v.pollUrl ?? null,
      expected_sync: v.expectedSync,
      active: v.active === false ? 0 : 1,
      reported_seq: null,
      reported_hash: null,
      reported_at: null,
      reported_via: null,
      drift_since: null,
      last_poll_error: null,
      created_at: now,
      created_by: uc.actor.id,
      updated_at: now,
      lock_version: 1,
    };
    await repo.insertChannel(trx, row);
    await audit({
      action: 'channel.saved',
      target: { type: 'channel', id },
      details: { name: v.name, kind: v.kind, unitId: v.unitId, webhook: !!v.webhookUrl, created: true },
    });
    return { channel: row, credentials: { token, webhookSecret: secret } };
  });
}

export async function updateChannel(
  uc: UseCaseContext,
  id: string,
  version: number,
  input: ChannelInput,
): Promise<void> {
  authorize(uc.actor, 'channel.manage');
  const now = uc.app.clock.now().toISOString();
  await inTransaction(uc, async (trx, audit) => {
    const current = await repo.findChannel(trx, id);
    if (!current) throw errors.notFound('渠道');
    const v = await validate(trx, uc.app.config, input);
    // A webhook added later needs a secret; removing the webhook drops it.
    const secret =
      v.webhookUrl && !current.webhook_secret
        ? uc.app.fieldCrypto.encrypt(newSecret(), secretAad(id))
        : v.webhookUrl
          ? current.webhook_secret
          : null;
    const ok = await repo.updateChannelIfVersion(trx, id, version, {
      name: v.name,
      kind: v.kind,
      unit_id: v.unitId ?? null,
      site_url: v.siteUrl ?? null,
      webhook_url: v.webhookUrl ?? null,
      webhook_secret: secret,
      poll_url: v.pollUrl ?? null,
      expected_sync: v.expectedSync,
      active: v.active === false ? 0 : 1,
      updated_at: now,
    });
    if (!ok) throw errors.versionConflict(current.lock_version);
    await audit({
      action: 'channel.saved',
      target: { type: 'channel', id },
      details: { name: v.name, kind: v.kind, unitId: v.unitId, webhook: !!v.webhookUrl, active: v.active !== false },
    });
  });
}

/** New report token and webhook secret (the old ones stop working at once). */
export async function rotateCredentials(uc: UseCaseContext, id: string): Promise<ChannelCredentials> {
  authorize(uc.actor, 'channel.manage');
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const current = await repo.findChannel(trx, id);
    if (!current) throw errors.notFound('渠道');
    const token = newToken();
    const secret = current.webhook_url ? newSecret() : null;
    await repo.updateChannel(trx, id, {
      token_hash: sm3Hex(token),
      webhook_secret: secret ? uc.app.fieldCrypto.encrypt(secret, secretAad(id)) : null,
      updated_at: now,
    });
    await audit({ action: 'channel.saved', target: { type: 'channel', id }, details: { credentialsRotated: true } });
    return { token, webhookSecret: secret };
  });
}

/** The webhook secret in clear (for signing); null when the channel has no webhook. */
export function webhookSecretOf(app: AppContext, ch: Pick<ChannelRow, 'id' | 'webhook_secret'>): string | null {
  return ch.webhook_secret ? app.fieldCrypto.decrypt(ch.webhook_secret, secretAad(ch.id)) : null;
}

export interface ChannelOverview {
  channel: repo.ChannelListRow;
  status: SyncStatus;
  pending: number;
}

export async function listChannelOverview(uc: UseCaseContext): Promise<ChannelOverview[]> {
  authorize(uc.actor, 'channel.manage');
  const db = uc.app.db.kysely;
  const [channels, pending, cat] = await Promise.all([
    repo.listChannels(db),
    repo.pendingCounts(db),
    publicCatalogue(uc.app),
  ]);
  const sync = await syncContext(
    db,
    cat,
    channels.map((c) => c.unit_id),
  );
  return Promise.all(
    channels.map(async (channel) => ({
      channel,
      status: await syncStatus(db, sync, channel),
      pending: pending.get(channel.id) ?? 0,
    })),
  );
}

export async function getChannelOverview(uc: UseCaseContext, id: string) {
  authorize(uc.actor, 'channel.manage');
  const db = uc.app.db.kysely;
  const channel = await repo.findChannel(db, id);
  if (!channel) throw errors.notFound('渠道');
  const sync = await syncContext(db, await publicCatalogue(uc.app), [channel.unit_id]);
  const deliveries = await repo.recentDeliveries(db, id, 20);
  const attempts = await repo.attemptsOf(
    db,
    deliveries.map((d) => d.id),
  );
  return { channel, status: await syncStatus(db, sync, channel), deliveries, attempts };
}

/**
 * A channel tells us which publication it shows (POST with its token) or we polled it: the report is
 * stored and judged at once; `drift_since` keeps the time of the first report of the current drift.
 */
export async function recordChannelReport(
  app: AppContext,
  channel: ChannelRow,
  report: { seq: number; hash: string },
  via: 'report' | 'poll',
): Promise<SyncStatus> {
  const db = app.db.kysely;
  const now = app.clock.now().toISOString();
  const sync = await syncContext(db, await publicCatalogue(app), [channel.unit_id]);
  const verdict = judge(sync, { unit_id: channel.unit_id, reported_seq: report.seq, reported_hash: report.hash });
  // The same report as the one that drifted is still that drift, even when a publication since makes its
  // sequence look merely behind (a polled channel repeats its report every few minutes).
  const sameReport =
    !!channel.drift_since && channel.reported_seq === report.seq && channel.reported_hash === report.hash;
  const patch = {
    reported_seq: report.seq,
    reported_hash: report.hash,
    reported_at: now,
    reported_via: via,
    last_poll_error: null,
    drift_since:
      verdict.state === 'current' ? null : sameReport ? channel.drift_since : verdict.state === 'drifted' ? now : null,
  };
  await repo.updateChannel(db, channel.id, patch);
  return syncStatus(db, sync, { ...channel, ...patch });
}

export async function channelByToken(app: AppContext, token: string): Promise<ChannelRow | undefined> {
  if (!token.startsWith('sxc_')) return undefined;
  const row = await repo.findChannelByTokenHash(app.db.kysely, sm3Hex(token));
  return row?.active ? row : undefined;
}

/**
 * 重新推送: queue the channel's whole current state (its scope's manifest and item summaries) as one
 * signed delivery, for a site that lost data or drifted.
 */
export async function repushChannel(uc: UseCaseContext, id: string): Promise<void> {
  authorize(uc.actor, 'channel.manage');
  const app = uc.app;
  const now = app.clock.now().toISOString();
  await inTransaction(uc, async (trx, audit) => {
    const channel = await repo.findChannel(trx, id);
    if (!channel) throw errors.notFound('渠道');
    if (!channel.webhook_url)
      throw errors.invalidState('该渠道未配置 Webhook 推送地址，无法重新推送；请通知其重新读取公开接口或导出文件');
    const stamp = await readStamp(trx);
    const manifest = await readManifest(trx, channel.unit_id, stamp.seq);
    const scope = await listPublicItems(trx, { unitId: channel.unit_id ?? undefined }, 0, Math.max(manifest.count, 1));
    const items = scope.rows.map((i) => presentItemSummary(i, app.config.http.publicBaseUrl));
    const deliveryId = newId();
    const payload = safeJson({
      event: 'repush',
      delivery: deliveryId,
      seq: stamp.seq,
      catalogue: manifest,
      items,
      sentBy: 'centre',
    });
    await repo.insertDelivery(trx, {
      id: deliveryId,
      channel_id: id,
      event: 'repush',
      seq: stamp.seq,
      payload,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      last_attempt_at: null,
      last_status_code: null,
      last_error: null,
      delivered_at: null,
      created_at: now,
    });
    await audit({
      action: 'channel.repushed',
      target: { type: 'channel', id },
      details: { seq: stamp.seq, items: manifest.count },
    });
  });
}
