import { verifyAuditChain } from '../../audit/audit.service.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

const REASONS = { mac: '记录内容被修改 (MAC mismatch)', link: '链接断开 (prev_mac mismatch)', gap: '缺少记录 (sequence gap: a record was deleted)' };

export const auditCommand: Command = {
  name: 'audit',
  summary: 'verify the HMAC-SM3 chain of the audit trail (`audit verify`)',
  usage: [
    'usage: shixiang audit verify',
    '',
    'Walks every audit record and recomputes its HMAC-SM3 chain with AUDIT_HMAC_KEY.',
    'Exit 0 when intact; exit 1 and the first broken record when any record was edited, removed or re-linked.',
  ].join('\n'),
  async run(args, io) {
    if (args[0] !== 'verify' || args.length > 1) throw new UsageError('expected `audit verify`');
    return withContext(io, async (ctx) => {
      const verdict = await verifyAuditChain(ctx.db, ctx.keys.audit);
      if (verdict.ok) {
        io.out(`audit chain intact: ${verdict.count} records`);
        return EXIT.OK;
      }
      io.err(`audit chain BROKEN at record #${verdict.brokenSeq}: ${REASONS[verdict.reason]} (${verdict.count} records read)`);
      return EXIT.FINDINGS;
    });
  },
};
