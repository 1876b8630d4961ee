import type { UseCaseContext } from '../app/use-case.js';
import { authorize, can } from '../auth/policy.js';
import { errors } from '../shared/errors.js';
import { parseStored } from '../shared/json.js';
import { accountsOfUnits, type AccountToReassign } from './reorganisation.repository.js';
import { REORGANISATION_KINDS, type Move } from './reorganisation.service.js';

export interface ReorganisationView {
  id: string;
  kind: string;
  kindLabel: string;
  eventDate: string;
  explanation: string | null;
  sources: Array<{ id: string; name: string }>;
  targets: Array<{ id: string; name: string }>;
  moves: Array<Move & { toUnitName: string; dueOn: string | null; status: string | null }>;
  /** Accounts still attached to a unit that ceased (to reassign). */
  accounts: AccountToReassign[];
  createdAt: string;
}

/** A recorded reorganisation with the state of the adjustments it opened, for the centre and the 安全管理员. */
export async function getReorganisation(uc: UseCaseContext, id: string): Promise<ReorganisationView> {
  authorize(uc.actor, 'unit.read');
  const db = uc.app.db.kysely;
  const row = await db.selectFrom('unit_reorganisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('实施机构职能调整');
  const sourceIds = parseStored<string[]>(row.source_unit_ids);
  const targetIds = parseStored<string[]>(row.target_unit_ids);
  const moves = parseStored<Move[]>(row.moves);
  const units = await db
    .selectFrom('units')
    .select(['id', 'name', 'active'])
    .where('id', 'in', [...sourceIds, ...targetIds, ...moves.map((m) => m.toUnitId), ''])
    .execute();
  const name = (unitId: string) => units.find((u) => u.id === unitId)?.name ?? unitId;
  const crIds = moves.map((m) => m.changeRequestId).filter((x): x is string => !!x);
  const crs = crIds.length
    ? await db.selectFrom('change_requests').select(['id', 'due_on', 'status']).where('id', 'in', crIds).execute()
    : [];
  const ceased = units.filter((u) => sourceIds.includes(u.id) && !u.active).map((u) => u.id);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: REORGANISATION_KINDS[row.kind] ?? row.kind,
    eventDate: row.event_date,
    explanation: row.explanation,
    sources: sourceIds.map((u) => ({ id: u, name: name(u) })),
    targets: targetIds.map((u) => ({ id: u, name: name(u) })),
    moves: moves.map((m) => {
      const cr = crs.find((c) => c.id === m.changeRequestId);
      return { ...m, toUnitName: name(m.toUnitId), dueOn: cr?.due_on ?? null, status: cr?.status ?? null };
    }),
    accounts:
      can(uc.actor, 'account.manage') || can(uc.actor, 'unit.reorganise') ? await accountsOfUnits(db, ceased) : [],
    createdAt: row.created_at,
  };
}

export async function listReorganisations(
  uc: UseCaseContext,
): Promise<Array<{ id: string; kind: string; eventDate: string; createdAt: string }>> {
  authorize(uc.actor, 'unit.read');
  const rows = await uc.app.db.kysely
    .selectFrom('unit_reorganisations')
    .select(['id', 'kind', 'event_date', 'created_at'])
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, eventDate: r.event_date, createdAt: r.created_at }));
}
