import type { ExpressionBuilder } from 'kysely';
import type { UseCaseContext } from '../app/use-case.js';
import type { Database } from '../db/schema.js';
import { authorize, unitScope, scopedUnitId } from '../auth/policy.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import { chinaDate } from '../shared/clock.js';
import { errors } from '../shared/errors.js';
import { parseStored } from '../shared/json.js';
import { deadlineStatus, describeDeadline } from './deadline.js';
import { CHANGE_KINDS, groundLabel, isChangeRequestStatus, type ChangeKind } from '../domain/grounds.js';
import type { ChangeRequestRow } from './workflow.table.js';

export interface ChangeRequestView {
  id: string;
  unitId: string;
  unitName: string;
  itemId: string | null;
  itemName: string | null;
  kind: ChangeKind;
  kindLabel: string;
  ground: string;
  groundLabel: string;
  groundExplanation: string | null;
  groundDocument: Record<string, string> | null;
  groundArisenOn: string;
  dueOn: string;
  dueProvisional: boolean;
  status: string;
  /** Working days left (0 = due today, negative = overdue); null when the calendar cannot say. */
  remainingWorkingDays: number | null;
  overdue: boolean;
  /** Submitted after the deadline, or still not submitted past it (Art. 19 / 23). */
  late: boolean;
  deadlineText: string;
  firstSubmittedAt: string | null;
  completedAt: string | null;
  obligationId: string | null;
  summary: string | null;
  createdAt: string;
  /** Merge/split: the items involved, with the item's workflow state (detail only; empty in lists). */
  lineage: Array<{ itemId: string; role: string; name: string; state?: string }>;
  /**
   * The request's working versions the unit still has to submit (draft or returned): a request stays
   * `submitted` from its first submission (Art. 19 counts from it), but a version withdrawn to draft, or
   * a merge/split whose other items are still drafts, is not 审核中.
   */
  awaitingSubmission: number;
}

export interface ChangeListFilter {
  unitId?: string;
  status?: string;
  overdue?: boolean;
  itemId?: string;
  limit: number;
  offset: number;
}

/** Working versions of the request that the unit still holds (the item's current draft, draft or returned). */
function awaitingSubmission(eb: ExpressionBuilder<Database & { cr: Database['change_requests'] }, 'cr'>) {
  return eb
    .selectFrom('item_versions as wv')
    .innerJoin('items as wi', 'wi.draft_version_id', 'wv.id')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('wv.change_request_id', '=', 'cr.id')
    .where('wv.state', 'in', ['draft', 'returned'])
    .as('awaiting_submission');
}

export async function listChangeRequests(
  uc: UseCaseContext,
  f: ChangeListFilter,
): Promise<{ rows: ChangeRequestView[]; total: number }> {
  authorize(uc.actor, 'change.read');
  const scope = unitScope(uc.actor);
  const db = uc.app.db.kysely;
  const today = chinaDate(uc.app.clock.now());
  const base = db
    .selectFrom('change_requests as cr')
    .innerJoin('units as u', 'u.id', 'cr.unit_id')
    .leftJoin('items as i', 'i.id', 'cr.item_id')
    .$if(scope.kind === 'unit', (qb) => qb.where('cr.unit_id', '=', scopedUnitId(scope)!))
    .$if(scope.kind === 'none', (qb) => qb.where((eb) => eb.lit(false)))
    .$if(!!f.unitId, (qb) => qb.where('cr.unit_id', '=', f.unitId!))
    .$if(!!f.itemId, (qb) => qb.where('cr.item_id', '=', f.itemId!))
    // An unknown status matches nothing, as the plain comparison did.
    .$if(!!f.status, (qb) =>
      f.status && isChangeRequestStatus(f.status)
        ? qb.where('cr.status', '=', f.status)
        : qb.where((eb) => eb.lit(false)),
    )
    .$if(f.overdue === true, (qb) => qb.where('cr.status', '=', 'open').where('cr.due_on', '<', today));
  const [rows, count] = await Promise.all([
    base
      .selectAll('cr')
      .select(['u.name as unit_name', 'i.name as item_name'])
      .select((eb) => awaitingSubmission(eb))
      .orderBy('cr.due_on')
      .orderBy('cr.created_at')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const cal = await loadCalendar(uc.app.db);
  return { rows: rows.map((r) => present(r, cal, today, [])), total: Number(count.n) };
}

export async function getChangeRequest(uc: UseCaseContext, id: string): Promise<ChangeRequestView> {
  authorize(uc.actor, 'change.read');
  const scope = unitScope(uc.actor);
  const db = uc.app.db.kysely;
  const row = await db
    .selectFrom('change_requests as cr')
    .innerJoin('units as u', 'u.id', 'cr.unit_id')
    .leftJoin('items as i', 'i.id', 'cr.item_id')
    .selectAll('cr')
    .select(['u.name as unit_name', 'i.name as item_name'])
    .select((eb) => awaitingSubmission(eb))
    .where('cr.id', '=', id)
    .$if(scope.kind === 'unit', (qb) => qb.where('cr.unit_id', '=', scopedUnitId(scope)!))
    .executeTakeFirst();
  if (!row || scope.kind === 'none') throw errors.notFound('调整申请');
  const lineage = await db
    .selectFrom('change_request_items as l')
    .innerJoin('items as i', 'i.id', 'l.item_id')
    .select(['l.item_id as itemId', 'l.role', 'i.name', 'i.workflow_state as state'])
    .where('l.change_request_id', '=', id)
    .execute();
  return present(row, await loadCalendar(uc.app.db), chinaDate(uc.app.clock.now()), lineage);
}

function present(
  r: ChangeRequestRow & { unit_name: string; item_name: string | null; awaiting_submission: number | string | null },
  cal: Awaited<ReturnType<typeof loadCalendar>>,
  today: string,
  lineage: ChangeRequestView['lineage'],
): ChangeRequestView {
  const open = r.status === 'open';
  const status = deadlineStatus(cal, today, r.due_on);
  const submittedOn = r.first_submitted_at ? chinaDate(new Date(r.first_submitted_at)) : null;
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    itemId: r.item_id,
    itemName: r.item_name,
    kind: r.kind,
    kindLabel: CHANGE_KINDS[r.kind] ?? r.kind,
    ground: r.ground,
    groundLabel: groundLabel(r.ground),
    groundExplanation: r.ground_explanation,
    groundDocument: r.ground_document ? parseStored(r.ground_document) : null,
    groundArisenOn: r.ground_arisen_on,
    dueOn: r.due_on,
    dueProvisional: r.due_provisional === 1,
    status: r.status,
    remainingWorkingDays: open ? status.remaining : null,
    overdue: open && status.overdue,
    late: submittedOn ? submittedOn > r.due_on : open && status.overdue,
    deadlineText: open
      ? describeDeadline(status, r.due_provisional === 1)
      : submittedOn
        ? submittedOn > r.due_on
          ? `逾期提交（${submittedOn}）`
          : `已于 ${submittedOn} 提交`
        : // Never submitted: a withdrawn request has no deadline left to meet, and there is no submission date to show.
          r.status === 'withdrawn'
          ? '已撤销，不再计算期限'
          : '未提交',
    firstSubmittedAt: r.first_submitted_at,
    completedAt: r.completed_at,
    obligationId: r.obligation_id,
    summary: r.summary,
    createdAt: r.created_at,
    lineage,
    awaitingSubmission: Number(r.awaiting_submission ?? 0),
  };
}
