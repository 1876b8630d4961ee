import type { Writable } from 'node:stream';
import { excel } from '../shared/excel.js';
import { AUDIT_COLUMNS } from './audit-csv.js';
import type { AuditRecordView } from './audit-query.service.js';

/**
 * The export as an xlsx workbook, streamed row by row (exceljs' streaming writer), so a long time range is
 * not held in memory. Values are written as text cells, never formulas: no formula injection.
 */
export async function writeAuditXlsx(records: AsyncIterable<AuditRecordView>, out: Writable): Promise<void> {
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('审计记录');
  sheet.addRow(AUDIT_COLUMNS.map(([header]) => header)).commit();
  for await (const record of records)
    sheet
      .addRow(
        AUDIT_COLUMNS.map(([, read]) => {
          const v = read(record);
          return v === null || v === undefined ? '' : String(v);
        }),
      )
      .commit();
  sheet.commit();
  await workbook.commit();
}

export function xlsxDisposition(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `attachment; filename="audit-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计记录-${stamp}.xlsx`)}`;
}
