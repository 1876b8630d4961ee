import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { itemInputIssues, type ItemInput } from '../../items/item-input.schema.js';
import { checkItem, hasBlockingErrors, summarize } from '../../rules/engine.js';
import type { CheckSubject, Finding, RuleContext } from '../../rules/types.js';
import type { FieldIssue } from '../../shared/errors.js';
import { isObjectLike } from '../../shared/guards.js';
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
    const text = await readUtf8(options.file, io);
    if (text === null) return EXIT.USAGE;
    const lines = parseJsonLines(text, options.file, io);
    if (lines === null) return EXIT.USAGE;
    const context: RuleContext = { areaCode: options.areaCode ?? config.jurisdiction.areaCode, jurisdictionLevel: config.jurisdiction.level, itemTypes: config.itemTypes, catalogCodeLengths: config.catalogCodeLengths };
    const results = checkLines(lines, context);
    if (options.json) for (const result of results) io.out(JSON.stringify(result));
    else printReport(results, io);
    const failed = results.some((r) => r.schemaErrors.length > 0 || hasBlockingErrors(r.findings));
    return failed ? EXIT.FINDINGS : EXIT.OK;
  },
};

function parseOptions(args: string[]): { file: string; json: boolean; areaCode?: string } {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, 'area-code': { type: 'string' } } });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one FILE, got ${positionals.length}` : 'FILE is required');
  const areaCode = values['area-code'];
  if (areaCode !== undefined && !/^0\d{2,3}$/.test(areaCode)) throw new UsageError(`--area-code must be a telephone area code such as 0349, got "${areaCode}"`);
  return { file: positionals[0]!, json: values.json ?? false, areaCode };
}

async function readUtf8(file: string, io: CommandIo): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    io.err(`shixiang check: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    io.err(`shixiang check: ${file} is not UTF-8 text (save it as UTF-8, not GBK)`);
    return null;
  }
}

/** Every non-blank line parsed, or null after reporting each line that is not JSON. */
function parseJsonLines(text: string, file: string, io: CommandIo): Array<{ line: number; value: unknown }> | null {
  const parsed: Array<{ line: number; value: unknown }> = [];
  let bad = 0;
  text.split(/\r?\n/).forEach((source, i) => {
    if (source.trim() === '') return;
    try {
      parsed.push({ line: i + 1, value: JSON.parse(source) });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      io.err(`${file}: line ${i + 1}, column ${jsonErrorPosition(source, message) + 1}: not valid JSON: ${message}`);
      bad++;
    }
  });
  return bad ? null : parsed;
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

function checkLines(lines: Array<{ line: number; value: unknown }>, context: RuleContext): CheckedLine[] {
  const items = lines.map(({ line, value }) => ({ line, value, schemaErrors: itemInputIssues(value) }));
  const handlingCounts = new Map<string, number>();
  for (const { value, schemaErrors } of items) {
    const input = value as ItemInput;
    if (schemaErrors.length === 0 && input.granularity === 'handling' && input.taskCode) handlingCounts.set(input.taskCode, (handlingCounts.get(input.taskCode) ?? 0) + 1);
  }
  return items.map(({ line, value, schemaErrors }) => ({
    line,
    name: itemName(value),
    findings: schemaErrors.length ? [] : checkItem(toSubject(value as ItemInput, handlingCounts), context),
    schemaErrors,
  }));
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
  const name = isObjectLike(value) && isObjectLike(value.content) ? value.content.name : undefined;
  return typeof name === 'string' ? name : null;
}

function printReport(results: CheckedLine[], io: CommandIo): void {
  for (const { line, name, findings, schemaErrors } of results) {
    for (const issue of schemaErrors) io.out(`line ${line}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    for (const f of findings) {
      const label = f.overridden ? 'OVERRIDDEN' : f.severity.toUpperCase();
      const note = f.overridden ? `（已说明：${f.overridden.justification}）` : '';
      io.out(`line ${line} (${name}): ${label} ${f.rule} ${f.path} ${f.message}${note}`);
    }
  }
  const totals = summarize(results.flatMap((r) => r.findings));
  const invalid = results.filter((r) => r.schemaErrors.length).length;
  io.out(`checked ${results.length} item(s): ${totals.errors} error(s), ${totals.warnings} warning(s), ${totals.overridden} overridden` +
    (invalid ? `; ${invalid} line(s) not matching the item schema` : ''));
}
