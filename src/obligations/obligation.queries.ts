import type { UseCaseContext } from '../app/use-case.js';
import { authorize, unitOf, unitScope } from '../auth/policy.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import type { Executor } from '../db/database.js';
import { chinaDate } from '../shared/clock.js';
import { errors } from '../shared/errors.js';
import { parseStored } from '../shared/json.js';
import { deadlineStatus, describeDeadline } from '../workflow/deadline.js';
import { CHANGE_KINDS, groundLabel, type ChangeKind } from '../domain/grounds.js';
import type { CatalogueEntryRow } from '../catalogue/catalogue.table.js';
import type { ObligationRow } from '../workflow/workflow.table.js';
import {
  ACTIVE_OBLIGATION_STATUSES,
  OBLIGATION_SOURCES,
  OBLIGATION_STATUSES,
  type ObligationSource,
  type ObligationStatus,
} from './obligation.enums.js';

export interface ObligationView {
  id: string;
  unitId: string;
  unitName: string;
  itemId: string | null;
  itemName: string | null;
  taskCode: string | null;
  /** 业务办理项编码 when the item is a 业务办理项 (its 实施编码 is its parent's). */
  handlingCode: string | null;
  kind: ChangeKind;
  kindLabel: string;
  ground: string;
  groundLabel: string;
  sourceType: ObligationSource;
  sourceLabel: string;
  sourceId: string;
  summary: string;
  catalogCode: string | null;
  groundDocument: Record<string, string> | null;
  groundArisenOn: string;
  dueOn: string;
  dueProvisional: boolean;
  status: ObligationStatus;
  statusLabel: string;
  /** Working days left while open (0 = due today, negative = overdue); null otherwise or when unknown. */
  remainingWorkingDays: number | null;
  /** Still open (nobody acted) after its due day: flagged like an overdue change request. */
  overdue: boolean;
  deadlineText: string;
  changeRequestId: string | null;
  justification: string | null;
  reviewNote: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

export interface ObligationFilter {
  unitId?: string;
  /** A status, or `active` (open, in change, awaiting the centre). */
  status?: ObligationStatus | 'active';
  sourceType?: ObligationSource;
  sourceId?: string;
  itemId?: string;
  overdue?: boolean;
  limit: number;
  offset: number;
}

type Joined = ObligationRow & {
  unit_name: string;
  item_name: string | null;
  task_code: string | null;
  handling_code: string | null;
};

function baseQuery(db: Executor, uc: UseCaseContext) {
  const scope = unitScope(uc.actor);
  return db
    .selectFrom('obligations as o')
    .innerJoin('units as u', 'u.id', 'o.unit_id')
    .leftJoin('items as i', 'i.id', 'o.item_id')
    .$if(scope.kind === 'unit', (qb) => qb.where('o.unit_id', '=', unitOf(scope)))
    .$if(scope.kind === 'none', (qb) => qb.where((eb) => eb.lit(false)));
}

/** The obligations the actor may see (a unit its own, the centre and the bureau all), soonest due first. */
export async function listObligations(
  uc: UseCaseContext,
  f: ObligationFilter,
): Promise<{ rows: ObligationView[]; total: number }> {
  authorize(uc.actor, 'obligation.read');
  const db = uc.app.db.kysely;
  const today = chinaDate(uc.app.clock.now());
  const status = f.status === 'active' ? undefined : f.status;
  const base = baseQuery(db, uc)
    .$if(!!f.unitId, (qb) => qb.where('o.unit_id', '=', f.unitId!))
    .$if(f.status === 'active', (qb) => qb.where('o.status', 'in', [...ACTIVE_OBLIGATION_STATUSES]))
    .$if(!!status, (qb) => qb.where('o.status', '=', status!))
    .$if(!!f.sourceType, (qb) => qb.where('o.source_type', '=', f.sourceType!))
    .$if(!!f.sourceId, (qb) => qb.where('o.source_id', '=', f.sourceId!))
    .$if(!!f.itemId, (qb) => qb.where('o.item_id', '=', f.itemId!))
    .$if(f.overdue === true, (qb) => qb.where('o.status', '=', 'open').where('o.due_on', '<', today));
  const [rows, count] = await Promise.all([
    base
      .selectAll('o')
      .select([
        'u.name as unit_name',
        'i.name as item_name',
        'i.task_code as task_code',
        'i.handling_code as handling_code',
      ])
      .orderBy('o.due_on')
      .orderBy('u.name')
      .orderBy('o.created_at')
      .orderBy('o.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const cal = await loadCalendar(uc.app.db);
  return { rows: rows.map((r) => presentObligation(r, cal, today)), total: Number(count.n) };
}

export async function getObligation(uc: UseCaseContext, id: string): Promise<ObligationView> {
  authorize(uc.actor, 'obligation.read');
  const row = await findObligation(uc.app.db.kysely, uc, id);
  if (!row) throw errors.notFound('调整义务');
  return presentObligation(row, await loadCalendar(uc.app.db), chinaDate(uc.app.clock.now()));
}

/** The joined row within the actor's scope (another unit's obligation is "not found"). */
export async function findObligation(db: Executor, uc: UseCaseContext, id: string): Promise<Joined | undefined> {
  return baseQuery(db, uc)
    .selectAll('o')
    .select([
      'u.name as unit_name',
      'i.name as item_name',
      'i.task_code as task_code',
      'i.handling_code as handling_code',
    ])
    .where('o.id', '=', id)
    .executeTakeFirst();
}

export function presentObligation(
  r: Joined,
  cal: Awaited<ReturnType<typeof loadCalendar>>,
  today: string,
): ObligationView {
  const open = r.status === 'open';
  const status = deadlineStatus(cal, today, r.due_on);
  const provisional = r.due_provisional === 1;
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    itemId: r.item_id,
    itemName: r.item_name,
    taskCode: r.task_code,
    handlingCode: r.handling_code || null,
    kind: r.kind,
    kindLabel: CHANGE_KINDS[r.kind] ?? r.kind,
    ground: r.ground,
    groundLabel: groundLabel(r.ground),
    sourceType: r.source_type,
    sourceLabel: OBLIGATION_SOURCES[r.source_type] ?? r.source_type,
    sourceId: r.source_id,
    summary: r.summary,
    catalogCode: r.catalog_code,
    groundDocument: r.ground_document ? parseStored(r.ground_document) : null,
    groundArisenOn: r.ground_arisen_on,
    dueOn: r.due_on,
    dueProvisional: provisional,
    status: r.status,
    statusLabel: OBLIGATION_STATUSES[r.status] ?? r.status,
    remainingWorkingDays: open ? status.remaining : null,
    overdue: open && status.overdue,
    deadlineText: open ? describeDeadline(status, provisional) : (OBLIGATION_STATUSES[r.status] ?? r.status),
    changeRequestId: r.change_request_id,
    justification: r.justification,
    reviewNote: r.review_note,
    resolvedAt: r.resolved_at,
    createdAt: r.created_at,
  };
}

/** The base-catalogue entry in force for a 基本编码 (an "add" obligation for it creates a claimed item). */
export function activeCatalogueEntry(db: Executor, code: string): Promise<CatalogueEntryRow | undefined> {
  return db
    .selectFrom('catalogue_entries')
    .selectAll()
    .where('catalog_code', '=', code)
    .where('status', '=', 'active')
    .executeTakeFirst();
}
