import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { composeTaskCode } from '../../../src/domain/task-code.js';
import { itemCode } from '../../../src/publishing/public.queries.js';
import { licenceContent } from '../../support/factories.js';
import type { ProcessDistrict } from './district.js';
import { serverBundle } from './server-process.js';
import type { Rand, Workload } from './workload.js';

const DIGITS = '零一二三四五六七八九';
const nameOf = (n: number) => `可靠性导入事项${[...String(n)].map((d) => DIGITS[Number(d)]).join('')}号`;

/** How one `shixiang import --apply` ended. */
export type ImportOutcome = 'imported' | 'killed' | 'failed';

export interface ImportFigures {
  runs: number;
  /** Acknowledged: exit 0, so the whole file must be there. */
  imported: number;
  /** Killed with SIGKILL before it finished: the whole file or nothing. */
  killed: number;
  killedFoundWhole: number;
  killedFoundAbsent: number;
  itemsImported: number;
}

/**
 * REL-02 for the bulk path: `shixiang import FILE --apply` (one transaction for the whole file) as a child
 * process beside the server, killed with SIGKILL at a seeded moment: while it reads, half-way through its
 * writes (its "100/N items" progress line) or not at all. Afterwards the file's items are all stored with
 * the file's content or none is, never some; an import that exited 0 is all there. Stored items join the
 * workload, which then edits, submits and publishes them like the others (and the final invariants cover them).
 */
export class ImportLane {
  figures: ImportFigures = {
    runs: 0,
    imported: 0,
    killed: 0,
    killedFoundWhole: 0,
    killedFoundAbsent: 0,
    itemsImported: 0,
  };
  private n = 0;

  constructor(
    readonly d: ProcessDistrict,
    readonly w: Workload,
    readonly rand: Rand,
  ) {}

  /** Writes a file of 101–160 items for one unit, runs the import, kills it (or not), then checks the database. */
  async run(): Promise<string[]> {
    const unit = this.rand.int(0, this.d.units.length - 1);
    const { uscc } = await this.d.t.ctx.db.kysely
      .selectFrom('units')
      .select('uscc')
      .where('id', '=', this.d.units[unit]!)
      .executeTakeFirstOrThrow();
    const level = this.d.t.ctx.config.jurisdiction.level;
    const asPublished = this.rand.next() < 0.5;
    const count = this.rand.int(101, 160);
    const lines: Array<{ name: string; taskCode: string }> = [];
    const file = path.join(this.d.env.DATA_DIR!, `import-${++this.figures.runs}.jsonl`);
    fs.writeFileSync(
      file,
      Array.from({ length: count }, () => {
        const k = ++this.n;
        const catalogCode = `9${String(this.w.tag).padStart(3, '0')}${String(k).padStart(8, '0')}`;
        const taskCode = composeTaskCode({ uscc, level, catalogCode });
        lines.push({ name: nameOf(k), taskCode });
        return JSON.stringify({
          taskCode,
          granularity: 'main',
          content: licenceContent({ name: nameOf(k), catalogCode }),
        });
      }).join('\n'),
    );
    // Where the kill lands: 0 = not at all, 1 = at a seeded moment from the start, 2 = half-way through the writes.
    const kill = this.rand.pick([0, 1, 2, 2]);
    const outcome = await this.spawnImport(
      file,
      asPublished,
      kill === 1 ? this.rand.int(0, 3000) : undefined,
      kill === 2,
    );
    fs.rmSync(file, { force: true });
    if (outcome === 'failed') return [`import ${this.figures.runs}: ${this.lastOutput.slice(-600)}`];

    const db = this.d.t.ctx.db.kysely;
    const rows = await db
      .selectFrom('items')
      .select([
        'id',
        'task_code',
        'handling_code',
        'lock_version',
        'workflow_state',
        'draft_version_id',
        'published_version_id',
      ])
      .where(
        'task_code',
        'in',
        lines.map((l) => l.taskCode),
      )
      .execute();
    const versionIds = rows.map((r) => (r.draft_version_id ?? r.published_version_id)!);
    const contents = new Map(
      (versionIds.length
        ? await db.selectFrom('item_versions').select(['id', 'content']).where('id', 'in', versionIds).execute()
        : []
      ).map((v) => [v.id, v.content]),
    );
    const stored = rows.map((r) => ({
      ...r,
      content: contents.get((r.draft_version_id ?? r.published_version_id)!) ?? '{}',
    }));
    const problems: string[] = [];
    if (outcome === 'killed') {
      this.figures.killed++;
      if (stored.length === count) this.figures.killedFoundWhole++;
      else if (stored.length === 0) this.figures.killedFoundAbsent++;
    } else this.figures.imported++;
    if (stored.length !== count && (outcome === 'imported' || stored.length !== 0)) {
      problems.push(`import ${this.figures.runs} (${outcome}): ${stored.length} of ${count} items stored`);
    }
    for (const s of stored) {
      const name = (JSON.parse(s.content) as { name: string }).name;
      const line = lines.find((l) => l.taskCode === s.task_code)!;
      if (name !== line.name) problems.push(`imported item ${s.task_code}: stored name ${name}, file ${line.name}`);
      const published = s.published_version_id !== null;
      if (published !== asPublished)
        problems.push(`imported item ${s.task_code}: published ${published}, --as-published ${asPublished}`);
      this.w.items.push({
        id: s.id,
        unit,
        code: itemCode(s.task_code, s.handling_code),
        catalogCode: s.task_code.slice(19),
        version: s.lock_version,
        state: s.workflow_state,
        name,
        published,
        busy: false,
      });
    }
    this.figures.itemsImported += stored.length;
    return problems;
  }

  private lastOutput = '';

  private async spawnImport(
    file: string,
    asPublished: boolean,
    killAfterMs: number | undefined,
    killHalfWay: boolean,
  ): Promise<ImportOutcome> {
    const main = await serverBundle();
    const child = spawn(
      process.execPath,
      [main, 'import', file, '--apply', ...(asPublished ? ['--as-published'] : [])],
      {
        env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...this.d.env },
      },
    );
    let output = '';
    let killed = false;
    const kill = () => (killed = child.kill('SIGKILL'));
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
      if (killHalfWay && /^100\/\d+ items/m.test(output) && !killed) kill();
    });
    const timer = killAfterMs === undefined ? undefined : setTimeout(kill, killAfterMs);
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    clearTimeout(timer);
    this.lastOutput = output;
    if (exit.signal === 'SIGKILL') return 'killed';
    return exit.code === 0 ? 'imported' : 'failed';
  }
}
