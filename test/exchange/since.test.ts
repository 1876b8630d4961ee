import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/main.js';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { importItems } from '../../src/exchange/import.service.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeUnit } from '../support/factories.js';
import { jsonLines, systemUc } from './support.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] shixiang export --since SEQ: the items published after a publication sequence`, () => {
    let t: TestContext;
    let codes: string[];
    let seqs: number[];
    before(async () => {
      t = await createTestContext(dialect);
      const unit = await makeUnit(t.ctx);
      const items = ['甲', '乙', '丙'].map((name, i) => {
        const catalogCode = `S${String(i).padStart(11, '0')}`;
        return {
          taskCode: composeTaskCode({ uscc: unit.uscc, level: t.ctx.config.jurisdiction.level, catalogCode }),
          granularity: 'main' as const,
          content: licenceContent({ name: `增量导出${name}`, catalogCode }),
        };
      });
      codes = items.map((i) => i.taskCode);
      // Published one after another: each item gets its own publication sequence, in this order.
      for (const item of items) {
        const r = await importItems(systemUc(t.ctx), [{ name: 'one.jsonl', data: jsonLines([item]) }], {
          apply: true,
          asPublished: true,
        });
        assert.equal(r.counts.create, 1);
      }
      const pubs = await t.ctx.db.kysely
        .selectFrom('publications')
        .innerJoin('items', 'items.id', 'publications.item_id')
        .select(['publications.seq', 'items.task_code'])
        .orderBy('publications.seq')
        .execute();
      assert.deepEqual(
        pubs.map((p) => p.task_code),
        codes,
      );
      seqs = pubs.map((p) => Number(p.seq));
    });
    after(async () => t.cleanup());

    const exported = async (args: string[], file: string): Promise<string[]> => {
      const out = path.join(t.env.DATA_DIR!, file);
      const lines: string[] = [];
      assert.equal(
        await runCli(['export', out, ...args], { out: (s) => lines.push(s), err: (s) => lines.push(s), env: t.env }),
        0,
        lines.join('\n'),
      );
      const text = fs.readFileSync(out, 'utf8');
      if (file.endsWith('.jsonl'))
        return text
          .split('\n')
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as { taskCode: string }).taskCode);
      return (JSON.parse(text) as { up_task_general_basic: Array<{ task_code: string }> }).up_task_general_basic.map(
        (r) => r.task_code,
      );
    };

    it('national layout: only items published after SEQ; none after the last one', async () => {
      assert.deepEqual(await exported(['--since', String(seqs[0]! - 1)], 'all.json'), codes);
      assert.deepEqual(await exported(['--since', String(seqs[1]!)], 'after-second.json'), [codes[2]]);
      assert.deepEqual(await exported(['--since', String(seqs[2]!)], 'none.json'), []);
    });

    it('JSON Lines of the public versions: the same cut', async () => {
      assert.deepEqual(
        await exported(['--published', '--since', String(seqs[0]!)], 'after-first.jsonl'),
        codes.slice(1),
      );
    });

    it('a --since that is no sequence number is a usage error (exit 2)', async () => {
      assert.equal(
        await runCli(['export', path.join(t.env.DATA_DIR!, 'x.json'), '--since', 'yesterday'], {
          out: () => {},
          err: () => {},
          env: t.env,
        }),
        2,
      );
    });
  });
}
