import { backfillPublicDocuments } from '../../publishing/public-documents.repository.js';
import { createContext } from '../../app/context.js';
import { startServer } from '../../app/server.js';
import { ensureBundledCalendar } from '../../calendar/calendar.service.js';
import { migrateToLatest } from '../../db/migrate.js';
import { configOrExit } from '../boot.js';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.js';
import { seedDemoIfEmpty } from '../../demo/seed.js';

async function serve(args: string[], io: CommandIo, prepare: boolean): Promise<number> {
  if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
  const config = configOrExit(io);
  if (typeof config === 'number') return config;
  const ctx = await createContext(config);
  if (prepare) {
    await migrateToLatest(ctx.db); // also loads the bundled holiday notices
    const seeded = await seedDemoIfEmpty(ctx);
    if (seeded) io.out(seeded.banner);
  } else {
    // Every instance makes sure the bundled holiday notices are loaded; concurrent boots are safe.
    await ensureBundledCalendar(ctx.db, ctx.clock);
  }
  const backfilled = await backfillPublicDocuments(ctx);
  if (backfilled)
    io.out(
      `public documents written for ${backfilled} published items (first start after the upgrade that introduced them)`,
    );
  const server = await startServer(ctx, { handleSignals: true });
  io.out(
    `事项通 shixiang is running at ${server.url}  (database: ${config.db.kind === 'sqlite' ? config.db.file : 'PostgreSQL'})`,
  );
  await new Promise(() => {}); // runs until a signal stops it
  return EXIT.OK;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the HTTP server (portal, console, API) on an already migrated database',
  usage:
    'usage: shixiang serve\n\nListens on HOST:PORT (default 127.0.0.1:3000). SIGTERM drains in-flight requests and exits 0.',
  run: (args, io) => serve(args, io, false),
};

export const startCommand: Command = {
  name: 'start',
  summary: 'migrate, load the demo data if the database is empty, then serve (what `npm start` runs)',
  usage: 'usage: shixiang start\n\nmigrate + seed-demo (only into an empty database) + serve.',
  run: (args, io) => serve(args, io, true),
};
