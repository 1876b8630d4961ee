import path from 'node:path';
import { inTransaction, type Audit, type AuditMany, type UseCaseContext } from '../app/use-case.js';
import type { AuditEntry } from '../audit/audit.service.js';
import { authorize, inScope, unitScope } from '../auth/policy.js';
import type { Trx } from '../db/database.js';
import type { ItemContent } from '../domain/item-content.js';
import { diffContent, type Change } from '../items/diff.js';
import * as itemRepo from '../items/item.repository.js';
import { type CreateItemInput, insertNewItems, reviseItem } from '../items/item.service.js';
import type { ItemRow, ItemVersionRow } from '../items/item.table.js';
import { EDITABLE_STATES } from '../items/states.js';
import { findUnitByUscc } from '../units/unit.repository.js';
import { publishVersions } from '../workflow/publish.js';
import { AppError, isAppError } from '../shared/errors.js';
import { canonicalJson, parseStored } from '../shared/json.js';
import { assembleJsonLines, Assembler, itemKey, locate, type AssembledItem } from './assemble.js';
import { normalizeContent } from './normalize.js';
import { itemsFromNational, type NationalDocument } from './national.js';
import { describeProblem, ProblemList, type Problem } from './problems.js';
import {
  decodeText,
  detectFormat,
  lineCapProblem,
  MAX_FILE_BYTES,
  readCsv,
  readXlsx,
  textLines,
  type ImportFormat,
  type SheetEvent,
} from './read.js';
import { MAIN_SHEET, sheetByName } from './layout.js';

export interface ImportFile {
  name: string;
  data: Buffer;
}

export interface ImportOptions {
  /** Write (one transaction); otherwise a dry run that reports what would happen. */
  apply: boolean;
  /** Initial migration (centre only): the imported versions are published at once, recorded in the audit trail. */
  asPublished?: boolean;
  /** Called every few hundred rows (CLI progress line, upload page). */
  onProgress?: (done: number, total: number) => void;
}

export interface PlannedItem {
  taskCode: string;
  handlingCode: string;
  name: string;
  sheet: string;
  row: number;
  action: 'create' | 'change' | 'unchanged';
  changes: Change[];
}

export interface ImportReport {
  format: ImportFormat;
  files: string[];
  applied: boolean;
  asPublished: boolean;
  items: PlannedItem[];
  counts: { create: number; change: number; unchanged: number };
  problems: Problem[];
  problemTotal: number;
}

/** Signals the end of a dry run: the transaction rolls back with everything the plan wrote. */
class DryRunDone extends Error {}

const GRANULARITY_ORDER = { main: 0, sub: 1, handling: 2 } as const;

/**
 * Reads every file into items (xlsx: all sheets; CSV: the sheet its file name says; JSON Lines). Codes are
 * checked against the deployment's 基本编码 lengths (CATALOG_CODE_LENGTHS).
 */
export async function readImportFiles(
  files: readonly ImportFile[],
  problems: ProblemList,
  catalogCodeLengths?: readonly number[],
): Promise<{ format: ImportFormat; items: AssembledItem[] }> {
  const assembler = new Assembler(catalogCodeLengths);
  const jsonItems: AssembledItem[] = [];
  let format: ImportFormat = 'xlsx';
  let tabular = false;
  for (const file of files) {
    if (file.data.length > MAX_FILE_BYTES) {
      problems.add({ message: `${file.name}：文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB 上限` });
      continue;
    }
    format = detectFormat(file.name, file.data);
    const tooLong = format === 'csv' || format === 'jsonl' ? lineCapProblem(file.data) : null;
    if (tooLong) {
      problems.add({ message: `${file.name}：${tooLong}` });
      continue;
    }
    if (format === 'national') {
      jsonItems.push(...nationalItems(file.data, problems, catalogCodeLengths));
      continue;
    }
    if (format === 'jsonl') {
      for (const item of assembleJsonLines(textLines(file.data), problems, catalogCodeLengths)) jsonItems.push(item);
      continue;
    }
    const stem = path.basename(file.name).replace(/\.[^.]*$/, '');
    const events: SheetEvent[] = [];
    for await (const ev of format === 'xlsx'
      ? readXlsx(file.data)
      : readCsv(file.data, sheetByName(stem) ? stem : MAIN_SHEET))
      events.push(ev);
    if (events.some((e) => e.kind === 'sheet' && e.name === 'up_task_general_basic')) {
      format = 'national';
      jsonItems.push(
        ...nationalItems(Buffer.from(JSON.stringify(nationalFromSheets(events))), problems, catalogCodeLengths),
      );
      continue;
    }
    tabular = true;
    for (const ev of events) assembler.feed(ev);
  }
  const items = [...(tabular ? assembler.finish() : []), ...jsonItems];
  for (const p of assembler.problems.items) problems.add(p);
  problems.total += assembler.problems.total - assembler.problems.items.length;
  return { format, items };
}

