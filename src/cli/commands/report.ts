import fs from 'node:fs';
import type { UseCaseContext } from '../../app/use-case.js';
import { SYSTEM_ACTOR } from '../../auth/actor.js';
import { accountabilitySheets } from '../../evaluation/accountability.pages.js';
import { accountabilityReport } from '../../evaluation/accountability.report.js';
import { coverageSheets } from '../../evaluation/coverage.pages.js';
import { channelCoverage, onlineCoverage } from '../../evaluation/coverage.report.js';
import { dashboardSheets } from '../../evaluation/dashboard.pages.js';
import { dashboard } from '../../evaluation/dashboard.report.js';
import { parsePeriod, yearToDate, type Period } from '../../evaluation/period.js';
import { scorecardSheets } from '../../evaluation/scorecard.pages.js';
import { scorecardReport } from '../../evaluation/scorecard.report.js';
import { workbookBuffer, type Sheet } from '../../evaluation/xlsx.js';
import { chinaDate } from '../../shared/clock.js';
import { isAppError } from '../../shared/errors.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

const REPORTS: Record<string, (uc: UseCaseContext, p: Period) => Promise<Sheet[]>> = {
  accountability: async (uc, period) => accountabilitySheets(await accountabilityReport(uc, { period })),
  scorecards: async (uc, period) => scorecardSheets(await scorecardReport(uc, { period })),
  coverage: async (uc) => coverageSheets(await onlineCoverage(uc), await channelCoverage(uc)),
  dashboard: async (uc, period) => dashboardSheets(await dashboard(uc, period)),
};

const USAGE = [
  'usage: shixiang report <accountability|scorecards|coverage|dashboard> [--period P] --out FILE.xlsx',
  '',
  'Writes the evaluation report as an xlsx workbook, the same figures as the console page.',
  'P: 2026, 2026-Q2, 2026-05 or 2026-01-01..2026-03-31 (default: the year to date).',
].join('\n');

export const reportCommand: Command = {
  name: 'report',
  summary: 'write an evaluation report (accountability, scorecards, coverage, dashboard) as xlsx',
  usage: USAGE,
  async run(args, io) {
    const [name, ...rest] = args;
    const build = name ? REPORTS[name] : undefined;
    if (!build) throw new UsageError(`unknown report "${name ?? ''}"`);
    const opt = (flag: string) => { const i = rest.indexOf(flag); return i >= 0 ? rest[i + 1] : undefined; };
    const out = opt('--out');
    if (!out) throw new UsageError('--out FILE.xlsx is required');
    const rawPeriod = opt('--period');
    return withContext(io, async (ctx) => {
      let period: Period;
      try {
        period = rawPeriod ? parsePeriod(rawPeriod) : yearToDate(chinaDate(ctx.clock.now()));
      } catch (e) {
        if (!isAppError(e)) throw e;
        io.err(`shixiang report: --period: ${e.issues[0]?.message ?? e.message}`);
        return EXIT.USAGE;
      }
      const sheets = await build({ app: ctx, actor: { ...SYSTEM_ACTOR, name: 'shixiang report' }, meta: { userAgent: 'shixiang cli' } }, period);
      fs.writeFileSync(out, await workbookBuffer(sheets));
      io.out(`${name}: ${period.label} → ${out} (${sheets.map((s) => `${s.name} ${s.rows.length}`).join(', ')})`);
      return EXIT.OK;
    });
  },
};
