import { CSV_BOM, csvRow } from '../shared/csv.js';
import { chinaDateTime } from '../shared/clock.js';
import type { AuditRecordView } from './audit-query.service.js';

/** Columns of the audit export, in order: Chinese header and how the cell is read from the record. */
export const AUDIT_COLUMNS: Array<[string, (r: AuditRecordView) => unknown]> = [
  ['序号', (r) => r.seq],
  ['时间(北京时间)', (r) => chinaDateTime(new Date(r.ts))],
  ['时间(UTC)', (r) => r.ts],
  ['操作', (r) => r.action],
  ['操作名称', (r) => r.actionLabel],
  ['结果', (r) => (r.result === 'success' ? '成功' : r.result === 'failure' ? '失败' : r.result)],
  ['原因', (r) => r.reason],
  ['操作者ID', (r) => r.actorId],
  ['操作者', (r) => r.actorName],
  ['角色', (r) => r.actorRole],
  ['单位ID', (r) => r.unitId],
  ['IP地址', (r) => r.ip],
  ['用户代理', (r) => r.userAgent],
  ['会话引用', (r) => r.sessionRef],
  ['请求号', (r) => r.requestId],
  ['对象类型', (r) => r.targetType],
  ['对象ID', (r) => r.targetId],
  ['变更前摘要(SM3)', (r) => r.beforeDigest],
  ['变更后摘要(SM3)', (r) => r.afterDigest],
  ['详情', (r) => r.details],
];

/** The export as CSV text chunks: BOM and header first, then one line per record (see src/shared/csv.ts). */
export async function* auditCsv(records: AsyncIterable<AuditRecordView>): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(AUDIT_COLUMNS.map(([header]) => header));
  let chunk = '';
  for await (const record of records) {
    chunk += csvRow(AUDIT_COLUMNS.map(([, read]) => read(record)));
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** `attachment; filename*=UTF-8''…` for the download (RFC 6266), with an ASCII fallback name. */
export function csvDisposition(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `attachment; filename="audit-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(`审计记录-${stamp}.csv`)}`;
}
