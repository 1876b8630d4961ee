import { migrateToLatest } from '../../db/migrate.js';
import { seedDemoIfEmpty } from '../../demo/seed.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

export const seedDemoCommand: Command = {
  name: 'seed-demo',
  summary:
    'load the 平鲁区 demo data (units, catalogue, ~300 items, one account per role) into an empty database (never in production)',
  usage:
    "usage: shixiang seed-demo\n\nMigrates, then loads the demo data if the database has no units and no accounts and NODE_ENV is not production (exit 2 otherwise). Prints the demo accounts' one-time passwords once and writes them to DATA_DIR/demo-accounts.txt (mode 0600).",
  async run(args, io) {
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    return withContext(io, async (ctx) => {
      await migrateToLatest(ctx.db);
      const seeded = await seedDemoIfEmpty(ctx);
      if (!seeded) {
        io.err(
          ctx.config.env === 'production'
            ? 'seed-demo: refused with NODE_ENV=production'
            : 'seed-demo: the database already has units or accounts; the demo is only loaded into an empty database',
        );
        return EXIT.USAGE;
      }
      io.out(seeded.banner);
      return EXIT.OK;
    });
  },
};
