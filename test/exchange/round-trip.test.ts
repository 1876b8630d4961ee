import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditChain } from '../../src/audit/audit.service.js';
import { importItems } from '../../src/exchange/import.service.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { demoSlice, exportBuffer, jsonLines, systemUc, workbookCells } from './support.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] exchange round trip: export → import into an empty database → export`, () => {
    let a: TestContext;
    let b: TestContext;
    let firstXlsx: Buffer;
    before(async () => {
      [a, b] = await Promise.all([createTestContext(dialect), createTestContext(dialect)]);
      const { items } = await demoSlice(a.ctx, 2);
      await demoSlice(b.ctx, 0);
      const loaded = await importItems(systemUc(a.ctx), [{ name: 'demo.jsonl', data: jsonLines(items) }], {
        apply: true,
      });
      assert.deepEqual(loaded.problems, []);
      assert.equal(loaded.counts.create, items.length);
      firstXlsx = await exportBuffer(a.ctx, 'xlsx');
    });
    after(async () => Promise.all([a.cleanup(), b.cleanup()]));

    it('a dry run reports what would be created and writes nothing', async () => {
      const dry = await importItems(systemUc(b.ctx), [{ name: 'demo.xlsx', data: firstXlsx }], { apply: false });
      assert.deepEqual(dry.problems, []);
      assert.ok(dry.counts.create > 20);
      assert.equal(dry.applied, false);
      const n = await b.ctx.db.kysely
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 0);
    });

    it('xlsx: the second export holds the same cells as the first; importing it again changes nothing', async () => {
      const applied = await importItems(systemUc(b.ctx), [{ name: 'demo.xlsx', data: firstXlsx }], { apply: true });
      assert.deepEqual(applied.problems, []);
      assert.equal(applied.applied, true);
      const second = await exportBuffer(b.ctx, 'xlsx');
      const [one, two] = await Promise.all([workbookCells(firstXlsx), workbookCells(second)]);
      assert.deepEqual(Object.keys(two), Object.keys(one));
      const empty = ['事项基本信息', '设定依据', '办理流程', '申请材料', '收费项目', '常见问题'].filter(
        (sheet) => one[sheet]!.length < 2,
      );
      assert.deepEqual(empty, [], 'the slice fills every main kind of sheet, so the comparison compares something');
      for (const sheet of Object.keys(one)) assert.deepEqual(two[sheet], one[sheet], sheet);
      const again = await importItems(systemUc(b.ctx), [{ name: 'demo.xlsx', data: second }], { apply: true });
      assert.deepEqual(again.counts, { create: 0, change: 0, unchanged: applied.counts.create });
      assert.ok((await verifyAuditChain(b.ctx.db, b.ctx.keys.audit)).ok);
    });

    it('JSON Lines: the same lines after the round trip, and a changed element is reported as a change with its diff', async () => {
      const [one, two] = await Promise.all([exportBuffer(a.ctx, 'jsonl'), exportBuffer(b.ctx, 'jsonl')]);
      assert.equal(two.toString(), one.toString());
      const lines = one
        .toString()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const target = lines.find((l) => l.granularity === 'main');
      target.content.transactTime = '周一至周五 9:00–17:00（导入修改）';
      const changed = await importItems(
        systemUc(b.ctx),
        [{ name: 'x.jsonl', data: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')) }],
        { apply: false },
      );
      assert.equal(changed.counts.change, 1);
      assert.deepEqual(
        changed.items.find((i) => i.action === 'change')!.changes.map((c) => c.path),
        ['transactTime'],
      );
    });
  });
}
