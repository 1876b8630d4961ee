import type { UseCaseContext } from '../app/use-case.js';
import { hasRole } from '../auth/actor.js';
import { authorize, unitScope, scopedUnitId } from '../auth/policy.js';
import { overdueExplanationsByUnit } from '../explanations/explanation.repository.js';
import type { VersionState } from '../items/states.js';
import { chinaDate } from '../shared/clock.js';
import { listChangeRequests, type ChangeRequestView } from './change-request.queries.js';
import type { NotificationRow } from './workflow.table.js';
import { markNotificationsRead as markRead } from './workflow.repository.js';

export interface QueueRow {
  id: string;
  name: string;
  unitName: string;
  state: string;
  /** When the version entered its current queue (submitted, verified, scheduled). */
  since: string | null;
  publishAt: string | null;
}

export interface Worklist {
  drafts: QueueRow[];
  returned: QueueRow[];
  unitReview: QueueRow[];
  verification: QueueRow[];
  publishing: QueueRow[];
  scheduled: QueueRow[];
  changes: ChangeRequestView[];
  /** `overdue` counts everything past its deadline; `explanations` the part that is unanswered explanation requests. */
  /** Per unit: the total, and each kind apart, since each kind is listed (and drilled into) on its own page. */
  overdueByUnit: Array<{
    unitId: string;
    unitName: string;
    overdue: number;
    changes: number;
    obligations: number;
    explanations: number;
  }>;
  alerts: Array<{ id: string; message: string; createdAt: string; targetId: string | null }>;
  notifications: NotificationRow[];
}

/** Everything a person has to act on, by role (Art. 9 workflow, Art. 19 deadlines, Art. 23 overdue). */
export async function worklist(uc: UseCaseContext): Promise<Worklist> {
  authorize(uc.actor, 'inbox.read');
  const db = uc.app.db.kysely;
  const scope = unitScope(uc.actor);
  const queue = (
    states: VersionState[],
    order: 'submitted_at' | 'verified_at' | 'publish_at' | 'updated_at',
    limit = 100,
  ) =>
    db
      .selectFrom('items as i')
      .innerJoin('item_versions as v', 'v.id', 'i.draft_version_id')
      .innerJoin('units as u', 'u.id', 'i.unit_id')
      .select(['i.id', 'i.name', 'u.name as unitName', 'v.state', `v.${order} as since`, 'v.publish_at as publishAt'])
      .$if(scope.kind === 'unit', (qb) => qb.where('i.unit_id', '=', scopedUnitId(scope)!))
      .$if(scope.kind === 'none', (qb) => qb.where((eb) => eb.lit(false)))
      .where('v.state', 'in', states)
      .orderBy(`v.${order}`)
      .limit(limit)
      .execute();
  const isClerk = hasRole(uc.actor, 'unit_clerk');
  const empty: QueueRow[] = [];
  const [drafts, returned, unitReview, verification, publishing, scheduled] = await Promise.all([
    isClerk ? queue(['draft'], 'updated_at', 50) : empty,
    isClerk ? queue(['returned'], 'updated_at') : empty,
    hasRole(uc.actor, 'unit_reviewer') ? queue(['unit_review'], 'submitted_at') : empty,
    hasRole(uc.actor, 'verifier') ? queue(['submitted'], 'submitted_at') : empty,
    hasRole(uc.actor, 'publisher') ? queue(['verified'], 'verified_at') : empty,
    hasRole(uc.actor, 'publisher') ? queue(['scheduled'], 'publish_at') : empty,
  ]);
  const changes = hasRole(uc.actor, 'unit_clerk', 'unit_reviewer')
    ? (await listChangeRequests(uc, { status: 'open', limit: 50, offset: 0 })).rows
    : [];
  const overdueByUnit = hasRole(uc.actor, 'supervisor', 'verifier', 'publisher') ? await overdueCounts(uc) : [];
  const alerts = hasRole(uc.actor, 'publisher')
    ? await db
        .selectFrom('alerts')
        .select(['id', 'message', 'created_at as createdAt', 'target_id as targetId'])
        .where('resolved_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(20)
        .execute()
    : [];
  const notifications = uc.actor.id
    ? await db
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', uc.actor.id)
        .where('read_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(20)
        .execute()
    : [];
  return {
    drafts,
    returned,
    unitReview,
    verification,
    publishing,
    scheduled,
    changes,
    overdueByUnit,
    alerts,
    notifications,
  };
}

/** Open change requests, obligations and explanation requests (Art. 21) past their deadline, per unit, for the bureau (Art. 23). */
export async function overdueCounts(uc: UseCaseContext): Promise<Worklist['overdueByUnit']> {
  const today = chinaDate(uc.app.clock.now());
  const db = uc.app.db.kysely;
  const [changes, obligations, explanations] = await Promise.all([
    db
      .selectFrom('change_requests')
      .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'open')
      .where('due_on', '<', today)
      .groupBy('unit_id')
      .execute(),
    db
      .selectFrom('obligations')
      .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'open')
      .where('due_on', '<', today)
      .groupBy('unit_id')
      .execute(),
    overdueExplanationsByUnit(db, today),
  ]);
  const totals = new Map<string, number>();
  for (const r of [...changes, ...obligations, ...explanations])
    totals.set(r.unit_id, (totals.get(r.unit_id) ?? 0) + Number(r.n));
  if (!totals.size) return [];
  const byUnit = (rows: Array<{ unit_id: string; n: number | string | bigint }>) =>
    new Map(rows.map((r) => [r.unit_id, Number(r.n)]));
  const [changeCounts, obligationCounts, explanationCounts] = [
    byUnit(changes),
    byUnit(obligations),
    byUnit(explanations),
  ];
  const units = await db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('id', 'in', [...totals.keys()])
    .execute();
  return units
    .map((u) => ({
      unitId: u.id,
      unitName: u.name,
      overdue: totals.get(u.id)!,
      changes: changeCounts.get(u.id) ?? 0,
      obligations: obligationCounts.get(u.id) ?? 0,
      explanations: explanationCounts.get(u.id) ?? 0,
    }))
    .sort((a, b) => b.overdue - a.overdue);
}

export async function listNotifications(uc: UseCaseContext, limit = 100): Promise<NotificationRow[]> {
  authorize(uc.actor, 'inbox.read');
  return uc.app.db.kysely
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', uc.actor.id ?? '')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function markNotificationsRead(uc: UseCaseContext, id?: string): Promise<void> {
  authorize(uc.actor, 'inbox.read');
  await markRead(uc.app.db.kysely, uc.actor.id ?? '', uc.app.clock.now().toISOString(), id);
}
