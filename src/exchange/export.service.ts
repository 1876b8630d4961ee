import type { Writable } from 'node:stream';
import type { UseCaseContext } from '../app/use-case.js';
import { authorize, unitScope } from '../auth/policy.js';
import { exportRows, toExchangeItem, type ExportFilter, type ExportRow } from './exchange.queries.js';
import { writeJsonLines, writeWorkbook } from './workbook.js';

export const EXPORT_FORMATS = ['xlsx', 'jsonl'] as const;
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

/** 导出: the filled template (export → import changes nothing) or JSON Lines. */
export async function exportCatalogue(uc: UseCaseContext, format: ExportFormat, stream: Writable, filter: ExportFilter): Promise<{ items: number }> {
  const rows = scopedRows(uc, filter);
  if (format === 'jsonl') return writeJsonLines(stream, exchangeItems(rows));
  return writeWorkbook(stream, () => exchangeItems(rows));
}
