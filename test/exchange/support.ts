import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../src/app/context.js';
import type { UseCaseContext } from '../../src/app/use-case.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { generateDemoData } from '../../src/demo/data/index.js';
import type { DemoData } from '../../src/demo/data/types.js';
import { composeTaskCode } from '../../src/domain/task-code.js';
import type { ExchangeItem } from '../../src/exchange/assemble.js';
import type { ExportRow } from '../../src/exchange/exchange.queries.js';
import { exportCatalogue, type ExportFormat } from '../../src/exchange/export.service.js';
import { createUnit } from '../../src/units/unit.service.js';

export const systemUc = (app: AppContext): UseCaseContext => ({
  app,
  actor: { ...SYSTEM_ACTOR, name: '测试' },
  meta: {},
});

/** The demo's units (all of them, so any demo item has its unit) and the items of a few, as exchange items. */
export async function demoSlice(
  ctx: AppContext,
  unitCount: number,
): Promise<{ data: DemoData; items: ExchangeItem[] }> {
  const data = generateDemoData();
  const uc = systemUc(ctx);
  for (const u of data.units) {
    await createUnit(uc, {
      name: u.name,
      shortName: u.shortName,
      uscc: u.uscc,
      nature: u.nature,
      regionCode: u.regionCode,
      address: u.address,
      phone: u.phone,
      unitReviewEnabled: u.unitReview,
    });
  }
  const units = new Map(data.units.map((u) => [u.key, u]));
  // The first units, plus one with fees (收费项目) so every kind of sheet has rows.
  const withFees = data.items.find((d) => d.content.fees?.length)?.unitKey;
  const chosen = new Set([
    ...data.units.slice(0, unitCount).map((u) => u.key),
    ...(unitCount && withFees ? [withFees] : []),
  ]);
  const byKey = new Map(data.items.map((d) => [d.key, d]));
  const codeOf = (key: string) => {
    const d = byKey.get(key)!;
    return composeTaskCode({
      uscc: units.get(d.unitKey)!.uscc,
      level: ctx.config.jurisdiction.level,
      catalogCode: d.content.catalogCode!,
    });
  };
  const items = data.items
    .filter((d) => chosen.has(d.unitKey))
    .map(
      (d): ExchangeItem => ({
        taskCode: codeOf(d.key),
        granularity: d.granularity,
        content: d.draftContent ?? d.content,
        ...(d.handlingCode ? { handlingCode: d.handlingCode } : {}),
        ...(d.parentKey
          ? {
              parentTaskCode: codeOf(d.parentKey),
              ...(byKey.get(d.parentKey)!.handlingCode
                ? { parentHandlingCode: byKey.get(d.parentKey)!.handlingCode }
                : {}),
            }
          : {}),
      }),
    );
  return { data, items };
}

export const jsonLines = (items: readonly ExchangeItem[]) =>
  Buffer.from(items.map((i) => JSON.stringify(i)).join('\n'));

export async function exportBuffer(ctx: AppContext, format: ExportFormat): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  await exportCatalogue(systemUc(ctx), format, stream, { version: 'working' });
  if (!stream.writableEnded) stream.end();
  await ended;
  return Buffer.concat(chunks);
}

/** Every sheet's cells as plain values, for a cell-by-cell comparison. */
export async function workbookCells(buf: Buffer): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out[ws.name] = rows;
  }
  return out;
}

/** The whole demo catalogue as export rows, without a database (for the pure mappings: national layout, CPSV-AP). */
export function demoExportRows(): ExportRow[] {
  const data = generateDemoData();
  const units = new Map(data.units.map((u) => [u.key, u]));
  const byKey = new Map(data.items.map((d) => [d.key, d]));
  const code = (key: string) =>
    composeTaskCode({
      uscc: units.get(byKey.get(key)!.unitKey)!.uscc,
      level: '4',
      catalogCode: byKey.get(key)!.content.catalogCode!,
    });
  return data.items.map((d) => ({
    itemId: d.key,
    taskCode: code(d.key),
    granularity: d.granularity,
    content: d.content,
    ...(d.handlingCode ? { handlingCode: d.handlingCode } : {}),
    ...(d.parentKey
      ? {
          parentTaskCode: code(d.parentKey),
          ...(byKey.get(d.parentKey)!.handlingCode ? { parentHandlingCode: byKey.get(d.parentKey)!.handlingCode } : {}),
        }
      : {}),
    unitName: units.get(d.unitKey)!.name,
    unitUscc: units.get(d.unitKey)!.uscc,
    lifeState: 'active',
    publishedAt: null,
    lastSeq: 3,
  }));
}
