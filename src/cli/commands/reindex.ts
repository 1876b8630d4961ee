import { migrateToLatest } from '../../db/migrate.js';
import { reindexAll } from '../../legal/citation-index.js';
import { rebuildPublicDocuments } from '../../publishing/public-documents.repository.js';
import { reindexPublished } from '../../publishing/search-index.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

/**
 * The derived indexes are kept in step by every write through the application; rows loaded around it (a
 * migration from another system, a restored dump of items only, an upgrade that adds an index, a tokenizer
 * change) need a rebuild. Both rebuilds are idempotent and safe while the server runs.
 */
export const reindexCommand: Command = {
  name: 'reindex',
  summary:
    'rebuild the derived indexes: citations and 设定依据 fingerprints, the public documents and the public search index',
  usage: [
    'usage: shixiang reindex',
    '',
    "Recomputes legal_citations and item_basis from each item's versions, rewrites the public documents (the read",
    'model every public page and API response is served from) in batches, and makes the search index hold exactly',
    'the published, not cancelled items. Safe to run at any time, also while the server runs.',
  ].join('\n'),
  async run(args, io) {
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    return withContext(io, async (ctx) => {
      await migrateToLatest(ctx.db);
      // Seconds per step: a slow rebuild says which index it is.
      let t = performance.now();
      const took = () => `${((performance.now() - t) / 1000).toFixed(1)} s`;
      const n = await reindexAll(ctx.db);
      io.out(`citation index: ${n} items (${took()})`);
      t = performance.now();
      const docs = await rebuildPublicDocuments(ctx);
      io.out(`public documents: ${docs.written} items written, ${docs.removed} stale documents removed (${took()})`);
      t = performance.now();
      const r = await reindexPublished(ctx.db);
      io.out(`search index: ${r.indexed} items indexed, ${r.removed} stale documents removed (${took()})`);
      return EXIT.OK;
    });
  },
};
