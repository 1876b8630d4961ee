import { migrateToLatest } from '../../db/migrate.js';
import { reindexAll } from '../../legal/citation-index.js';
import { withContext } from '../boot.js';
import { EXIT, type Command } from '../command.js';

/**
 * The citation index and the 设定依据 fingerprints are kept in step by every write through the application;
 * rows loaded around it (a migration from another system, a restored dump of items only) need a rebuild.
 */
export const reindexCommand: Command = {
  name: 'reindex',
  summary: 'rebuild the citation index and 设定依据 fingerprints of every item (after a bulk load)',
  usage: ['usage: shixiang reindex', '', 'Recomputes legal_citations and item_basis from each item\'s versions. Safe to run at any time.'].join('\n'),
  async run(_args, io) {
    return withContext(io, async (ctx) => {
      await migrateToLatest(ctx.db);
      const n = await ctx.db.kysely.transaction().execute((trx) => reindexAll(trx));
      io.out(`reindexed ${n} items`);
      return EXIT.OK;
    });
  },
};
