import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { RuleContext } from '../../rules/types.js';
import { configOrExit } from '../boot.js';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.js';
import {
  checkBatch,
  countBatch,
  type CheckedBatch,
  type CountedBatch,
  type SourceLine,
  type WorkerReply,
  type WorkerSetup,
  type WorkerTask,
} from './check-lines.js';

const USAGE = `usage: shixiang check FILE [--json] [--area-code CODE] [--jobs N]

Checks every item of FILE against the rules (docs/rules.md) without a database. FILE is JSON Lines: one item
per line, shaped like the API's create body (see docs/cli.md); blank lines are ignored.

  --json             print one JSON object per input line: {line, name, findings, schemaErrors}
  --area-code CODE   telephone area code the phones must carry (default: JURISDICTION_AREA_CODE, 0349)
  --jobs N           worker threads checking lines (default: one per core beyond the first on machines with three
                     or more, for a file over 1 MB; 1: none)

Offline, the legal-basis register and the base catalogue are not consulted (no legal.* findings).
Exit status: 0 no errors, 1 an error finding or schema error, 2 FILE unreadable, not UTF-8 or not JSON.`;

/** `shixiang check FILE`: schema-validate and rule-check a JSON Lines file of items. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'check items in a JSON Lines file against the rules (no database needed)',
  usage: USAGE,
  async run(args, io) {
    const options = parseOptions(args);
    const config = configOrExit(io);
    if (typeof config === 'number') return config;
    const context: RuleContext = {
      areaCode: options.areaCode ?? config.jurisdiction.areaCode,
      jurisdictionLevel: config.jurisdiction.level,
      itemTypes: config.itemTypes,
      catalogCodeLengths: config.catalogCodeLengths,
    };
    // One thread on two cores: measured on 96,935 items, two workers finished in 8.2 s at 355 MB against 8.5 s at
    // 146 MB in the command's own thread (the main thread's reading and ordering already use the second core, and
    // each worker is a V8 heap of its own). From three cores, one worker per core beside the reading thread.
    const cores = availableParallelism();
    const jobs = options.jobs ?? (fileSize(options.file) > PARALLEL_FILE_BYTES && cores > 2 ? cores - 1 : 1);
    const workers = jobs > 1 ? new CheckWorkers(jobs, { file: options.file, context, json: options.json }) : null;
    try {
      return await checkFile(options, context, workers, io);
    } finally {
      await workers?.close();
    }
  },
};

/**
 * Lines per batch: enough per message for the workers; fewer in the command's own thread, where a larger batch
 * only keeps more objects alive past the young generation (30,000 items: peak RSS 211 MB with 100, 153 MB with 25).
 */
const BATCH_LINES = { workers: 100, thread: 25 };
/** Smaller files are checked in the command's thread: starting the workers would take longer. */
const PARALLEL_FILE_BYTES = 1 << 20;

/** Size of FILE in bytes; 0 when it cannot be read (the first pass reports that). */
function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Two streaming passes keep memory flat whatever the file's size: the first proves every line is UTF-8 JSON
 * (nothing is printed for a file that is not) and counts each 子项's 业务办理项; the second checks and prints.
 * Both hand batches of lines to the workers, if any, and use their results in file order, so the output is
 * the same as from one thread.
 */
