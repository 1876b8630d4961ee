import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import type { AuditAction } from '../audit/actions.js';
import { authorize, unitScope } from '../auth/policy.js';
import type { Trx } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { findingsFor } from '../items/findings.js';
import * as items from '../items/item.repository.js';
import { toCheckable } from '../items/item-rows.js';
import type { ItemRow, ItemVersionRow } from '../items/item.table.js';
import { AppError, errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { parseStored } from '../shared/json.js';
import { hasBlockingErrors } from '../rules/engine.js';
import { ATTESTATION_STATEMENT, type AttestationStage } from './attestation.js';
import { insertAttestation } from './attestation.repository.js';
import { notifyRoles } from './notify.js';
import { publishVersion } from './publish.js';
import { COMMENT_REQUIRED, commentStage, transitionFor, type TransitionName } from './state-machine.js';
import {
  findChangeRequest,
  insertComments,
  lineageRole,
  unitReviewEnabled,
  updateChangeRequest,
} from './workflow.repository.js';

export interface FieldComment {
  path: string;
  comment: string;
}

export interface TransitionInput {
  /** The item `version` the actor looked at; when given and stale → 409, nothing changes. */
  version?: number;
  comment?: string;
  /** Returns: which elements are wrong and why (shown next to the fields to the clerk). */
  fieldComments?: FieldComment[];
  /** Schedule: when the verified version becomes public (ISO date-time, in the future). */
  publishAt?: string;
  /** Art. 15: the actor confirms 本单位对调整内容和依据的准确性、真实性和完整性负责 (submission, 单位审核 approval). */
  attestation?: boolean;
}

const AUDIT: Record<TransitionName, AuditAction> = {
  submit: 'item.submitted',
  submit_to_unit: 'item.submitted',
  unit_approve: 'item.unit_approved',
  unit_return: 'item.unit_returned',
  withdraw: 'item.withdrawn',
  verify: 'item.verified',
  return: 'item.returned',
  publish: 'item.published',
  schedule: 'item.scheduled',
  unschedule: 'item.unscheduled',
  publish_scheduled: 'item.published',
};

/** The steps at which the unit vouches for what it sends on (Art. 15). */
const ATTESTED: Partial<Record<TransitionName, AttestationStage>> = {
  submit: 'submission',
  submit_to_unit: 'submission',
  unit_approve: 'unit_approval',
};

/**
 * The one way a version changes state. Shape (style guide §12): load within scope → 404 → authorize →
 * guard (in the UPDATE's WHERE) → update + one audit record + notifications in one transaction.
 */
export async function transition(
  uc: UseCaseContext,
  itemId: string,
  requested: TransitionName,
  input: TransitionInput = {},
): Promise<ItemRow> {
  authorize(uc.actor, transitionFor(requested).action);
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const item = await items.findItem(trx, unitScope(uc.actor), itemId);
    if (!item) throw errors.notFound('事项');
    if (input.version !== undefined && input.version !== item.lock_version)
      throw errors.versionConflict(item.lock_version);
    const version = item.draft_version_id ? await items.findVersion(trx, item.draft_version_id) : undefined;
    if (!version) throw errors.invalidState('事项没有待处理的版本');
    const name = await resolveName(trx, item, requested);
    const t = transitionFor(name);
    if (!t.from.some((s) => s === version.state)) {
      throw errors.invalidState(`当前状态不能执行“${t.label}”`, { state: version.state });
    }
    await guard(uc, trx, item, version, name, input, now);

    const ok =
      name === 'publish' || name === 'publish_scheduled'
        ? (await publishVersion(uc.app, trx, { item, version, from: t.from, publishedBy: uc.actor.id, now })) !== null
        : await items.moveVersion(trx, version.id, t.from, t.to, stamp(name, uc.actor.id, now, input));
    if (!ok) throw errors.invalidState('状态已被他人改变，请刷新后重试');
    if (name !== 'publish' && name !== 'publish_scheduled') {
      await items.setWorkflowState(trx, item.id, t.to, now);
    }
    await recordComments(trx, uc, item, version, name, input, now);
    await afterTransition(trx, version, name, now);
    const stage = ATTESTED[name];
    const attested = stage
      ? await insertAttestation(trx, {
          itemId: item.id,
          versionId: version.id,
          stage,
          userId: uc.actor.id,
          userName: uc.actor.name,
          at: now,
        })
      : undefined;
    await audit({
      action: AUDIT[name],
      target: { type: 'item', id: item.id },
      details: {
        version: version.seq,
        from: version.state,
        to: t.to,
        comment: input.comment,
        fields: input.fieldComments?.map((c) => c.path),
        publishAt: input.publishAt,
        // The record's own time is the attestation's time; the statement and who made it are what Art. 15 asks to keep.
        ...(attested ? { attestation: { statement: attested.statement, name: attested.user_name } } : {}),
      },
    });
    await notify(trx, item, name, now, input, !!uc.app.config.mail.smtpUrl);
    return (await items.findItem(trx, { kind: 'all' }, item.id))!;
  });
}

