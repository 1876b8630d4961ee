import { missingRecordsText, verifyAuditChain } from '../../audit/audit.service.js';
import { checkpointFile, readNewestCheckpoint, writeCheckpoint } from '../../audit/checkpoint.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

const REASONS = {
  mac: '记录内容被修改 (MAC mismatch)',
  link: '链接断开 (prev_mac mismatch)',
  gap: '缺少记录 (sequence gap: a record was deleted)',
  checkpoint: '与检查点不符：检查点签署的记录被改写 (differs from the signed checkpoint)',
  truncated: '晚于检查点的记录被删除 (records after the checkpoint were deleted)',
};

export const auditCommand: Command = {
  name: 'audit',
  summary:
    'verify the HMAC-SM3 chain of the audit trail against the newest signed checkpoint (`audit verify`), or write a checkpoint (`audit checkpoint`)',
  usage: [
    'usage: shixiang audit verify',
    '       shixiang audit checkpoint',
    '',
    'verify: walks every audit record and recomputes its HMAC-SM3 chain with AUDIT_HMAC_KEY, then compares the',
    'chain with the newest signed checkpoint in DATA_DIR/audit-checkpoints.jsonl. Exit 0 when intact; exit 1',
    'when any record was edited, removed or re-linked, when the newest records were deleted (the missing range',
    'is named), or when the checkpoint file carries a line whose signature does not verify.',
    'checkpoint: signs the current head of the chain and appends it to the checkpoint file (and to',
    'AUDIT_CHECKPOINT_SYSLOG when set). The server also does this every AUDIT_CHECKPOINT_MINUTES and at shutdown.',
  ].join('\n'),
  async run(args, io) {
    if (!['verify', 'checkpoint'].includes(args[0] ?? '') || args.length > 1)
      throw new UsageError('expected `audit verify` or `audit checkpoint`');
    return withContext(io, async (ctx) => {
      if (args[0] === 'checkpoint') {
        const cp = await writeCheckpoint(ctx);
        io.out(
          cp
            ? `checkpoint written: record #${cp.seq} (${cp.count} records) to ${checkpointFile(ctx.config)}`
            : 'the audit trail is empty: no checkpoint written',
        );
        return EXIT.OK;
      }
      const read = readNewestCheckpoint(ctx.config, ctx.keys.audit);
      if ('forgedLine' in read) {
        io.err(
          `检查点文件第 ${read.forgedLine} 行的签名无效：检查点被篡改或不是用本系统的 AUDIT_HMAC_KEY 签署的 (${checkpointFile(ctx.config)})`,
        );
        return EXIT.FINDINGS;
      }
      const verdict = await verifyAuditChain(ctx.db, ctx.keys.audit, read.newest);
      const anchored = read.newest
        ? `; matches the checkpoint of record #${read.newest.seq} (${read.newest.at})`
        : '; no checkpoint yet (DATA_DIR/audit-checkpoints.jsonl)';
      if (verdict.ok) {
        io.out(`audit chain intact: ${verdict.count} records${anchored}`);
        return EXIT.OK;
      }
      if (verdict.reason === 'truncated') {
        io.err(
          `audit chain TRUNCATED: ${missingRecordsText(verdict.brokenSeq, verdict.lastMissing!)} (checkpoint ${read.newest!.at}; ${verdict.count} records read)`,
        );
        return EXIT.FINDINGS;
      }
      io.err(
        `audit chain BROKEN at record #${verdict.brokenSeq}: ${REASONS[verdict.reason]} (${verdict.count} records read)`,
      );
      return EXIT.FINDINGS;
    });
  },
};
