import type { Command } from '../command.js';
import { auditCommand } from './audit.js';
import { checkCommand } from './check.js';
import { confirmAccountCommand } from './confirm-account.js';
import { createAccountCommand } from './create-account.js';
import { exportSiteCommand } from './export-site.js';
import { migrateCommand } from './migrate.js';
import { reindexCommand } from './reindex.js';
import { resetAccountCommand } from './reset-account.js';
import { seedDemoCommand } from './seed-demo.js';
import { serveCommand, startCommand } from './serve.js';
import { workdaysCommand } from './workdays.js';
import { exportCommand, importCommand, reconcileCommand, templateCommand } from './exchange.js';
import { backupCommand, restoreCommand } from './backup.js';
import { reportCommand } from './report.js';

/** Every CLI subcommand, in the order `shixiang help` lists them. */
export const COMMANDS: Command[] = [
  startCommand,
  serveCommand,
  migrateCommand,
  seedDemoCommand,
  checkCommand,
  workdaysCommand,
  createAccountCommand,
  resetAccountCommand,
  confirmAccountCommand,
  auditCommand,
  exportSiteCommand,
  reindexCommand,
  // bulk exchange, backup (issue 14)
  templateCommand,
  importCommand,
  exportCommand,
  reconcileCommand,
  backupCommand,
  restoreCommand,
  // evaluation reports (issue 15)
  reportCommand,
];
