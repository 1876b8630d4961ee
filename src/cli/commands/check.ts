import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { itemInputIssues, type ItemInput } from '../../items/item-input.schema.js';
import { checkItem, hasBlockingErrors, summarize } from '../../rules/engine.js';
import type { CheckSubject, Finding, RuleContext } from '../../rules/types.js';
import type { FieldIssue } from '../../shared/errors.js';
import { isRecord } from '../../shared/guards.js';
import { configOrExit } from '../boot.js';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.js';

const USAGE = `usage: shixiang check FILE [--json] [--area-code CODE]

Checks every item of FILE against the rules (docs/rules.md) without a database. FILE is JSON Lines: one item
per line, shaped like the API's create body (see docs/cli.md); blank lines are ignored.

  --json             print one JSON object per input line: {line, name, findings, schemaErrors}
  --area-code CODE   telephone area code the phones must carry (default: JURISDICTION_AREA_CODE, 0349)

Offline, the legal-basis register and the base catalogue are not consulted (no legal.* findings).
Exit status: 0 no errors, 1 an error finding or schema error, 2 FILE unreadable, not UTF-8 or not JSON.`;

interface CheckedLine {
  line: number;
  name: string | null;
  findings: Finding[];
  schemaErrors: FieldIssue[];
}

/** `shixiang check FILE`: schema-validate and rule-check a JSON Lines file of items. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'check items in a JSON Lines file against the rules (no database needed)',
  usage: USAGE,
  async run(args, io) {
    const options = parseOptions(args);
    const config = configOrExit(io);
    if (typeof config === 'number') return config;
    // Two streaming passes keep memory flat whatever the file's size: the first proves every line is UTF-8
    // JSON (nothing is printed for a file that is not) and counts each 子项's 业务办理项; the second checks and
    // prints line by line.
    const handlingCounts = await countHandlingItems(options.file, io);
    if (handlingCounts === null) return EXIT.USAGE;
    const context: RuleContext = {
      areaCode: options.areaCode ?? config.jurisdiction.areaCode,
      jurisdictionLevel: config.jurisdiction.level,
      itemTypes: config.itemTypes,
      catalogCodeLengths: config.catalogCodeLengths,
    };
    const totals = { errors: 0, warnings: 0, overridden: 0, items: 0, invalid: 0 };
    let failed = false;
    for await (const { line, source } of jsonLines(options.file)) {
      const result = checkLine(line, JSON.parse(source), handlingCounts, context);
      failed ||= result.schemaErrors.length > 0 || hasBlockingErrors(result.findings);
      if (options.json) io.out(JSON.stringify(result));
      else printLine(result, io);
      const sum = summarize(result.findings);
      totals.errors += sum.errors;
      totals.warnings += sum.warnings;
      totals.overridden += sum.overridden;
      totals.items++;
      if (result.schemaErrors.length) totals.invalid++;
    }
    if (!options.json) {
      io.out(
        `checked ${totals.items} item(s): ${totals.errors} error(s), ${totals.warnings} warning(s), ${totals.overridden} overridden` +
          (totals.invalid ? `; ${totals.invalid} line(s) not matching the item schema` : ''),
      );
    }
    return failed ? EXIT.FINDINGS : EXIT.OK;
  },
};

function parseOptions(args: string[]): { file: string; json: boolean; areaCode?: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, 'area-code': { type: 'string' } },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1)
    throw new UsageError(positionals.length ? `expected one FILE, got ${positionals.length}` : 'FILE is required');
  const areaCode = values['area-code'];
  if (areaCode !== undefined && !/^0\d{2,3}$/.test(areaCode))
    throw new UsageError(`--area-code must be a telephone area code such as 0349, got "${areaCode}"`);
  return { file: positionals[0]!, json: values.json ?? false, areaCode };
}

/** The non-blank lines of FILE with their numbers, read in chunks; throws NotUtf8 on a byte sequence that is not UTF-8. */
async function* jsonLines(file: string): AsyncGenerator<{ line: number; source: string }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let line = 0;
  const split = function* (text: string, final: boolean) {
    const parts = (rest + text).split(/\r?\n/);
    rest = final ? '' : parts.pop()!;
    for (const source of parts) {
      line++;
      if (source.trim() !== '') yield { line, source };
    }
  };
  for await (const chunk of createReadStream(file)) {
    let text: string;
    try {
      text = decoder.decode(chunk as Buffer, { stream: true });
    } catch {
      throw new NotUtf8();
    }
    yield* split(text, false);
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new NotUtf8();
  }
  yield* split(tail, true);
}

