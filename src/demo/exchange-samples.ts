import type { UseCaseContext } from '../app/use-case.js';
import { unitScope } from '../auth/policy.js';
import { composeTaskCode } from '../domain/task-code.js';
import type { ExchangeItem } from '../exchange/assemble.js';
import { exportRows, type ExportRow } from '../exchange/exchange.queries.js';
import { nationalDocument, type NationalDocument } from '../exchange/national.js';
import { chinaDateTime } from '../shared/clock.js';
import { codesOf } from '../domain/enums.js';

/**
 * Files to try the bulk import and the reconciliation with (console 导入导出, "示例文件"), made from whatever
 * catalogue is loaded — on the demo, 平鲁区's. Deterministic: the same catalogue gives the same files.
 */

async function firstRows(uc: UseCaseContext, version: 'working' | 'published', n: number): Promise<ExportRow[]> {
  const rows: ExportRow[] = [];
  for await (const r of exportRows(uc.app.db.kysely, unitScope(uc.actor), { version })) {
    if (r.granularity === 'main') rows.push(r);
    if (rows.length >= n) break;
  }
  return rows;
}

/** Three new items for the first unit in scope, modelled on its existing ones: a workbook that imports cleanly. */
export async function sampleImportItems(uc: UseCaseContext): Promise<ExchangeItem[]> {
  const rows = await firstRows(uc, 'working', 3);
  return rows.map((r, i) => {
    const catalogCode = `SAMPLE00000${i + 1}`;
    return {
      taskCode: composeTaskCode({ uscc: r.unitUscc, level: r.taskCode.slice(18, 19), catalogCode }),
      granularity: 'main',
      content: { ...r.content, catalogCode, name: `${r.content.name}（示例导入${i + 1}）` },
    };
  });
}

/**
 * The provincial system's export as it might come back: the published catalogue in the national layout, with
 * one item missing, one extra item, and two elements of another item changed (what the reconciliation shows).
 */
export async function sampleProvincialExport(uc: UseCaseContext): Promise<NationalDocument> {
  const rows: ExportRow[] = [];
  for await (const r of exportRows(uc.app.db.kysely, unitScope(uc.actor), { version: 'published' })) rows.push(r);
  const doc = nationalDocument(rows, 'SAMPLE', chinaDateTime(uc.app.clock.now()));
  const [dropped, changed, model] = doc.up_task_general_basic;
  if (!dropped || !changed || !model) return doc;
  for (const key of codesOf(doc)) {
    const table = doc[key];
    if (Array.isArray(table)) (doc[key] as unknown[]) = table.filter((r) => r.task_code !== dropped.task_code);
  }
  changed.transact_time = '工作日上午9:00-12:00（省级系统记录）';
  changed.promise_day = Math.max(1, Number(changed.promise_day ?? 5) - 2);
  const code = String(model.task_code);
  const extra = `${code.slice(0, 19)}SAMPLE000099`;
  doc.up_task_general_basic.push({
    ...model,
    task_code: extra,
    catalog_code: 'SAMPLE000099',
    task_name: '省级系统中有、本区尚未录入的事项（示例）',
  });
  const ext = doc.up_task_general_extend.find((r) => r.task_code === code);
  if (ext) doc.up_task_general_extend.push({ ...ext, task_code: extra });
  return doc;
}
