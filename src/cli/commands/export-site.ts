import path from 'node:path';
import { exportSite } from '../../publishing/export-site.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

export const exportSiteCommand: Command = {
  name: 'export-site',
  summary: 'write the published catalogue as static HTML + JSON files (for sites that can only host files)',
  usage: [
    'usage: shixiang export-site DIR [--unit UNIT]',
    '',
    'Writes into DIR (created if missing; existing files are overwritten):',
    "  index.html, units/, items/CODE.html, browse/, adjustments.html, portal.css   the portal's pages, relative links",
    "  api/items.json, api/items/CODE.json, api/units.json, api/changes.json, api/catalogue.json   the public API's shapes",
    "  index.json   publication sequence and catalogue hash (a channel's status URL for sync checks)",
    '',
    "--unit UNIT   only this unit's items (unit id or 统一社会信用代码); index.html is the unit's page.",
    'Search, explanation requests and tracking link to the live portal (PUBLIC_BASE_URL).',
  ].join('\n'),
  async run(args, io) {
    const rest = [...args];
    let unitId: string | undefined;
    const i = rest.indexOf('--unit');
    if (i >= 0) {
      unitId = rest[i + 1];
      if (!unitId) throw new UsageError('--unit needs a unit id or USCC');
      rest.splice(i, 2);
    }
    if (rest.length !== 1 || rest[0]!.startsWith('-')) throw new UsageError('expected one output directory');
    const dir = path.resolve(rest[0]!);
    return withContext(io, async (ctx) => {
      try {
        const result = await exportSite(ctx, dir, { unitId });
        io.out(
          `exported ${result.items} items (${result.files} files) at publication ${result.seq} to ${dir}\ncatalogue hash ${result.hash}`,
        );
        return EXIT.OK;
      } catch (e) {
        if (e instanceof Error && /not found/.test(e.message)) {
          io.err(`export-site: ${e.message}`);
          return EXIT.USAGE;
        }
        throw e;
      }
    });
  },
};
