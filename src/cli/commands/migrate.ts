import { migrateDown, migrateToLatest } from '../../db/migrate.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'bring the database schema up to date (or `migrate down` one step)',
  usage:
    'usage: shixiang migrate [down]\n\nApplies every pending migration to the configured database (SQLite, or PostgreSQL when DATABASE_URL is set).',
  async run(args, io) {
    if (args.length > 1 || (args[0] && args[0] !== 'down'))
      throw new UsageError(`unexpected argument "${args.join(' ')}"`);
    return withContext(io, async (ctx) => {
      const applied = args[0] === 'down' ? await migrateDown(ctx.db) : await migrateToLatest(ctx.db);
      io.out(
        applied.length
          ? applied.map((m) => `${args[0] === 'down' ? 'reverted' : 'applied'} ${m}`).join('\n')
          : 'schema is up to date',
      );
      return EXIT.OK;
    });
  },
};