async function checkFile(
  options: { file: string; json: boolean },
  context: RuleContext,
  workers: CheckWorkers | null,
  io: CommandIo,
): Promise<number> {
  const inFlight = workers ? workers.size * 2 : 1;
  const batchLines = workers ? BATCH_LINES.workers : BATCH_LINES.thread;
  const handlingCounts = new Map<string, number>();
  let bad = 0;
  try {
    await inFileOrder(
      batches(options.file, batchLines),
      (lines) => (workers ? workers.count(lines) : Promise.resolve(countBatch(options.file, lines))),
      inFlight,
      (counted: CountedBatch) => {
        for (const message of counted.errors) io.err(message);
        bad += counted.errors.length;
        for (const code of counted.handlingTaskCodes) handlingCounts.set(code, (handlingCounts.get(code) ?? 0) + 1);
      },
    );
  } catch (e) {
    if (e instanceof WorkerFailed) throw e;
    if (e instanceof NotUtf8) io.err(`shixiang check: ${options.file} is not UTF-8 text (save it as UTF-8, not GBK)`);
    else io.err(`shixiang check: cannot read ${options.file}: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.USAGE;
  }
  if (bad) return EXIT.USAGE;
  workers?.setHandlingCounts(handlingCounts);
  const totals = { errors: 0, warnings: 0, overridden: 0, items: 0, invalid: 0 };
  let failed = false;
  await inFileOrder(
    batches(options.file, batchLines),
    (lines) =>
      workers ? workers.check(lines) : Promise.resolve(checkBatch(lines, handlingCounts, context, options.json)),
    inFlight,
    (checked: CheckedBatch) => {
      if (checked.text) io.out(checked.text);
      failed ||= checked.failed;
      totals.errors += checked.errors;
      totals.warnings += checked.warnings;
      totals.overridden += checked.overridden;
      totals.items += checked.items;
      totals.invalid += checked.invalid;
    },
  );
  if (!options.json) {
    io.out(
      `checked ${totals.items} item(s): ${totals.errors} error(s), ${totals.warnings} warning(s), ${totals.overridden} overridden` +
        (totals.invalid ? `; ${totals.invalid} line(s) not matching the item schema` : ''),
    );
  }
  return failed ? EXIT.FINDINGS : EXIT.OK;
}

/**
 * Runs `work` on each batch, at most `inFlight` at once, and hands the results to `use` in batch order. When
 * reading fails, the batches read before are still used, then the read error is thrown; a failed batch throws
 * at once.
 */
async function inFileOrder<R>(
  source: AsyncIterable<SourceLine[]>,
  work: (lines: SourceLine[]) => Promise<R>,
  inFlight: number,
  use: (result: R) => void,
): Promise<void> {
  const queue: Array<Promise<R>> = [];
  const reader = source[Symbol.asyncIterator]();
  let readError: { error: unknown } | null = null;
  try {
    for (;;) {
      let next: IteratorResult<SourceLine[]>;
      try {
        next = await reader.next();
      } catch (error) {
        readError = { error };
        break;
      }
      if (next.done) break;
      const result = work(next.value);
      // Awaited in order below; until then a failure must not count as unhandled.
      result.catch(() => {});
      queue.push(result);
      if (queue.length >= inFlight) use(await queue.shift()!);
    }
  } finally {
    if (!readError) await reader.return?.();
  }
  while (queue.length) use(await queue.shift()!);
  if (readError) throw readError.error;
}

/** The non-blank lines of FILE in batches of `size` lines. */
async function* batches(file: string, size: number): AsyncGenerator<SourceLine[]> {
  let batch: SourceLine[] = [];
  for await (const line of jsonLines(file)) {
    batch.push(line);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * A thread running check-worker.ts: the compiled module beside this one, or, run from source (tests, tsx), the
 * TypeScript one, after registering tsx's loader, which a worker thread does not inherit.
 */
function startWorker(setup: WorkerSetup): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./check-worker.js', import.meta.url), { workerData: setup });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./check-worker.ts', import.meta.url).href);
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); })`, {
    eval: true,
    workerData: setup,
  });
}

/** Worker threads (check-worker.ts) checking batches of lines; each answers its batches in the order sent. */
class CheckWorkers {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(count: number, setup: WorkerSetup) {
    this.workers = Array.from({ length: count }, () => {
      const worker = startWorker(setup);
      worker.on('message', (reply: WorkerReply) => {
        const waiting = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.error !== undefined) waiting?.reject(new WorkerFailed(reply.error));
        else waiting?.resolve(reply);
      });
      worker.on('error', (e) => this.failAll(new WorkerFailed(e.stack ?? e.message)));
      worker.on('exit', (code) => {
        if (code !== 0) this.failAll(new WorkerFailed(`exited with code ${code}`));
      });
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  count(lines: SourceLine[]): Promise<CountedBatch> {
    return this.send('count', lines).then((reply) => reply.counted!);
  }

  check(lines: SourceLine[]): Promise<CheckedBatch> {
    return this.send('check', lines).then((reply) => reply.checked!);
  }

  /** The first pass's counts, for every batch sent after this. */
  setHandlingCounts(counts: Map<string, number>): void {
    const task: WorkerTask = { kind: 'counts', counts };
    for (const worker of this.workers) worker.postMessage(task);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private send(kind: 'count' | 'check', lines: SourceLine[]): Promise<WorkerReply> {
    // A worker that died would never answer.
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const task: WorkerTask = { kind, id, lines };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Batches go round the workers; they take equal work, and results are used in order anyway.
      this.workers[id % this.workers.length]!.postMessage(task);
    });
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}

function parseOptions(args: string[]): { file: string; json: boolean; areaCode?: string; jobs?: number } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, 'area-code': { type: 'string' }, jobs: { type: 'string' } },
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
  if (values.jobs !== undefined && !/^[1-9]\d{0,2}$/.test(values.jobs))
    throw new UsageError(`--jobs must be a number of threads such as 2, got "${values.jobs}"`);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  return { file: positionals[0]!, json: values.json ?? false, areaCode, jobs };
}

/** The non-blank lines of FILE with their numbers, read in chunks; throws NotUtf8 on a byte sequence that is not UTF-8. */
async function* jsonLines(file: string): AsyncGenerator<SourceLine> {
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

/** A worker thread failed: a bug, not a problem of the file; main reports it as a crash. */
class WorkerFailed extends Error {
  constructor(detail: string) {
    super(`check worker: ${detail}`);
  }
}
