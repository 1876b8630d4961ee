import type { AppContext } from '../../../src/app/context.js';
import type { UseCaseContext } from '../../../src/app/use-case.js';
import { SYSTEM_ACTOR } from '../../../src/auth/actor.js';
import { composeTaskCode } from '../../../src/domain/task-code.js';
import { importItems } from '../../../src/exchange/import.service.js';
import { createUnit } from '../../../src/units/unit.service.js';
import { contentOf, usccOf, type GenItem } from '../../../bench/lib/load-catalogue.js';
// @ts-expect-error plain ESM generator without types
import { generateCatalog, UNITS } from '../../../bench/lib/gen-catalog.mjs';

/** Items per import: each is one transaction (and one file well under the import's size limit). */
const CHUNK = 5000;
const REGION = '330106';

export interface Enlarged {
  items: number;
  seconds: number;
  itemsPerSecond: number;
}

/**
 * Enlarges the demo by `n` generated items (bench/lib/gen-catalog.mjs, seed 42) through the project's bulk
 * path: units by `createUnit`, then the items as JSON Lines through `importItems` with `--as-published`
 * (the initial migration: rules, audit, publication log, public documents, search index), in files of CHUNK.
 */
export async function enlargeDemo(
  ctx: AppContext,
  n: number,
  progress?: (done: number, seconds: number) => void,
): Promise<Enlarged> {
  const uc: UseCaseContext = {
    app: ctx,
    actor: { ...SYSTEM_ACTOR, name: '可靠性压测数据载入' },
    meta: { userAgent: 'shixiang reliability' },
  };
  const level = ctx.config.jurisdiction.level;
  const started = performance.now();
  const usccs = new Map<string, string>();
  for (const [k, name] of (UNITS as string[]).entries()) {
    const uscc = usccOf(k + 1, REGION);
    await createUnit(uc, {
      name,
      uscc,
      nature: '1',
      regionCode: REGION,
      address: `${name}办公楼`,
      phone: '0571-12345678',
    });
    usccs.set(name, uscc);
  }
  let lines: string[] = [];
  let done = 0;
  const flush = async () => {
    const report = await importItems(uc, [{ name: `enlarge-${done}.jsonl`, data: Buffer.from(lines.join('\n')) }], {
      apply: true,
      asPublished: true,
    });
    if (report.problemTotal || report.counts.create !== lines.length) {
      throw new Error(
        `import of ${lines.length} generated items: ${report.counts.create} created, ${report.problemTotal} problems: ${JSON.stringify(report.problems.slice(0, 3))}`,
      );
    }
    done += lines.length;
    lines = [];
    progress?.(done, (performance.now() - started) / 1000);
  };
  let i = 0;
  for (const g of generateCatalog({ n, seed: 42, region: REGION }) as Iterable<GenItem>) {
    const content = contentOf(g, ++i, REGION);
    lines.push(
      JSON.stringify({
        taskCode: composeTaskCode({ uscc: usccs.get(g.unit)!, level, catalogCode: content.catalogCode! }),
        granularity: 'main',
        content,
      }),
    );
    if (lines.length === CHUNK) await flush();
  }
  if (lines.length) await flush();
  const seconds = (performance.now() - started) / 1000;
  return { items: done, seconds: Math.round(seconds), itemsPerSecond: Math.round(done / seconds) };
}
