import type { Audit, UseCaseContext } from '../app/use-case.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import type { Trx } from '../db/database.js';
import { newId } from '../shared/ids.js';
import { canonicalJson } from '../shared/json.js';
import type { GroundDocument } from '../workflow/change-request.service.js';
import { deadlineFor, type Deadline } from '../workflow/deadline.js';
import { CHANGE_KINDS, type Ground } from '../domain/grounds.js';
import { notifyRoles } from '../workflow/notify.js';
import type { ObligationRow } from '../workflow/workflow.table.js';
import type { ObligationSource } from './obligation.enums.js';
import { insertObligations } from './obligation.repository.js';

/** One obligation to open: who must act on what, and why. */
export interface ObligationSpec {
  unitId: string;
  /** The item to change or cancel; null for "add an item" obligations of a unit. */
  itemId: string | null;
  kind: 'add' | 'change' | 'cancel';
  ground: Ground;
  summary: string;
  catalogCode?: string | null;
}

export interface ObligationOrigin {
  type: ObligationSource;
  id: string;
  /** Shown in notifications: 《…》废止, 国发〔…〕… */
  title: string;
  groundArisenOn: string;
  groundDocument: GroundDocument;
}

/**
 * The Art. 19 deadline of obligations whose ground arose on `groundArisenOn` (N working days, config
 * `deadlines`). Computed before the transaction opens: the calendar is read through the root handle.
 */
export async function obligationDeadline(uc: UseCaseContext, groundArisenOn: string): Promise<Deadline> {
  const { adjustmentWorkingDays, countGroundDay } = uc.app.config.deadlines;
  return deadlineFor(await loadCalendar(uc.app.db), groundArisenOn, adjustmentWorkingDays, countGroundDay);
}

/**
 * Inserts the obligations of one source in the caller's transaction, one audit record each, and notifies
 * the clerks of every unit concerned once (in-app and e-mail).
 */
export async function openObligations(
  uc: UseCaseContext,
  trx: Trx,
  audit: Audit,
  source: ObligationOrigin,
  deadline: Deadline,
  specs: readonly ObligationSpec[],
): Promise<ObligationRow[]> {
  const now = uc.app.clock.now().toISOString();
  const rows: ObligationRow[] = specs.map((s) => ({
    id: newId(),
    unit_id: s.unitId,
    item_id: s.itemId,
    kind: s.kind,
    ground: s.ground,
    source_type: source.type,
    source_id: source.id,
    summary: s.summary.slice(0, 1000),
    ground_arisen_on: source.groundArisenOn,
    due_on: deadline.dueOn,
    due_provisional: deadline.provisional ? 1 : 0,
    status: 'open',
    change_request_id: null,
    justification: null,
    resolved_at: null,
    resolved_by: null,
    created_at: now,
    catalog_code: s.catalogCode ?? null,
    ground_document: canonicalJson(source.groundDocument),
    review_note: null,
  }));
  await insertObligations(trx, rows);
  for (const o of rows) {
    await audit({
      action: 'obligation.opened',
      target: { type: 'obligation', id: o.id },
      after: o,
      details: {
        unitId: o.unit_id,
        itemId: o.item_id,
        kind: o.kind,
        ground: o.ground,
        sourceType: o.source_type,
        sourceId: o.source_id,
        dueOn: o.due_on,
      },
    });
  }
  const perUnit = new Map<string, number>();
  for (const o of rows) perUnit.set(o.unit_id, (perUnit.get(o.unit_id) ?? 0) + 1);
  for (const [unitId, n] of perUnit) {
    await notifyRoles(
      trx,
      now,
      ['unit_clerk'],
      unitId,
      {
        kind: 'obligation',
        title: `新的调整义务 ${n} 项：${source.title}`,
        body: `请于 ${deadline.dueOn}${deadline.provisional ? '（暂定）' : ''}前完成${[...new Set(rows.filter((o) => o.unit_id === unitId).map((o) => CHANGE_KINDS[o.kind] ?? o.kind))].join('、')}调整，或说明无需调整的理由（第十九条）。`,
        link: `/console/obligations?sourceId=${encodeURIComponent(source.id)}`,
        dedupeKey: `obligation:${source.type}:${source.id}:${unitId}`,
      },
      !!uc.app.config.mail.smtpUrl,
    );
  }
  return rows;
}
