import fs from 'node:fs';
import { SYSTEM_ACTOR } from '../../auth/actor.js';
import type { UseCaseContext } from '../../app/use-case.js';
import type { AppContext } from '../../app/context.js';
import { EXPORT_FORMATS, exportCatalogue, type ExportFormat } from '../../exchange/export.service.js';
import { importItems, reportLines } from '../../exchange/import.service.js';
import { writeWorkbook } from '../../exchange/workbook.js';
import { adoptTheirs, KIND_LABELS, reconcile, writeReconcileWorkbook } from '../../exchange/reconcile.service.js';
import { describeProblem } from '../../exchange/problems.js';
import { findUnit, findUnitByUscc } from '../../units/unit.repository.js';
import { withContext } from '../boot.js';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.js';

/** Takes `--name VALUE` out of args; undefined when absent. */
export function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

export function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}

/** Runs a writer into a file and waits until the file is closed (written to disk). */
export async function intoFile<T>(file: string, write: (stream: fs.WriteStream) => Promise<T>): Promise<T> {
  const stream = fs.createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => stream.on('close', () => resolve()).on('error', reject));
  const result = await write(stream);
  if (!stream.writableEnded) stream.end();
  await closed;
  return result;
}

const cliActor = (ctx: AppContext, what: string): UseCaseContext => ({
  app: ctx,
  actor: { ...SYSTEM_ACTOR, name: `命令行${what}` },
  meta: { userAgent: `shixiang ${what}` },
});

export const templateCommand: Command = {
  name: 'template',
  summary: 'write the blank import template (xlsx: sheets, Chinese headers, drop-downs, 填写说明)',
  usage:
    'usage: shixiang template FILE.xlsx\n\nWrites the exchange workbook with no items: the same layout `export` fills and `import` reads, generated from the item schema.',
  async run(args, io) {
    if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError('expected one output file');
    await intoFile(args[0]!, (stream) => writeWorkbook(stream));
    io.out(`template written to ${args[0]}`);
    return EXIT.OK;
  },
};

export const importCommand: Command = {
  name: 'import',
  summary: 'bulk import items from the template (xlsx), CSV (UTF-8/GB18030) or JSON Lines; dry run unless --apply',
  usage: [
    'usage: shixiang import FILE... [--apply] [--as-published]',
    '',
    'Reads the files (an xlsx workbook in the template layout; CSV files named after their sheet, e.g. 申请材料.csv;',
    'or JSON Lines, one item per line), checks everything and prints what would be created, changed (with the',
    'element diff) and left alone, or every problem with its sheet, row and column.',
    '',
    '--apply          write it, in one transaction (the whole file or nothing); new items are drafts',
    '--as-published   initial migration: new items are published at once (recorded in the audit trail)',
    '',
    'Exit 0 when the import is clean (and applied with --apply), 2 when the files have problems (nothing written).',
  ].join('\n'),
  async run(args, io) {
    const rest = [...args];
    const apply = takeFlag(rest, '--apply');
    const asPublished = takeFlag(rest, '--as-published');
    if (!rest.length || rest.some((a) => a.startsWith('-'))) throw new UsageError('expected one or more input files');
    const files: { name: string; data: Buffer }[] = [];
    for (const name of rest) {
      if (!fs.existsSync(name)) {
        io.err(`import: ${name}: no such file`);
        return EXIT.USAGE;
      }
      files.push({ name, data: fs.readFileSync(name) });
    }
    return withContext(io, async (ctx) => {
      const started = Date.now();
      const progress = progressLine(io, started);
      const report = await importItems(cliActor(ctx, '导入'), files, { apply, asPublished, onProgress: progress });
      for (const line of reportLines(report)) io.out(line);
      return report.problemTotal ? EXIT.USAGE : EXIT.OK;
    });
  },
};

/** `1200/5000 items, 340 items/s, ETA 11 s` on stderr. */
function progressLine(io: CommandIo, started: number) {
  return (done: number, total: number) => {
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    io.err(
      `${done}/${total} items, ${Math.round(rate)} items/s, ETA ${Math.ceil((total - done) / Math.max(rate, 1))} s`,
    );
  };
}

