import type { ItemDetail } from './item.queries.js';
import type { ItemListRow } from './item.repository.js';
import type { ItemRow, ItemVersionRow } from './item.table.js';

/** Row → API shapes, in one place per entity. */
export function presentItemSummary(row: ItemRow & { unit_name: string }) {
  return {
    id: row.id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    parentId: row.parent_id,
    granularity: row.granularity,
    taskCode: row.task_code,
    handlingCode: row.handling_code,
    catalogCode: row.catalog_code,
    origin: row.origin,
    name: row.name,
    type: row.type as never,
    lifeState: row.life_state,
    workflowState: row.workflow_state,
    version: row.lock_version,
    errorCount: row.error_count,
    warningCount: row.warning_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentVersion(v: ItemVersionRow) {
  return {
    id: v.id,
    seq: v.seq,
    state: v.state,
    contentHash: v.content_hash,
    changeNote: v.change_note,
    createdAt: v.created_at,
    createdBy: v.created_by,
    updatedAt: v.updated_at,
    submittedAt: v.submitted_at,
    verifiedAt: v.verified_at,
    publishAt: v.publish_at,
    publishedAt: v.published_at,
  };
}

export function presentItemDetail(d: ItemDetail) {
  return {
    ...presentItemSummary(d.item),
    current: presentVersion(d.current),
    published: d.published ? presentVersion(d.published) : null,
    content: d.content,
    findings: d.findings.findings,
    summary: d.findings.summary,
  };
}

export const presentList = (rows: ItemListRow[]) => rows.map(presentItemSummary);
