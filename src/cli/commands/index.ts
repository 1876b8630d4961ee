import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { migrateCommand } from './migrate.js';
import { serveCommand, startCommand } from './serve.js';

/** Every CLI subcommand, in the order `shixiang help` lists them. */
export const COMMANDS: Command[] = [startCommand, serveCommand, migrateCommand, checkCommand];