class NotUtf8 extends Error {}

/**
 * First pass: every line is JSON (else each bad line is reported and null returned), and how many 业务办理项
 * each 实施编码 has in the file. Only lines that mention a handling granularity are kept past parsing.
 */
async function countHandlingItems(file: string, io: CommandIo): Promise<Map<string, number> | null> {
  const counts = new Map<string, number>();
  let bad = 0;
  try {
    for await (const { line, source } of jsonLines(file)) {
      let value: unknown;
      try {
        value = JSON.parse(source);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        io.err(`${file}: line ${line}, column ${jsonErrorPosition(source, message) + 1}: not valid JSON: ${message}`);
        bad++;
        continue;
      }
      const input = value as Partial<ItemInput> | null;
      if (
        input?.granularity === 'handling' &&
        typeof input.taskCode === 'string' &&
        itemInputIssues(value).length === 0
      ) {
        counts.set(input.taskCode, (counts.get(input.taskCode) ?? 0) + 1);
      }
    }
  } catch (e) {
    if (e instanceof NotUtf8) io.err(`shixiang check: ${file} is not UTF-8 text (save it as UTF-8, not GBK)`);
    else io.err(`shixiang check: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  return bad ? null : counts;
}

/**
 * Offset of a JSON syntax error. Some V8 messages ("Unexpected token '}', … is not valid JSON") carry no
 * position; then it is found as the shortest prefix of the line that fails before its end (a prefix that
 * merely stops early fails with "Unexpected end of JSON input" or at its own length).
 */
function jsonErrorPosition(source: string, message: string): number {
  const reported = reportedPosition(message);
  if (reported !== null) return reported;
  const failsBeforeEnd = (prefix: string) => {
    try {
      JSON.parse(prefix);
      return false;
    } catch (e) {
      const prefixMessage = e instanceof Error ? e.message : '';
      const at = reportedPosition(prefixMessage);
      return !/end of JSON input/.test(prefixMessage) && (at === null || at < prefix.length);
    }
  };
  let [low, high] = [0, source.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (failsBeforeEnd(source.slice(0, mid + 1))) high = mid;
    else low = mid + 1;
  }
  return low;
}

function reportedPosition(message: string): number | null {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

function checkLine(
  line: number,
  value: unknown,
  handlingCounts: ReadonlyMap<string, number>,
  context: RuleContext,
): CheckedLine {
  const schemaErrors = itemInputIssues(value);
  return {
    line,
    name: itemName(value),
    findings: schemaErrors.length ? [] : checkItem(toSubject(value as ItemInput, handlingCounts), context),
    schemaErrors,
  };
}

/**
 * A 子项 whose 业务办理项 are in the same file has children (they share its 实施编码), so it only needs
 * its basic elements; other parent-child links cannot be seen in a file and count as none.
 */
function toSubject(input: ItemInput, handlingCounts: ReadonlyMap<string, number>): CheckSubject {
  return {
    granularity: input.granularity,
    taskCode: input.taskCode,
    ...(input.handlingCode !== undefined && { handlingCode: input.handlingCode }),
    content: input.content,
    ...(input.unitUscc && { unit: { uscc: input.unitUscc } }),
    childCount: input.granularity === 'handling' || !input.taskCode ? 0 : (handlingCounts.get(input.taskCode) ?? 0),
  };
}

function itemName(value: unknown): string | null {
  const name = isRecord(value) && isRecord(value.content) ? value.content.name : undefined;
  return typeof name === 'string' ? name : null;
}

function printLine({ line, name, findings, schemaErrors }: CheckedLine, io: CommandIo): void {
  for (const issue of schemaErrors) io.out(`line ${line}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
  for (const f of findings) {
    const label = f.overridden ? 'OVERRIDDEN' : f.severity.toUpperCase();
    const note = f.overridden ? `（已说明：${f.overridden.justification}）` : '';
    io.out(`line ${line} (${name}): ${label} ${f.rule} ${f.path} ${f.message}${note}`);
  }
}
