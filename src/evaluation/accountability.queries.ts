import type { Executor } from '../db/database.js';
import { chinaDate } from '../shared/clock.js';
import type { DeadlineRecord } from './accountability.js';

/**
 * The records behind the Art. 23 report: every change request, adjustment obligation and explanation request
 * whose deadline falls in [from, to], with the day it was done and the responsible account taken from the
 * audit trail (who opened the request, who answered). Withdrawn-before-submission requests and dismissed
 * obligations had no deadline left to meet and are left out.
 */
export interface RecordFilter {
  from: string;
  to: string;
  unitId?: string;
}

const day = (iso: string | null | undefined) => (iso ? chinaDate(new Date(iso)) : null);

/** Audit actors of `action` on each target, the latest record winning (a second answer replaces the first). */
async function auditActors(
  db: Executor,
  action: string,
  ids: string[],
): Promise<Map<string, { id: string | null; name: string | null; ts: string }>> {
  const out = new Map<string, { id: string | null; name: string | null; ts: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['target_id', 'actor_id', 'actor_name', 'ts'])
      .where('action', '=', action)
      .where('result', '=', 'success')
      .where('target_id', 'in', ids.slice(i, i + 500))
      .orderBy('seq')
      .execute();
    for (const r of rows) out.set(r.target_id!, { id: r.actor_id, name: r.actor_name, ts: r.ts });
  }
  return out;
}

export async function changeRequestRecords(db: Executor, f: RecordFilter): Promise<DeadlineRecord[]> {
  const rows = await db
    .selectFrom('change_requests as cr')
    .innerJoin('units as u', 'u.id', 'cr.unit_id')
    .leftJoin('items as i', 'i.id', 'cr.item_id')
    .select([
      'cr.id',
      'cr.unit_id',
      'u.name as unit_name',
      'i.name as item_name',
      'cr.summary',
      'cr.ground_arisen_on',
      'cr.due_on',
      'cr.first_submitted_at',
      'cr.status',
    ])
    .where('cr.due_on', '>=', f.from)
    .where('cr.due_on', '<=', f.to)
    .where((eb) => eb.or([eb('cr.status', '!=', 'withdrawn'), eb('cr.first_submitted_at', 'is not', null)]))
    .$if(!!f.unitId, (qb) => qb.where('cr.unit_id', '=', f.unitId!))
    .execute();
  const actors = await auditActors(
    db,
    'change.created',
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    kind: 'change_request',
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    title: r.item_name ?? r.summary ?? '（新增事项）',
    arisenOn: r.ground_arisen_on,
    dueOn: r.due_on,
    doneOn: day(r.first_submitted_at),
    responsibleId: actors.get(r.id)?.id ?? null,
    responsibleName: actors.get(r.id)?.name ?? null,
  }));
}

/**
 * An obligation is done when the unit answered it: by the change request attached to it (on the day that request
 * was first submitted) or by a "no change needed" explanation still standing (not rejected by the centre).
 */
export async function obligationRecords(db: Executor, f: RecordFilter): Promise<DeadlineRecord[]> {
  const rows = await db
    .selectFrom('obligations as o')
    .innerJoin('units as u', 'u.id', 'o.unit_id')
    .leftJoin('items as i', 'i.id', 'o.item_id')
    .leftJoin('change_requests as cr', 'cr.id', 'o.change_request_id')
    .select([
      'o.id',
      'o.unit_id',
      'u.name as unit_name',
      'i.name as item_name',
      'o.summary',
      'o.ground_arisen_on',
      'o.due_on',
      'o.status',
      'o.change_request_id',
      'cr.first_submitted_at',
    ])
    .where('o.due_on', '>=', f.from)
    .where('o.due_on', '<=', f.to)
    .where('o.status', '!=', 'dismissed')
    .$if(!!f.unitId, (qb) => qb.where('o.unit_id', '=', f.unitId!))
    .execute();
  const answers = await auditActors(
    db,
    'obligation.resolved',
    rows.filter((r) => !r.change_request_id).map((r) => r.id),
  );
  const requesters = await auditActors(
    db,
    'change.created',
    rows.flatMap((r) => (r.change_request_id ? [r.change_request_id] : [])),
  );
  return rows.map((r) => {
    const viaChange = r.change_request_id ? requesters.get(r.change_request_id) : undefined;
    const noChange = !r.change_request_id && r.status !== 'open' ? answers.get(r.id) : undefined;
    const who = viaChange ?? noChange;
    return {
      kind: 'obligation',
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      title: r.item_name ? `${r.item_name}：${r.summary}` : r.summary,
      arisenOn: r.ground_arisen_on,
      dueOn: r.due_on,
      doneOn: r.change_request_id ? day(r.first_submitted_at) : day(noChange?.ts),
      responsibleId: who?.id ?? null,
      responsibleName: who?.name ?? null,
    };
  });
}

export async function explanationRecords(db: Executor, f: RecordFilter): Promise<DeadlineRecord[]> {
  const rows = await db
    .selectFrom('explanation_requests as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select([
      'e.id',
      'e.unit_id',
      'u.name as unit_name',
      'e.item_name',
      'e.tracking_no',
      'e.created_at',
      'e.due_on',
      'e.answered_at',
    ])
    .where('e.due_on', '>=', f.from)
    .where('e.due_on', '<=', f.to)
    .$if(!!f.unitId, (qb) => qb.where('e.unit_id', '=', f.unitId!))
    .execute();
  const actors = await auditActors(
    db,
    'explanation.answered',
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    kind: 'explanation',
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    title: `${r.item_name}（${r.tracking_no}）`,
    arisenOn: day(r.created_at)!,
    dueOn: r.due_on,
    doneOn: day(r.answered_at),
    responsibleId: actors.get(r.id)?.id ?? null,
    responsibleName: actors.get(r.id)?.name ?? null,
  }));
}
