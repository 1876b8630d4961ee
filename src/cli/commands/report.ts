import fs from 'node:fs';
import { SYSTEM_ACTOR } from '../../auth/actor.js';
import { parsePeriod, yearToDate, type Period } from '../../evaluation/period.js';
import { printPdf, reportDocument } from '../../evaluation/pdf.js';
import { REPORT_NAMES, REPORTS } from '../../evaluation/reports.js';
import { workbookBuffer } from '../../evaluation/xlsx.js';
import { chinaDate, chinaDateTime } from '../../shared/clock.js';
import { isAppError } from '../../shared/errors.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command } from '../command.js';

const USAGE = [
  `usage: shixiang report <${REPORT_NAMES.join('|')}> [--period P] [--out FILE.xlsx] [--pdf FILE.pdf]`,
  '',
  'Writes the evaluation report as an xlsx workbook and/or a PDF (printed by headless Chromium, CHROMIUM_PATH),',
  'the same figures as the console page. At least one of --out and --pdf.',
  'P: 2026, 2026-Q2, 2026-05 or 2026-01-01..2026-03-31 (default: the year to date).',
].join('\n');

export const reportCommand: Command = {
  name: 'report',
  summary: 'write an evaluation report (accountability, scorecards, coverage, dashboard, feedback) as xlsx or PDF',
  usage: USAGE,
  async run(args, io) {
    const [name, ...rest] = args;
    const report = name ? REPORTS[name] : undefined;
    if (!report) throw new UsageError(`unknown report "${name ?? ''}"`);
    const opt = (flag: string) => {
      const i = rest.indexOf(flag);
      return i >= 0 ? rest[i + 1] : undefined;
    };
    const out = opt('--out');
    const pdf = opt('--pdf');
    if (!out && !pdf) throw new UsageError('--out FILE.xlsx or --pdf FILE.pdf is required');
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
      const built = await report.build(
        { app: ctx, actor: { ...SYSTEM_ACTOR, name: 'shixiang report' }, meta: { userAgent: 'shixiang cli' } },
        period,
      );
      if (out) {
        fs.writeFileSync(out, await workbookBuffer(built.sheets));
        io.out(
          `${name}: ${period.label} → ${out} (${built.sheets.map((s) => `${s.name} ${s.rows.length}`).join(', ')})`,
        );
      }
      if (pdf) {
        try {
          const doc = reportDocument(built, {
            periodLabel: period.label,
            generatedAt: chinaDateTime(ctx.clock.now()).slice(0, 16),
            jurisdiction: ctx.config.jurisdiction.fullName,
          });
          fs.writeFileSync(pdf, await printPdf(ctx.config.evaluation.chromiumPath, doc));
        } catch (e) {
          if (!isAppError(e) || e.code !== 'UNAVAILABLE') throw e;
          io.err(`shixiang report: --pdf: ${e.message}`);
          // Chromium missing or failing is a matter of the installation (EX_CONFIG), not of the report.
          return EXIT.CONFIG;
        }
        io.out(`${name}: ${period.label} → ${pdf}`);
      }
      return EXIT.OK;
    });
  },
};
