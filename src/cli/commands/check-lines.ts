import { itemInputIssues, type ItemInput } from '../../items/item-input.schema.js';
import { checkItem, hasBlockingErrors, summarize } from '../../rules/engine.js';
import type { CheckSubject, Finding, RuleContext } from '../../rules/types.js';
import type { FieldIssue } from '../../shared/errors.js';
import { isRecord } from '../../shared/guards.js';

/**
 * The work of `shixiang check` on a batch of lines, the same whether it runs in the command's own thread or in
 * a worker thread (check-worker.ts): lines are independent once the file's 业务办理项 are counted, so batches
 * can be checked in parallel and their output printed in file order.
 */

/** A non-blank line of the file and its number. */
export interface SourceLine {
  line: number;
  source: string;
}

/** First pass over a batch: the lines that are not JSON, and the 实施编码 of each valid 业务办理项. */
export interface CountedBatch {
  /** One message per line that is not JSON, naming the line and column. */
  errors: string[];
  handlingTaskCodes: string[];
}

/** Second pass over a batch: the report's text for it, and what the summary line adds up. */
export interface CheckedBatch {
  /** The batch's report lines joined by newlines; empty when there is nothing to report. */
  text: string;
  failed: boolean;
  errors: number;
  warnings: number;
  overridden: number;
  items: number;
  invalid: number;
}

interface CheckedLine {
  line: number;
  name: string | null;
  findings: Finding[];
  schemaErrors: FieldIssue[];
}

/** Every line of the batch is JSON (else a message per bad line), and the 实施编码 of its valid 业务办理项. */
export function countBatch(file: string, lines: readonly SourceLine[]): CountedBatch {
  const result: CountedBatch = { errors: [], handlingTaskCodes: [] };
  for (const { line, source } of lines) {
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      result.errors.push(
        `${file}: line ${line}, column ${jsonErrorPosition(source, message) + 1}: not valid JSON: ${message}`,
      );
      continue;
    }
    const input = value as Partial<ItemInput> | null;
    if (input?.granularity === 'handling' && typeof input.taskCode === 'string' && itemInputIssues(value).length === 0)
      result.handlingTaskCodes.push(input.taskCode);
  }
  return result;
}

/** Checks every line of the batch (each already proven JSON by countBatch) and renders its report lines. */
export function checkBatch(
  lines: readonly SourceLine[],
  handlingCounts: ReadonlyMap<string, number>,
  context: RuleContext,
  json: boolean,
): CheckedBatch {
  const out: string[] = [];
  const batch: CheckedBatch = { text: '', failed: false, errors: 0, warnings: 0, overridden: 0, items: 0, invalid: 0 };
  for (const { line, source } of lines) {
    const result = checkLine(line, JSON.parse(source), handlingCounts, context);
    batch.failed ||= result.schemaErrors.length > 0 || hasBlockingErrors(result.findings);
    if (json) out.push(JSON.stringify(result));
    else renderLine(result, out);
    const sum = summarize(result.findings);
    batch.errors += sum.errors;
    batch.warnings += sum.warnings;
    batch.overridden += sum.overridden;
    batch.items++;
    if (result.schemaErrors.length) batch.invalid++;
  }
  batch.text = out.join('\n');
  return batch;
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

function renderLine({ line, name, findings, schemaErrors }: CheckedLine, out: string[]): void {
  for (const issue of schemaErrors) out.push(`line ${line}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
  for (const f of findings) {
    const label = f.overridden ? 'OVERRIDDEN' : f.severity.toUpperCase();
    const note = f.overridden ? `（已说明：${f.overridden.justification}）` : '';
    out.push(`line ${line} (${name}): ${label} ${f.rule} ${f.path} ${f.message}${note}`);
  }
}

/** What a check worker is started with (its workerData). */
export interface WorkerSetup {
  file: string;
  context: RuleContext;
  json: boolean;
}

/** A message to a check worker: a batch for either pass, or the 业务办理项 counts the second pass needs. */
export type WorkerTask =
  | { kind: 'count' | 'check'; id: number; lines: SourceLine[] }
  | { kind: 'counts'; counts: Map<string, number> };

/** A check worker's answer to the batch `id`. */
export interface WorkerReply {
  id: number;
  counted?: CountedBatch;
  checked?: CheckedBatch;
  /** The stack of an exception the batch raised. */
  error?: string;
}