export async function resolveUnit(ctx: AppContext, ref: string | undefined): Promise<string | undefined | null> {
  if (!ref) return undefined;
  const unit = (await findUnit(ctx.db.kysely, ref)) ?? (await findUnitByUscc(ctx.db.kysely, ref));
  return unit?.id ?? null;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export items: the filled template (xlsx) or JSON Lines',
  usage: [
    'usage: shixiang export FILE [--format xlsx|jsonl|national|national-xlsx|cpsv] [--unit UNIT] [--published] [--since SEQ]',
    '',
    'The format follows the file name (.xlsx template, .jsonl, .json national layout, .jsonld CPSV-AP) unless --format says otherwise:',
    '  xlsx            the import template, filled (export → import changes nothing)',
    '  jsonl           JSON Lines, one item per line (the import reads it)',
    '  national        the national exchange layout (up_task_* tables and field names) as JSON; national-xlsx: one sheet per table',
    '  cpsv            CPSV-AP 3.2 JSON-LD (EU Core Public Service Vocabulary)',
    'national and cpsv hold published versions; --since SEQ: only items published after publication sequence SEQ.',
    "Each item's working draft where it has one, else its public version (what `import` compares with);",
    '--published: public versions only. Cancelled items are left out. --unit: one unit (id or 统一社会信用代码).',
  ].join('\n'),
  async run(args, io) {
    const rest = [...args];
    const unitRef = takeOption(rest, '--unit');
    const published = takeFlag(rest, '--published');
    const formatOption = takeOption(rest, '--format');
    const since = takeOption(rest, '--since');
    if (since !== undefined && !/^\d+$/.test(since))
      throw new UsageError('--since needs a publication sequence number');
    if (rest.length !== 1 || rest[0]!.startsWith('-')) throw new UsageError('expected one output file');
    const file = rest[0]!;
    const format = (formatOption ??
      (/\.jsonl$/i.test(file)
        ? 'jsonl'
        : /\.jsonld$/i.test(file)
          ? 'cpsv'
          : /\.json$/i.test(file)
            ? 'national'
            : 'xlsx')) as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"`);
    return withContext(io, async (ctx) => {
      const unitId = await resolveUnit(ctx, unitRef);
      if (unitId === null) {
        io.err(`export: unit ${unitRef} not found`);
        return EXIT.USAGE;
      }
      const result = await intoFile(file, (stream) =>
        exportCatalogue(cliActor(ctx, '导出'), format, stream, {
          version: published ? 'published' : 'working',
          ...(unitId ? { unitId } : {}),
          ...(since ? { sinceSeq: Number(since) } : {}),
        }),
      );
      io.out(`exported ${result.items} items to ${file}`);
      return EXIT.OK;
    });
  },
};

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: "compare the published catalogue with the provincial system's export (national layout or template)",
  usage: [
    'usage: shixiang reconcile FILE [--xlsx OUT.xlsx] [--adopt TASKCODE[/HANDLINGCODE] [--apply]]',
    '',
    'Lists, per unit, items only here, items only in FILE and element-by-element differences (decided elements',
    "are left out until the province's value changes). --xlsx writes the report as a workbook.",
    '--adopt CODE: take the provincial version of one item through the import (dry run unless --apply).',
    'Exit 0 when the catalogues agree, 1 when there are differences, 2 when FILE has problems.',
  ].join('\n'),
  async run(args, io) {
    const rest = [...args];
    const out = takeOption(rest, '--xlsx');
    const adopt = takeOption(rest, '--adopt');
    const apply = takeFlag(rest, '--apply');
    if (rest.length !== 1 || rest[0]!.startsWith('-')) throw new UsageError('expected one provincial export file');
    if (!fs.existsSync(rest[0]!)) {
      io.err(`reconcile: ${rest[0]}: no such file`);
      return EXIT.USAGE;
    }
    const file = { name: rest[0]!, data: fs.readFileSync(rest[0]!) };
    return withContext(io, async (ctx) => {
      const uc = cliActor(ctx, '对账');
      if (adopt) {
        const [taskCode, handlingCode = ''] = adopt.split('/');
        const report = await adoptTheirs(uc, file, taskCode!, handlingCode, apply);
        for (const p of report.problems) io.err(describeProblem(p));
        io.out(
          report.problemTotal
            ? `not adopted (${report.problemTotal} problems)`
            : `${report.applied ? 'adopted' : 'would adopt'}: ${report.counts.create} created, ${report.counts.change} changed`,
        );
        return report.problemTotal ? EXIT.USAGE : EXIT.OK;
      }
      const report = await reconcile(uc, file);
      if (report.problemTotal) {
        for (const p of report.problems) io.err(describeProblem(p));
        return EXIT.USAGE;
      }
      for (const unit of report.units) {
        io.out(`${unit.name} (${unit.uscc})`);
        for (const e of unit.entries)
          io.out(
            `  ${KIND_LABELS[e.kind]} ${e.taskCode}${e.handlingCode ? `/${e.handlingCode}` : ''} ${e.name}${e.differences.length ? `: ${e.differences.map((d) => d.path).join(', ')}` : ''}`,
          );
      }
      const t = report.totals;
      io.out(`only here ${t.onlyHere}, only there ${t.onlyThere}, different ${t.different}, decided ${t.decided}`);
      if (out) await intoFile(out, (stream) => writeReconcileWorkbook(stream, report));
      return t.onlyHere + t.onlyThere + t.different ? EXIT.FINDINGS : EXIT.OK;
    });
  },
};