/** The national layout as a workbook (one sheet per up_task_* table, field names in the header row). */
function nationalFromSheets(events: SheetEvent[]): Record<string, Record<string, unknown>[]> {
  const doc: Record<string, Record<string, unknown>[]> = {};
  let table: Record<string, unknown>[] = [];
  let headers: string[] | undefined;
  for (const ev of events) {
    if (ev.kind === 'sheet') {
      table = doc[ev.name] = [];
      headers = undefined;
    } else if (ev.kind === 'row') {
      const values = ev.values.map((v) => (v === undefined ? null : v));
      if (!headers) headers = values.map(String);
      else table.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? null])));
    }
  }
  return doc;
}

/** The province's export in the national layout: the same checks as a JSON Lines line, per basic record. */
function nationalItems(data: Buffer, problems: ProblemList, catalogCodeLengths?: readonly number[]): AssembledItem[] {
  let doc: Partial<NationalDocument>;
  try {
    doc = JSON.parse(decodeText(data).text);
  } catch {
    problems.add({ message: '不是有效的 JSON 文件' });
    return [];
  }
  const { items, problems: found } = itemsFromNational(doc);
  for (const p of found) problems.add({ sheet: p.table, row: p.index + 1, message: p.message });
  return assembleJsonLines(
    items.map((i) => JSON.stringify(i)),
    problems,
    catalogCodeLengths,
  ).map((a) => ({ ...a, source: { ...a.source, sheet: 'up_task_general_basic' } }));
}

/**
 * 批量导入 (`shixiang import`, the upload page): every file read and checked, then the items planned and
 * written in ONE transaction — created as drafts (or, for an initial migration, published), changed where
 * the content differs, left alone where it does not. A dry run goes through exactly the same steps and rolls
 * back, so what it reports is what `--apply` will do. Any problem: nothing is written.
 */
export async function importItems(
  uc: UseCaseContext,
  files: readonly ImportFile[],
  opts: ImportOptions,
): Promise<ImportReport> {
  authorize(uc.actor, 'exchange.import');
  if (opts.asPublished) authorize(uc.actor, 'exchange.migrate');
  const problems = new ProblemList();
  const { format, items } = await readImportFiles(files, problems, uc.app.config.catalogCodeLengths);
  const report = (planned: PlannedItem[], applied: boolean): ImportReport => ({
    format,
    files: files.map((f) => f.name),
    applied,
    asPublished: !!opts.asPublished,
    items: planned,
    counts: {
      create: planned.filter((p) => p.action === 'create').length,
      change: planned.filter((p) => p.action === 'change').length,
      unchanged: planned.filter((p) => p.action === 'unchanged').length,
    },
    problems: problems.items,
    problemTotal: problems.total,
  });
  // Items with problems in the file are left out; the others still go through the database checks, so one
  // pass lists every problem (an unknown unit or parent too), and then nothing is written.
  const good = items.filter((i) => !i.bad);
  let planned: PlannedItem[] = [];
  try {
    await inTransaction(uc, async (trx, audit, auditMany) => {
      planned = await writeItems(uc, trx, audit, auditMany, good, problems, opts);
      if (problems.any || !opts.apply) throw new DryRunDone();
      await audit({
        action: 'exchange.imported',
        target: {
          type: 'import',
          id: files
            .map((f) => path.basename(f.name))
            .join(',')
            .slice(0, 200),
        },
        details: {
          files: files.map((f) => path.basename(f.name)),
          format,
          asPublished: !!opts.asPublished,
          ...report(planned, true).counts,
        },
      });
    });
  } catch (e) {
    if (!(e instanceof DryRunDone)) throw e;
    return report(problems.any ? [] : planned, false);
  }
  return report(planned, true);
}