/** "submit" goes through the unit's own reviewer when the unit has enabled that step. */
async function resolveName(trx: Trx, item: ItemRow, requested: TransitionName): Promise<TransitionName> {
  if (requested !== 'submit') return requested;
  return (await unitReviewEnabled(trx, item.unit_id)) ? 'submit_to_unit' : 'submit';
}

async function guard(
  uc: UseCaseContext,
  trx: Trx,
  item: ItemRow,
  version: ItemVersionRow,
  name: TransitionName,
  input: TransitionInput,
  now: string,
): Promise<void> {
  // Art. 15: the unit answers for what it sends on, so the person sending it says so each time (API and console alike).
  if (ATTESTED[name] && input.attestation !== true) {
    throw errors.field(
      'attestation',
      `${name === 'unit_approve' ? '审核通过' : '提交'}时须确认“${ATTESTATION_STATEMENT}”（第十五条）：请传 attestation: true`,
    );
  }
  if (COMMENT_REQUIRED.includes(name) && !input.comment?.trim() && !input.fieldComments?.length) {
    throw errors.field('comment', '退回时必须填写意见（可针对具体要素）');
  }
  if (name === 'submit' || name === 'submit_to_unit') {
    if (item.life_state === 'cancelled') throw errors.invalidState('事项已取消');
    if (item.published_version_id && !version.change_request_id) {
      throw errors.invalidState('已发布事项的调整须通过调整申请（新增/变更/取消）提交，请先发起调整申请');
    }
    const findings = await findingsFor(
      trx,
      uc.app.config,
      toCheckable(item),
      parseStored<ItemContent>(version.content),
    );
    if (hasBlockingErrors(findings.findings) && !(await retiresItem(trx, item, version))) {
      throw new AppError('RULE_VIOLATION', `事项有 ${findings.summary.errors} 处错误，修正后才能提交`, {
        details: { findings: findings.findings.filter((f) => f.severity === 'error' && !f.overridden) },
      });
    }
  }
  if (
    (name === 'unit_approve' || name === 'unit_return' || name === 'verify') &&
    version.submitted_by &&
    version.submitted_by === uc.actor.id
  ) {
    throw errors.forbidden('不能审核本人提交的事项');
  }
  // Art. 8 at verification too: the catalogue may have changed since submission (a code it no longer holds).
  if (name === 'verify' && !(await retiresItem(trx, item, version))) {
    const unknown = (
      await findingsFor(trx, uc.app.config, toCheckable(item), parseStored<ItemContent>(version.content))
    ).findings.filter((f) => f.rule === 'legal.catalogue-code-known');
    if (unknown.length) throw new AppError('RULE_VIOLATION', unknown[0]!.message, { details: { findings: unknown } });
  }
  if ((name === 'publish' || name === 'publish_scheduled') && item.life_state === 'suspended')
    throw errors.invalidState('事项已暂停，请先恢复');
  if (name === 'schedule') {
    if (!input.publishAt || Number.isNaN(Date.parse(input.publishAt)))
      throw errors.field('publishAt', '请填写生效时间');
    if (new Date(input.publishAt).toISOString() <= now) throw errors.field('publishAt', '生效时间须晚于当前时间');
  }
}

