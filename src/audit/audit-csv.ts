import { CSV_BOM, csvRow } from '../shared/csv.js';
import type { AuditRecordView } from './audit-query.service.js';

/** Columns of the audit export, in order: Chinese header and the record field. */
export const AUDIT_COLUMNS: Array<[string, keyof AuditRecordView]> = [
  ['序号', 'seq'], ['时间(UTC)', 'ts'], ['操作', 'action'], ['操作名称', 'actionLabel'], ['结果', 'result'], ['原因', 'reason'],
  ['操作者ID', 'actorId'], ['操作者', 'actorName'], ['角色', 'actorRole'], ['单位ID', 'unitId'], ['IP地址', 'ip'], ['用户代理', 'userAgent'],
  ['会话引用', 'sessionRef'], ['请求号', 'requestId'], ['对象类型', 'targetType'], ['对象ID', 'targetId'],
  ['变更前摘要(SM3)', 'beforeDigest'], ['变更后摘要(SM3)', 'afterDigest'], ['详情', 'details'],
];

/** The export as CSV text chunks: BOM and header first, then one line per record (see src/shared/csv.ts). */
export async function* auditCsv(records: AsyncIterable<AuditRecordView>): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(AUDIT_COLUMNS.map(([header]) => header));
  let chunk = '';
  for await (const record of records) {
    chunk += csvRow(AUDIT_COLUMNS.map(([, key]) => record[key]));
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