/** Items planned and written together: one lookup of their codes, one batch of inserts and audit records. */
const CHUNK = 500;

async function writeItems(
  uc: UseCaseContext,
  trx: Trx,
  audit: Audit,
  auditMany: AuditMany,
  items: AssembledItem[],
  problems: ProblemList,
  opts: ImportOptions,
): Promise<PlannedItem[]> {
  const scope = unitScope(uc.actor);
  const units = new Map<string, Awaited<ReturnType<typeof findUnitByUscc>>>();
  const ids = new Map<string, string>();
  const now = uc.app.clock.now().toISOString();
  const planned: PlannedItem[] = [];
  const rank = (a: AssembledItem) => GRANULARITY_ORDER[a.granularity ?? a.item.granularity];
  const ordered = items
    .map((a) => ({ a, rank: rank(a) }))
    .sort((x, y) => x.rank - y.rank)
    .map((x) => x.a);
  // A chunk holds one granularity, so every parent of its items is written (or known) before it.
  for (let start = 0; start < ordered.length; ) {
    let end = Math.min(start + CHUNK, ordered.length);
    const granularity = rank(ordered[start]!);
    for (let k = start + 1; k < end; k++) if (rank(ordered[k]!) !== granularity) end = k;
    // Each item read once per chunk (a JSON Lines item is parsed again here) and let go after it.
    const chunk = ordered.slice(start, end).map((a) => ({ item: a.item, source: a.source }));
    for (const p of await writeChunk(uc, trx, audit, auditMany, chunk, { scope, units, ids, now, problems, opts }))
      planned.push(p);
    start = end;
    opts.onProgress?.(start, ordered.length);
  }
  return planned;
}

interface ChunkState {
  scope: ReturnType<typeof unitScope>;
  units: Map<string, Awaited<ReturnType<typeof findUnitByUscc>>>;
  /** Items of this import by code (parents of later chunks). */
  ids: Map<string, string>;
  now: string;
  problems: ProblemList;
  opts: ImportOptions;
}

