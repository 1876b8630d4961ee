import fs from 'node:fs';
import path from 'node:path';
import { createContext } from '../../app/context.js';
import { verifyAuditChain } from '../../audit/audit.service.js';
import { backupDatabase, isEmptyDatabase, readManifest, restoreDatabase, verifyCounts } from '../../db/backup.js';
import { configOrExit, withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'take a consistent online backup of the database (SQLite backup API / pg_dump) with a row-count manifest',
  usage: [
    'usage: shixiang backup FILE',
    '',
    'SQLite: the online backup API copies the database while the server keeps running.',
    'PostgreSQL: pg_dump --format=custom on a snapshot exported from the transaction that counted the rows',
    '(needs the PostgreSQL client programs, same major version as the server).',
    'Writes FILE and FILE.manifest.json (row count of every table). Keep AUDIT_HMAC_KEY with the backup:',
    'without it the restored audit trail cannot be verified.',
  ].join('\n'),
  async run(args, io) {
    if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError('expected one output file');
    const file = path.resolve(args[0]!);
    if (fs.existsSync(file)) {
      io.err(`backup: ${file} already exists (a backup never overwrites a file)`);
      return EXIT.USAGE;
    }
    return withContext(io, async (ctx) => {
      const manifest = await backupDatabase(ctx.config, ctx.db, file, ctx.clock.now());
      const rows = Object.values(manifest.counts).reduce((a, b) => a + b, 0);
      io.out(
        `backup written to ${file} (${ctx.db.dialect}, ${Object.keys(manifest.counts).length} tables, ${rows} rows); manifest ${file}.manifest.json`,
      );
      return EXIT.OK;
    });
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore a backup into an EMPTY database, then verify row counts and the audit chain',
  usage: [
    'usage: shixiang restore FILE',
    '',
    'Restores FILE (made by `shixiang backup`) into the configured database, which must be empty (no tables):',
    "a restore never overwrites data. Then compares every table's row count with FILE.manifest.json and",
    'verifies the audit chain with AUDIT_HMAC_KEY. Exit 0 when both hold, 1 when they do not, 2 on bad input.',
  ].join('\n'),
  async run(args, io) {
    if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError('expected one backup file');
    const file = path.resolve(args[0]!);
    if (!fs.existsSync(file)) {
      io.err(`restore: ${file}: no such file`);
      return EXIT.USAGE;
    }
    const manifest = readManifest(file);
    const config = configOrExit(io);
    if (typeof config === 'number') return config;
    if (manifest.dialect !== config.db.kind) {
      io.err(`restore: the backup is of a ${manifest.dialect} database, the configured one is ${config.db.kind}`);
      return EXIT.USAGE;
    }
    const probe = await createContext(config);
    const empty = await isEmptyDatabase(probe.db).finally(() => probe.db.close());
    if (!empty) {
      io.err('restore: the configured database is not empty; restore only into a new, empty database');
      return EXIT.USAGE;
    }
    await restoreDatabase(config, file);
    return withContext(io, async (ctx) => {
      const { counts, mismatches } = await verifyCounts(ctx.db, manifest);
      const chain = await verifyAuditChain(ctx.db, ctx.keys.audit);
      for (const t of mismatches)
        io.err(`row count differs: ${t} restored ${counts[t] ?? 'missing'}, backup ${manifest.counts[t] ?? 'missing'}`);
      if (!chain.ok)
        io.err(
          `audit chain BROKEN at record #${chain.brokenSeq} (${chain.reason}); is AUDIT_HMAC_KEY the one the backup was made with?`,
        );
      if (mismatches.length || !chain.ok) return EXIT.FINDINGS;
      io.out(
        `restored ${file}: ${Object.keys(counts).length} tables, row counts equal to the backup's; audit chain intact (${chain.count} records)`,
      );
      return EXIT.OK;
    });
  },
};
