import { createContext, type AppContext } from '../app/context.js';
import { ConfigErrors, loadConfig, type Config } from '../config/config.js';
import { EXIT, type CommandIo } from './command.js';

/** Loads configuration for a command; on a bad value prints every problem and returns the exit code instead. */
export function configOrExit(io: CommandIo): Config | number {
  try {
    return loadConfig(io.env);
  } catch (e) {
    if (e instanceof ConfigErrors) {
      io.err(e.message);
      return EXIT.CONFIG;
    }
    throw e;
  }
}

/** Runs `fn` with a full application context and always closes the database afterwards. */
export async function withContext(io: CommandIo, fn: (ctx: AppContext) => Promise<number>): Promise<number> {
  const config = configOrExit(io);
  if (typeof config === 'number') return config;
  const ctx = await createContext(config);
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.close();
  }
}