async function writeChunk(
  uc: UseCaseContext,
  trx: Trx,
  audit: Audit,
  auditMany: AuditMany,
  chunk: AssembledItem[],
  st: ChunkState,
): Promise<PlannedItem[]> {
  const existing = new Map(
    (
      await itemRepo.findItemsByTaskCodes(
        trx,
        chunk.map((a) => a.item.taskCode),
      )
    ).map((r) => [itemKey(r.task_code, r.handling_code), r]),
  );
  const current = new Map(
    (
      await itemRepo.findVersions(
        trx,
        [...existing.values()]
          .map((r) => r.draft_version_id ?? r.published_version_id)
          .filter((id): id is string => !!id),
      )
    ).map((v) => [v.id, v]),
  );
  const parentCodes = chunk
    .map((a) => a.item.parentTaskCode)
    .filter((c): c is string => !!c && !st.ids.has(itemKey(c, undefined)));
  const parentsInDb = new Map(
    (await itemRepo.findItemsByTaskCodes(trx, parentCodes)).map((r) => [itemKey(r.task_code, r.handling_code), r.id]),
  );
  const slots: Array<PlannedItem | undefined> = [];
  const creates: Array<{
    slot: number;
    item: AssembledItem['item'];
    source: AssembledItem['source'];
    input: CreateItemInput;
  }> = [];
  for (const { item, source } of chunk) {
    const problem = (p: string, message: string) => st.problems.add(locate(source, p, message));
    const uscc = item.taskCode.slice(0, 18);
    if (!st.units.has(uscc)) st.units.set(uscc, await findUnitByUscc(trx, uscc));
    const unit = st.units.get(uscc);
    // A clerk importing another unit's code learns nothing about that unit: the same answer as no unit.
    if (!unit?.active || !inScope(st.scope, unit.id)) {
      problem(
        'taskCode',
        `实施编码前18位的统一社会信用代码 ${uscc} 没有对应的${st.scope.kind === 'unit' ? '本单位' : ''}实施单位`,
      );
      continue;
    }
    const handlingCode = item.handlingCode ?? '';
    const plan = {
      taskCode: item.taskCode,
      handlingCode,
      name: item.content.name,
      sheet: source.sheet,
      row: source.row,
    };
    const found = existing.get(itemKey(item.taskCode, handlingCode));
    if (found) {
      try {
        const versionId = found.draft_version_id ?? found.published_version_id;
        const version = versionId ? current.get(versionId) : undefined;
        const change = await reviseExisting(
          uc,
          trx,
          audit,
          found,
          version ? parseStored<ItemContent>(version.content) : undefined,
          item.content,
          item.granularity,
        );
        st.ids.set(itemKey(item.taskCode, handlingCode), found.id);
        slots.push({ ...plan, action: change.length ? 'change' : 'unchanged', changes: change });
      } catch (e) {
        if (!isAppError(e) || e.code === 'UNAVAILABLE') throw e;
        reportAppError(e, problem);
      }
      continue;
    }
    const parentKey = item.parentTaskCode ? itemKey(item.parentTaskCode, item.parentHandlingCode) : undefined;
    const parentId = parentKey ? (st.ids.get(parentKey) ?? parentsInDb.get(parentKey)) : undefined;
    if (item.parentTaskCode && !parentId) {
      problem(
        'parentTaskCode',
        `上级事项 ${item.parentTaskCode}${item.parentHandlingCode ? `/${item.parentHandlingCode}` : ''} 不存在（文件和系统中都没有）`,
      );
      continue;
    }
    creates.push({
      slot: slots.push(undefined) - 1,
      item,
      source,
      input: {
        unitId: unit.id,
        granularity: item.granularity,
        taskCode: item.taskCode,
        content: item.content,
        changeNote: '批量导入',
        ...(parentId ? { parentId } : {}),
        ...(handlingCode ? { handlingCode } : {}),
      },
    });
  }
  const outcomes = await insertNewItems(
    uc,
    trx,
    auditMany,
    creates.map((c) => c.input),
  );
  const toPublish: Array<{ item: ItemRow; version: ItemVersionRow }> = [];
  for (const [k, c] of creates.entries()) {
    const outcome = outcomes[k]!;
    if (!outcome.ok) {
      if (outcome.error.code === 'UNAVAILABLE') throw outcome.error;
      reportAppError(outcome.error, (p, m) => st.problems.add(locate(c.source, p, m)));
      continue;
    }
    st.ids.set(itemKey(c.item.taskCode, c.item.handlingCode ?? ''), outcome.row.id);
    if (st.opts.asPublished) toPublish.push({ item: outcome.row, version: outcome.version });
    slots[c.slot] = {
      taskCode: c.item.taskCode,
      handlingCode: c.item.handlingCode ?? '',
      name: c.item.content.name,
      sheet: c.source.sheet,
      row: c.source.row,
      action: 'create',
      changes: [],
    };
  }
  // One audit record per publication, written together for the batch.
  await auditMany(await publishImported(uc, trx, toPublish, st.now));
  return slots.filter((p): p is PlannedItem => !!p);
}

function reportAppError(e: AppError, problem: (path: string, message: string) => void): void {
  if (!e.issues.length) problem('taskCode', e.message);
  for (const i of e.issues) problem(i.path, i.message);
}