/**
 * A version that takes the item out of use (取消, or the source of a 合并/拆分) is not held to the content
 * rules: an item whose 设定依据 was repealed must be cancellable although citing a repealed basis is an error.
 */
async function retiresItem(trx: Trx, item: ItemRow, version: ItemVersionRow): Promise<boolean> {
  if (!version.change_request_id) return false;
  const cr = await findChangeRequest(trx, version.change_request_id);
  if (cr?.kind === 'cancel') return true;
  return (await lineageRole(trx, version.change_request_id, item.id)) === 'source';
}

function stamp(
  name: TransitionName,
  actorId: string | null,
  now: string,
  input: TransitionInput,
): Record<string, unknown> {
  switch (name) {
    case 'submit':
    case 'submit_to_unit':
      return { submitted_at: now, submitted_by: actorId };
    case 'verify':
      return { verified_at: now, verified_by: actorId };
    case 'schedule':
      return { publish_at: new Date(input.publishAt!).toISOString() };
    case 'unschedule':
      return { publish_at: null };
    default:
      return {};
  }
}

async function recordComments(
  trx: Trx,
  uc: UseCaseContext,
  item: ItemRow,
  version: ItemVersionRow,
  name: TransitionName,
  input: TransitionInput,
  now: string,
): Promise<void> {
  if (name !== 'return' && name !== 'unit_return' && !input.comment) return;
  const stage = commentStage(name);
  const general: Array<{ path: string | null; comment: string }> = input.comment?.trim()
    ? [{ path: null, comment: input.comment.trim() }]
    : [];
  const rows = [...general, ...(input.fieldComments ?? []).map((c) => ({ path: c.path, comment: c.comment }))].map(
    (c) => ({
      id: newId(),
      item_id: item.id,
      version_id: version.id,
      stage,
      field_path: c.path,
      comment: c.comment,
      author_id: uc.actor.id,
      author_name: uc.actor.name,
      created_at: now,
    }),
  );
  await insertComments(trx, rows);
}

/** Keeps the change request in step with its version (first submission time is what Art. 19's deadline is measured against). */
async function afterTransition(trx: Trx, version: ItemVersionRow, name: TransitionName, now: string): Promise<void> {
  if (!version.change_request_id) return;
  if (name === 'submit' || name === 'submit_to_unit') {
    const cr = await findChangeRequest(trx, version.change_request_id);
    if (cr && cr.status === 'open')
      await updateChangeRequest(trx, version.change_request_id, {
        status: 'submitted',
        first_submitted_at: cr.first_submitted_at ?? now,
      });
  }
}

async function notify(
  trx: Trx,
  item: ItemRow,
  name: TransitionName,
  now: string,
  input: TransitionInput,
  mail: boolean,
): Promise<void> {
  const link = `/console/items/${item.id}`;
  switch (name) {
    case 'submit':
    case 'unit_approve':
      await notifyRoles(
        trx,
        now,
        ['verifier'],
        undefined,
        { kind: 'submitted', title: `待核验：${item.name}`, link },
        false,
      );
      return;
    case 'submit_to_unit':
      await notifyRoles(
        trx,
        now,
        ['unit_reviewer'],
        item.unit_id,
        { kind: 'unit_review', title: `待单位审核：${item.name}`, link },
        false,
      );
      return;
    case 'return':
    case 'unit_return':
      await notifyRoles(
        trx,
        now,
        ['unit_clerk'],
        item.unit_id,
        {
          kind: 'returned',
          title: `被退回：${item.name}`,
          body: input.comment ?? '请查看字段旁的退回意见',
          link: `/console/items/${item.id}/edit`,
        },
        mail,
      );
      return;
    case 'verify':
      await notifyRoles(
        trx,
        now,
        ['publisher'],
        undefined,
        { kind: 'verified', title: `待发布：${item.name}`, link },
        false,
      );
      return;
    case 'publish':
    case 'publish_scheduled':
      await notifyRoles(
        trx,
        now,
        ['unit_clerk'],
        item.unit_id,
        { kind: 'published', title: `已发布：${item.name}`, link },
        false,
      );
      return;
    default:
      return;
  }
}
