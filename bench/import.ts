// Bulk import benchmark: N generated items (JSON Lines) imported with --apply into a throwaway SQLite database.
//   npm run bench -- import --n 100000
// Prints items/s and peak RSS. Goal (issue 14): 100,000 items in under 60 s, peak RSS under 1 GB.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext } from '../src/app/context.js';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import { loadConfig } from '../src/config/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { composeTaskCode } from '../src/domain/task-code.js';
import { completeUscc } from '../src/domain/uscc.js';
import { importItems } from '../src/exchange/import.service.js';
import { createUnit } from '../src/units/unit.service.js';
import { licenceContent } from '../test/support/factories.js';

const n = Number(process.argv[process.argv.indexOf('--n') + 1] || 2000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-bench-import-'));
const ctx = await createContext(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, AUDIT_HMAC_KEY: randomBytes(32).toString('hex') }));
try {
  await migrateToLatest(ctx.db);
  const uc = { app: ctx, actor: SYSTEM_ACTOR, meta: {} };
  const uscc = completeUscc('11140603BENCH0000'.replace(/[^0-9A-HJ-NPQRTUWXY]/g, '0'));
  await createUnit(uc, { name: '基准测试单位', uscc, nature: '1', regionCode: '140603', unitReviewEnabled: false });
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const catalogCode = `B${String(i).padStart(11, '0')}`;
    lines.push(JSON.stringify({ taskCode: composeTaskCode({ uscc, level: ctx.config.jurisdiction.level, catalogCode }), granularity: 'main', content: licenceContent({ name: `基准事项${i}`, catalogCode }) }));
  }
  let peak = 0;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
  const started = performance.now();
  const report = await importItems(uc, [{ name: 'bench.jsonl', data: Buffer.from(lines.join('\n')) }], { apply: true });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(`imported ${report.counts.create} items (${report.problemTotal} problems) in ${seconds.toFixed(1)} s = ${Math.round(n / seconds)} items/s; peak RSS ${Math.round(peak / 1024 / 1024)} MB`);
} finally {
  await ctx.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
