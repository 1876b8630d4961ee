import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import { isIsoDate } from '../calendar/dates.js';
import type { Executor } from '../db/database.js';
import { findItem } from '../items/item.repository.js';
import { chinaDate } from '../shared/clock.js';
import { errors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { notifyRoles } from '../workflow/notify.js';
import type { SpotCheckRow } from './evaluation.table.js';
import { insertSpotCheck, moveSpotCheck } from './spot-check.repository.js';
import { findSpotCheck, type SpotCheckView } from './spot-check.queries.js';

/**
 * 监督检查 (Art. 22): the bureau records what it found on an item, the fix it requires and by when; that is a task
 * on the unit's 工作台 until the unit answers and the bureau accepts the fix (or sends it back). The fix's deadline
 * and the day of the unit's answer feed the Art. 23 accountability report.
 */
export const SPOT_CHECK_STATUSES = { open: '待整改', answered: '已答复，待验收', closed: '已验收' } as const;
export type SpotCheckStatus = keyof typeof SPOT_CHECK_STATUSES;

const MIN_TEXT = 4;
const text = (v: string | undefined, field: string, what: string) => {
  const t = (v ?? '').trim();
  if ([...t].length < MIN_TEXT) throw errors.field(field, `请填写${what}（不少于${MIN_TEXT}个字）`);
  if (t.length > 4000) throw errors.field(field, `${what}不能超过4000字`);
  return t;
};

export interface SpotCheckInput {
  itemId: string;
  findings: string;
  requiredFix: string;
  dueOn: string;
}

export async function recordSpotCheck(uc: UseCaseContext, input: SpotCheckInput): Promise<SpotCheckRow> {
  authorize(uc.actor, 'evaluation.manage');
  const findings = text(input.findings, 'findings', '检查发现的问题');
  const requiredFix = text(input.requiredFix, 'requiredFix', '整改要求');
  const today = chinaDate(uc.app.clock.now());
  if (!isIsoDate(input.dueOn)) throw errors.field('dueOn', `整改期限不是有效日期（应为 YYYY-MM-DD）：${input.dueOn}`);
  if (input.dueOn < today) throw errors.field('dueOn', '整改期限不能早于今天');
  const now = uc.app.clock.now().toISOString();
  return inTransaction(uc, async (trx, audit) => {
    const item = await findItem(trx, unitScope(uc.actor), input.itemId);
    if (!item) throw errors.field('itemId', '事项不存在');
    const row: SpotCheckRow = {
      id: newId(),
      unit_id: item.unit_id,
      item_id: item.id,
      findings,
      required_fix: requiredFix,
      checked_on: today,
      due_on: input.dueOn,
      status: 'open',
      answer: null,
      answered_at: null,
      answered_by: null,
      close_note: null,
      closed_at: null,
      closed_by: null,
      created_at: now,
      created_by: uc.actor.id,
      lock_version: 1,
    };
    await insertSpotCheck(trx, row);
    await audit({
      action: 'spotcheck.recorded',
      target: { type: 'spot_check', id: row.id },
      after: row,
      details: { itemId: item.id, dueOn: row.due_on },
    });
    await notifyRoles(
      trx,
      now,
      ['unit_clerk', 'unit_reviewer'],
      item.unit_id,
      {
        kind: 'spot_check',
        title: `监督检查整改：${item.name}（期限 ${row.due_on}）`,
        body: `${findings}\n整改要求：${requiredFix}`,
        link: `/console/spot-checks/${row.id}`,
      },
      !!uc.app.config.mail.smtpUrl,
    );
    return row;
  });
}

async function load(uc: UseCaseContext, db: Executor, id: string): Promise<SpotCheckView> {
  const row = await findSpotCheck(db, unitScope(uc.actor), id);
  if (!row) throw errors.notFound('监督检查');
  return row;
}

/** The unit says what it fixed; the task leaves its worklist and waits for the bureau. */
export async function answerSpotCheck(uc: UseCaseContext, id: string, answer: string): Promise<void> {
  authorize(uc.actor, 'spotcheck.answer');
  const t = text(answer, 'answer', '整改情况');
  const now = uc.app.clock.now().toISOString();
  await inTransaction(uc, async (trx, audit) => {
    const s = await load(uc, trx, id);
    if (
      !(await moveSpotCheck(trx, id, 'open', {
        status: 'answered',
        answer: t,
        answered_at: now,
        answered_by: uc.actor.id,
      }))
    )
      throw errors.invalidState('只有待整改的检查可以答复');
    await audit({ action: 'spotcheck.answered', target: { type: 'spot_check', id } });
    await notifyRoles(
      trx,
      now,
      ['supervisor'],
      undefined,
      {
        kind: 'spot_check',
        title: `监督检查已答复，待验收：${s.item_name}`,
        body: t,
        link: `/console/spot-checks/${id}`,
      },
      false,
    );
  });
}

/** The bureau accepts the fix (closed) or sends it back (open again, the unit's answer kept in the audit trail). */
export async function decideSpotCheck(
  uc: UseCaseContext,
  id: string,
  accept: boolean,
  note: string | undefined,
): Promise<void> {
  authorize(uc.actor, 'evaluation.manage');
  const now = uc.app.clock.now().toISOString();
  const t = accept ? (note ?? '').trim() || null : text(note, 'note', '退回理由');
  await inTransaction(uc, async (trx, audit) => {
    const s = await load(uc, trx, id);
    const patch = accept
      ? { status: 'closed', close_note: t, closed_at: now, closed_by: uc.actor.id }
      : { status: 'open', close_note: t };
    if (!(await moveSpotCheck(trx, id, 'answered', patch))) throw errors.invalidState('只有已答复的检查可以验收或退回');
    await audit({
      action: accept ? 'spotcheck.closed' : 'spotcheck.reopened',
      target: { type: 'spot_check', id },
      details: { note: t ?? undefined },
    });
    await notifyRoles(
      trx,
      now,
      ['unit_clerk', 'unit_reviewer'],
      s.unit_id,
      {
        kind: 'spot_check',
        title: accept ? `监督检查已验收：${s.item_name}` : `监督检查整改被退回：${s.item_name}`,
        body: t ?? undefined,
        link: `/console/spot-checks/${id}`,
      },
      false,
    );
  });
}

export async function getSpotCheck(uc: UseCaseContext, id: string): Promise<SpotCheckView> {
  authorize(uc.actor, 'spotcheck.read');
  return load(uc, uc.app.db.kysely, id);
}
