import { reindexPublished } from '../../publishing/search-index.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

export const reindexCommand: Command = {
  name: 'reindex',
  summary: 'rebuild the public search index from the published catalogue',
  usage: 'usage: shixiang reindex\n\nMakes the search index hold exactly the published, not cancelled items (after an upgrade that added search, an import or a tokenizer change). Safe while the server runs.',
  async run(args, io) {
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    return withContext(io, async (ctx) => {
      const r = await reindexPublished(ctx.db);
      io.out(`search index: ${r.indexed} items indexed, ${r.removed} stale documents removed`);
      return EXIT.OK;
    });
  },
};
