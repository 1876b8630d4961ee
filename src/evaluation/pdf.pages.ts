import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { chinaDate, chinaDateTime } from '../shared/clock.js';
import { errors } from '../shared/errors.js';
import { periodOf } from './evaluation.parts.js';
import { printPdf, reportDocument } from './pdf.js';
import { REPORTS } from './reports.js';

/** `导出 PDF` on each report page: the whole report of the period, printed by headless Chromium (503 without it). */
export function registerPdfPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/evaluation/pdf/:report',
    {
      config: { access: 'evaluation.read' },
      schema: {
        hide: true,
        params: Type.Object({ report: Type.String({ maxLength: 40 }) }),
        querystring: Type.Record(Type.String(), Type.String()),
      },
    },
    async (request, reply) => {
      const report = Object.hasOwn(REPORTS, request.params.report) ? REPORTS[request.params.report] : undefined;
      if (!report) throw errors.notFound('报告');
      const { period, error } = periodOf(request.query.period, chinaDate(ctx.clock.now()));
      if (error) throw errors.field('period', error);
      const built = await report.build(ucOf(ctx, request), period);
      const pdf = await printPdf(
        ctx.config.evaluation.chromiumPath,
        reportDocument(built, {
          periodLabel: period.label,
          generatedAt: chinaDateTime(ctx.clock.now()).slice(0, 16),
          jurisdiction: ctx.config.jurisdiction.fullName,
        }),
      );
      const stamp = period.key.replace(/\./g, '');
      return reply
        .header(
          'content-disposition',
          `attachment; filename="${request.params.report}-${stamp}.pdf"; filename*=UTF-8''${encodeURIComponent(`${report.title}-${stamp}.pdf`)}`,
        )
        .header('cache-control', 'no-store')
        .type('application/pdf')
        .send(pdf);
    },
  );
}
