import type { Writable } from 'node:stream';
import type { UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import { codesOf } from '../domain/enums.js';
import { exportRows, toExchangeItem, type ExportFilter, type ExportRow } from './exchange.queries.js';
import { writeJsonLines, writeWorkbook } from './workbook.js';
import { cpsvDocument } from './cpsv-ap.js';
import { NATIONAL_TABLES, nationalDocument } from './national.js';
import { excel } from '../shared/excel.js';
import { chinaDateTime } from '../shared/clock.js';

export const EXPORT_FORMATS = ['xlsx', 'jsonl', 'national', 'national-xlsx', 'cpsv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The export's rows within the actor's unit scope (a unit role sees its own unit only). */
export function scopedRows(uc: UseCaseContext, filter: ExportFilter): () => AsyncIterable<ExportRow> {
  authorize(uc.actor, 'exchange.export');
  const scope = unitScope(uc.actor);
  return () => exportRows(uc.app.db.kysely, scope, filter);
}

async function* exchangeItems(rows: () => AsyncIterable<ExportRow>) {
  for await (const r of rows()) yield toExchangeItem(r);
}

async function collect(rows: () => AsyncIterable<ExportRow>): Promise<ExportRow[]> {
  const out: ExportRow[] = [];
  for await (const r of rows()) out.push(r);
  return out;
}

async function writeText(stream: Writable, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end(text, (e?: Error | null) => (e ? reject(e) : resolve())));
}

/**
 * 导出: the filled template (export → import changes nothing), JSON Lines, the national exchange layout (JSON
 * or one xlsx sheet per up_task_* table; whole catalogue or changes since a publication sequence), or
 * CPSV-AP 3.2 JSON-LD. The national layout and CPSV-AP describe what the public sees: published versions.
 */
export async function exportCatalogue(
  uc: UseCaseContext,
  format: ExportFormat,
  stream: Writable,
  filter: ExportFilter,
): Promise<{ items: number }> {
  const published = format === 'national' || format === 'national-xlsx' || format === 'cpsv';
  const rows = scopedRows(uc, published ? { ...filter, version: 'published' } : filter);
  if (format === 'jsonl') return writeJsonLines(stream, exchangeItems(rows));
  if (format === 'xlsx') return writeWorkbook(stream, () => exchangeItems(rows));
  const all = await collect(rows);
  const now = chinaDateTime(uc.app.clock.now());
  if (format === 'cpsv') {
    const { config } = uc.app;
    await writeText(
      stream,
      JSON.stringify(
        cpsvDocument(all, {
          baseUrl: config.http.publicBaseUrl,
          regionCode: config.jurisdiction.regionCode,
          regionName: config.jurisdiction.fullName,
        }),
        null,
        1,
      ),
    );
    return { items: all.length };
  }
  const doc = nationalDocument(
    all,
    `${now.slice(0, 10).replace(/-/g, '')}${filter.sinceSeq !== undefined ? `-since-${filter.sinceSeq}` : ''}`,
    now,
  );
  if (format === 'national') {
    await writeText(stream, JSON.stringify(doc));
    return { items: all.length };
  }
  const wb = new (excel().stream.xlsx.WorkbookWriter)({ stream, useSharedStrings: false });
  for (const table of codesOf(NATIONAL_TABLES)) {
    const records = doc[table];
    const ws = wb.addWorksheet(table, { views: [{ state: 'frozen', ySplit: 1 }] });
    const headers = records[0]
      ? Object.keys(records[0])
      : ['task_code', 'handle_item_code', ...NATIONAL_TABLES[table].map((f) => f.name)];
    ws.addRow(headers).commit();
    for (const r of records) ws.addRow(headers.map((h) => r[h] ?? null)).commit();
    await ws.commit();
  }
  await wb.commit();
  return { items: all.length };
}
