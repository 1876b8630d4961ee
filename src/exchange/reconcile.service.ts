import type { Writable } from 'node:stream';
import { excel } from '../shared/excel.js';
import { inTransaction, type UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import { sm3Hex } from '../crypto/sm.js';
import type { ItemContent } from '../domain/item-content.js';
import { diffContent } from '../items/diff.js';
import { canonicalJson } from '../shared/json.js';
import { newId } from '../shared/ids.js';
import { errors } from '../shared/errors.js';
import { chinaDate } from '../shared/clock.js';
import { findItemByCode } from '../items/item.repository.js';
import type { Deadline } from '../workflow/deadline.js';
import {
  type CreateChangeRequestInput,
  insertChangeRequest,
  prepareChangeRequest,
} from '../workflow/change-request.service.js';
import { itemKey, type AssembledItem } from './assemble.js';
import { exportRows, type ExportRow } from './exchange.queries.js';
import { importItems, readImportFiles, type ImportFile, type ImportReport } from './import.service.js';
import { itemsFromNational, nationalDocument } from './national.js';
import { normalizeContent } from './normalize.js';
import { ProblemList, type Problem } from './problems.js';
import { listDecisions, saveDecision } from './reconcile.repository.js';

/**
 * 对账: this catalogue's public versions against the provincial system's export of the same jurisdiction (the
 * template or the national layout), per unit: items only here, items only there, and element-by-element
 * differences. Each difference can be decided on — adopt theirs (through the import, with all its checks),
 * keep ours (a change request to the upper level is then due), or mark a known divergence — and a decided
 * element stays out of the next report until the province's value changes again.
 */

export const DECISIONS = {
  known_divergence: '已知差异（保留）',
  keep_ours: '保留本系统（向上级提出调整）',
  adopted: '已采用省级',
} as const;
export type Decision = keyof typeof DECISIONS;

export interface ElementDifference {
  path: string;
  ours: unknown;
  theirs: unknown;
}

export interface ReconcileEntry {
  kind: 'only_here' | 'only_there' | 'different';
  taskCode: string;
  handlingCode: string;
  name: string;
  differences: ElementDifference[];
}

export interface ReconcileUnit {
  uscc: string;
  name: string;
  entries: ReconcileEntry[];
}

export interface ReconcileReport {
  problems: Problem[];
  problemTotal: number;
  units: ReconcileUnit[];
  totals: { onlyHere: number; onlyThere: number; different: number; decided: number };
}

const hashOf = (value: unknown) => sm3Hex(canonicalJson(value ?? null));

/** What the national layout keeps of our content (it is lossy), so only real differences show. */
function throughNational(row: ExportRow): ItemContent {
  return itemsFromNational(nationalDocument([row], '', '')).items[0]!.content;
}

export async function reconcile(uc: UseCaseContext, file: ImportFile): Promise<ReconcileReport> {
  authorize(uc.actor, 'exchange.reconcile');
  const problems = new ProblemList();
  const { format, items } = await readImportFiles([file], problems, uc.app.config.catalogCodeLengths);
  const theirs = new Map<string, AssembledItem>(items.map((a) => [itemKey(a.item.taskCode, a.item.handlingCode), a]));
  const decisions = new Map(
    (await listDecisions(uc.app.db.kysely)).map((d) => [`${d.task_code}/${d.handling_code}#${d.path}`, d]),
  );
  const units = new Map<string, ReconcileUnit>();
  const unitOf = (uscc: string, name: string) =>
    units.get(uscc) ?? units.set(uscc, { uscc, name, entries: [] }).get(uscc)!;
  const totals = { onlyHere: 0, onlyThere: 0, different: 0, decided: 0 };
  for await (const row of exportRows(uc.app.db.kysely, unitScope(uc.actor), { version: 'published' })) {
    const key = itemKey(row.taskCode, row.handlingCode);
    const other = theirs.get(key);
    theirs.delete(key);
    const base = { taskCode: row.taskCode, handlingCode: row.handlingCode ?? '', name: row.content.name };
    if (!other) {
      unitOf(row.unitUscc, row.unitName).entries.push({ kind: 'only_here', ...base, differences: [] });
      totals.onlyHere++;
      continue;
    }
    const ours = normalizeContent(format === 'national' ? throughNational(row) : row.content);
    const differences = diffContent(ours, normalizeContent(other.item.content))
      .map((c) => ({ path: c.path, ours: c.before, theirs: c.after }))
      .filter((d) => {
        const decided = decisions.get(`${key}#${d.path}`);
        if (decided && decided.theirs_hash === hashOf(d.theirs)) {
          totals.decided++;
          return false;
        }
        return true;
      });
    if (differences.length) {
      unitOf(row.unitUscc, row.unitName).entries.push({ kind: 'different', ...base, differences });
      totals.different++;
    }
  }
  for (const { item } of theirs.values()) {
    const uscc = item.taskCode.slice(0, 18);
    unitOf(uscc, uscc).entries.push({
      kind: 'only_there',
      taskCode: item.taskCode,
      handlingCode: item.handlingCode ?? '',
      name: item.content.name,
      differences: [],
    });
    totals.onlyThere++;
  }
  return {
    problems: problems.items,
    problemTotal: problems.total,
    units: [...units.values()].filter((u) => u.entries.length).sort((a, b) => a.uscc.localeCompare(b.uscc)),
    totals,
  };
}

export interface DecisionInput {
  taskCode: string;
  handlingCode: string;
  path: string;
  decision: Exclude<Decision, 'adopted'>;
  theirs: unknown;
  note?: string;
}

/**
 * Keep ours / known divergence on one element: recorded (with the audit trail) and left out of later reports.
 * Keep ours also opens a 变更 change request on the item (事由 第十八条第（四）项, explained as this
 * reconciliation) in the same transaction, so the unit's working copy goes through review and publication
 * and the upper level is asked to adjust; returns its id.
 */
export async function decideDifference(
  uc: UseCaseContext,
  input: DecisionInput,
): Promise<{ changeRequestId?: string }> {
  authorize(uc.actor, 'exchange.reconcile');
  const now = uc.app.clock.now().toISOString();
  const keep = input.decision === 'keep_ours' ? await keepOursRequest(uc, input) : undefined;
  return inTransaction(uc, async (trx, audit) => {
    await saveDecision(trx, {
      id: newId(),
      task_code: input.taskCode,
      handling_code: input.handlingCode,
      path: input.path,
      decision: input.decision,
      theirs_hash: hashOf(input.theirs),
      note: input.note ?? null,
      decided_by: uc.actor.id,
      decided_at: now,
    });
    const cr = keep ? await insertChangeRequest(uc, trx, audit, keep.input, keep.deadline) : undefined;
    await audit({
      action: 'exchange.reconciled',
      target: { type: 'item_code', id: `${input.taskCode}${input.handlingCode ? `/${input.handlingCode}` : ''}` },
      details: {
        path: input.path,
        decision: input.decision,
        note: input.note,
        ...(cr ? { changeRequestId: cr.id } : {}),
      },
    });
    return cr ? { changeRequestId: cr.id } : {};
  });
}

/** The 变更 request behind a keep-ours decision, checked (deadline computed) before the transaction. */
async function keepOursRequest(
  uc: UseCaseContext,
  input: DecisionInput,
): Promise<{ input: CreateChangeRequestInput; deadline: Deadline }> {
  const item = await findItemByCode(uc.app.db.kysely, input.taskCode, input.handlingCode);
  if (!item?.published_version_id) throw errors.field('taskCode', '本系统没有该事项的已发布版本，无法提出调整申请');
  const request: CreateChangeRequestInput = {
    kind: 'change',
    itemId: item.id,
    ground: 'art18.4',
    groundArisenOn: chinaDate(uc.app.clock.now()),
    groundExplanation: `与省级事项动态管理系统对账，要素「${input.path}」保留本系统内容，须向上级提出调整${input.note ? `：${input.note}` : ''}`,
    summary: `对账保留本系统：${input.path}`,
  };
  return { input: request, deadline: await prepareChangeRequest(uc, request) };
}

/**
 * Adopt theirs: the provincial version of one item goes through the import (a new item as a draft, or the
 * working draft revised; a published item needs a change request first, as the import reports).
 */
export async function adoptTheirs(
  uc: UseCaseContext,
  file: ImportFile,
  taskCode: string,
  handlingCode: string,
  apply: boolean,
): Promise<ImportReport> {
  authorize(uc.actor, 'exchange.reconcile');
  const problems = new ProblemList();
  const { items } = await readImportFiles([file], problems, uc.app.config.catalogCodeLengths);
  const one = items.find((a) => a.item.taskCode === taskCode && (a.item.handlingCode ?? '') === handlingCode);
  const line = one ? JSON.stringify(one.item) : '';
  return importItems(uc, [{ name: 'adopted.jsonl', data: Buffer.from(line) }], { apply });
}

export const KIND_LABELS = { only_here: '仅本系统有', only_there: '仅省级系统有', different: '要素不同' } as const;
const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** The report as an xlsx download: one row per difference (or per item present on one side only). */
export async function writeReconcileWorkbook(stream: Writable, report: ReconcileReport): Promise<void> {
  const wb = new (excel().stream.xlsx.WorkbookWriter)({ stream, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('对账结果', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '实施单位', width: 24 },
    { header: '统一社会信用代码', width: 20 },
    { header: '实施编码', width: 34 },
    { header: '业务办理项编码', width: 14 },
    { header: '事项名称', width: 30 },
    { header: '差异类型', width: 12 },
    { header: '要素', width: 30 },
    { header: '本系统', width: 40 },
    { header: '省级系统', width: 40 },
    { header: '处理（采用省级 / 保留本系统并提出调整 / 已知差异）', width: 24 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for (const unit of report.units) {
    for (const e of unit.entries) {
      const head = [unit.name, unit.uscc, e.taskCode, e.handlingCode, e.name, KIND_LABELS[e.kind]];
      if (!e.differences.length) ws.addRow([...head, '', '', '', '']).commit();
      for (const d of e.differences) ws.addRow([...head, d.path, show(d.ours), show(d.theirs), '']).commit();
    }
  }
  await ws.commit();
  await wb.commit();
}
