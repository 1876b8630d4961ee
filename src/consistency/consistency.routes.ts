import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { consistencyReport, FINDING_KINDS, type ConsistencyReport, type FindingKind } from './consistency.report.js';
import { CSV_BOM, csvRow } from '../shared/csv.js';
import { codesOf } from '../domain/enums.js';

const KindFilter = Type.Enum(codesOf(FINDING_KINDS), {
  type: 'string',
  description: Object.entries(FINDING_KINDS)
    .map(([k, v]) => `${k}=${v}`)
    .join('; '),
});
const Query = Type.Object(
  { unitId: Type.Optional(Type.String({ maxLength: 64 })), kind: Type.Optional(KindFilter) },
  { additionalProperties: false },
);

const Finding = Type.Object({
  kind: Type.String(),
  kindLabel: Type.String(),
  itemId: Type.String(),
  itemName: Type.String(),
  taskCode: Type.String(),
  catalogCode: Type.String(),
  message: Type.String(),
  link: Type.String({ description: '修正该问题的页面' }),
});

export const findingLink = (f: { itemId: string; kind: FindingKind }) =>
  ['name_mismatch', 'type_mismatch', 'basis_mismatch'].includes(f.kind)
    ? `/console/catalogue/claims/${f.itemId}`
    : `/console/items/${f.itemId}`;

export function presentReport(r: ConsistencyReport) {
  return {
    generatedAt: r.generatedAt,
    itemCount: r.itemCount,
    findingCount: r.findingCount,
    byKind: r.byKind,
    units: r.units.map((u) => ({
      ...u,
      findings: u.findings.map((f) => ({
        kind: f.kind,
        kindLabel: FINDING_KINDS[f.kind],
        itemId: f.itemId,
        itemName: f.itemName,
        taskCode: f.taskCode,
        catalogCode: f.catalogCode,
        message: f.message,
        link: findingLink(f),
      })),
    })),
  };
}

/** The report as CSV rows, for the export. */
export function reportCsv(r: ConsistencyReport, baseUrl: string): string {
  const rows = r.units.flatMap((u) =>
    u.findings.map((f) => [
      u.regionCode,
      u.unitName,
      f.itemName,
      f.taskCode,
      f.catalogCode,
      FINDING_KINDS[f.kind],
      f.message,
      `${baseUrl}${findingLink(f)}`,
    ]),
  );
  return (
    CSV_BOM +
    csvRow(['行政区划', '实施单位', '事项名称', '实施编码', '基本编码', '问题', '说明', '修正链接']) +
    rows.map(csvRow).join('')
  );
}

/** The Art. 8 consistency report (JSON and CSV). */
export function registerConsistencyRoutes(app: App, ctx: AppContext): void {
  const tags = ['一致性'];
  app.get(
    '/api/v1/consistency',
    {
      config: { access: 'consistency.read' },
      schema: {
        tags,
        summary:
          '第八条一致性报告：同一基本编码名称/类型/设定依据不一致、同名不同码、基本目录无此编码，按单位分组，附修正链接',
        querystring: Query,
        response: {
          200: Type.Object({
            generatedAt: Type.String(),
            itemCount: Type.Integer(),
            findingCount: Type.Integer(),
            byKind: Type.Record(Type.String(), Type.Integer()),
            units: Type.Array(
              Type.Object({
                unitId: Type.String(),
                unitName: Type.String(),
                regionCode: Type.String(),
                findings: Type.Array(Finding),
              }),
            ),
          }),
        },
      },
    },
    async (request) => presentReport(await consistencyReport(ucOf(ctx, request), request.query)),
  );

  app.get(
    '/api/v1/consistency/export',
    {
      config: { access: 'consistency.read' },
      schema: { tags, summary: '导出一致性报告（CSV，UTF-8 带 BOM，防公式注入）', querystring: Query },
    },
    async (request, reply) => {
      const report = await consistencyReport(ucOf(ctx, request), request.query);
      const name = `consistency-${report.generatedAt.slice(0, 10)}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(reportCsv(report, ctx.config.http.publicBaseUrl));
    },
  );
}