/** The content an existing item shows now: its working version, else its public one. */
export async function currentContent(trx: Trx, item: ItemRow): Promise<ItemContent | undefined> {
  const id = item.draft_version_id ?? item.published_version_id;
  const version = id ? await itemRepo.findVersion(trx, id) : undefined;
  return version ? parseStored<ItemContent>(version.content) : undefined;
}

/** Changes an existing item's working draft when the imported content differs; returns the element diff. */
async function reviseExisting(
  uc: UseCaseContext,
  trx: Trx,
  audit: Audit,
  item: ItemRow,
  shown: ItemContent | undefined,
  content: ItemContent,
  granularity: string,
): Promise<Change[]> {
  const before = normalizeContent(shown);
  const after = normalizeContent(content);
  if (canonicalJson(before) === canonicalJson(after)) return [];
  const changes = diffContent(before, after);
  if (item.granularity !== granularity) throw fieldError('granularity', '颗粒度不能通过导入修改');
  if (item.life_state === 'cancelled') throw fieldError('taskCode', '该事项已取消，不能再导入修改');
  const working = item.draft_version_id ? await itemRepo.findVersion(trx, item.draft_version_id) : undefined;
  if (!working) throw fieldError('taskCode', '该事项已发布：修改已发布事项须先发起调整申请（变更），再导入修改草稿');
  if (!EDITABLE_STATES.includes(working.state))
    throw fieldError('taskCode', '该事项正在审核或核验中，不能导入修改；请待退回或撤回后再导入');
  await reviseItem(uc, trx, audit, item.id, { version: item.lock_version, content, changeNote: '批量导入' });
  return changes;
}

const fieldError = (p: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ path: p, message }] });

/**
 * Initial migration: the imported drafts become the public versions at once, one publication per item in
 * import order, published together (`publishVersions`). Returns their audit records.
 */
async function publishImported(
  uc: UseCaseContext,
  trx: Trx,
  created: ReadonlyArray<{ item: ItemRow; version: ItemVersionRow }>,
  now: string,
): Promise<AuditEntry[]> {
  const seqs = await publishVersions(
    uc.app,
    trx,
    { from: ['draft'], publishedBy: uc.actor.id, now },
    created.map((c) => ({ ...c, summary: '初始迁移：批量导入为已发布' })),
  );
  return created.map(({ item }, k) => ({
    action: 'item.published',
    target: { type: 'item', id: item.id },
    details: { seq: seqs[k] ?? null, migration: true, taskCode: item.task_code },
  }));
}

/** The report as text lines (CLI, logs): counts, then every problem or every planned change. */
export function reportLines(r: ImportReport): string[] {
  const lines: string[] = [];
  if (r.problemTotal) {
    lines.push(
      `发现 ${r.problemTotal} 处问题，未导入任何数据${r.problemTotal > r.problems.length ? `（以下列出前 ${r.problems.length} 处）` : ''}：`,
    );
    for (const p of r.problems) lines.push(`  ${describeProblem(p)}`);
    return lines;
  }
  const verb = r.applied ? '已' : '将';
  lines.push(
    `${r.applied ? '导入完成' : '试导入（未写入；加 --apply 执行）'}：${verb}新增 ${r.counts.create} 项，${verb}修改 ${r.counts.change} 项，${r.counts.unchanged} 项无变化${r.asPublished ? '（初始迁移：新增事项直接发布）' : ''}`,
  );
  for (const p of r.items) {
    if (p.action === 'unchanged') continue;
    lines.push(
      `  ${p.action === 'create' ? '新增' : '修改'} ${p.taskCode}${p.handlingCode ? `/${p.handlingCode}` : ''} ${p.name}`,
    );
    for (const c of p.changes.slice(0, 20))
      lines.push(`      ${c.kind === 'added' ? '+' : c.kind === 'removed' ? '-' : '~'} ${c.path}`);
  }
  return lines;
}
