import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditChain } from '../../src/audit/audit.service.js';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { importItems } from '../../src/exchange/import.service.js';
import { findingsFor } from '../../src/items/findings.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeUnit } from '../support/factories.js';
import { jsonLines, systemUc } from './support.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] batched import writes what one-by-one entry would`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestContext(dialect);
    });
    after(async () => t.cleanup());

    it('a later item of the batch sees an earlier one of another unit under the same 基本编码; one item.created record per item, chain intact', async () => {
      const [u1, u2] = [await makeUnit(t.ctx), await makeUnit(t.ctx)];
      const catalogCode = '000117059901';
      const items = [u1, u2].map((u, i) => ({
        taskCode: composeTaskCode({ uscc: u.uscc, level: t.ctx.config.jurisdiction.level, catalogCode }),
        granularity: 'main' as const,
        content: licenceContent({ name: `同码事项${i}`, catalogCode }),
      }));
      const auditBefore = Number(
        (
          await t.ctx.db.kysely
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      const r = await importItems(systemUc(t.ctx), [{ name: 'same.jsonl', data: jsonLines(items) }], { apply: true });
      assert.deepEqual(r.problems, []);
      const rows = await t.ctx.db.kysely
        .selectFrom('items')
        .select(['id', 'unit_id', 'warning_count', 'task_code', 'handling_code', 'granularity'])
        .where('catalog_code', '=', catalogCode)
        .execute();
      const first = rows.find((x) => x.unit_id === u1.id)!;
      const second = rows.find((x) => x.unit_id === u2.id)!;
      // Entered one by one, the first saw no other unit's item and the second saw the first.
      assert.equal(second.warning_count, first.warning_count + 1);
      const now = await findingsFor(
        t.ctx.db.kysely,
        t.ctx.config,
        {
          id: second.id,
          granularity: 'main',
          taskCode: second.task_code,
          handlingCode: second.handling_code,
          unitId: second.unit_id,
        },
        items[1]!.content,
      );
      assert.equal(now.summary.warnings, second.warning_count);
      const created = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'target_id'])
        .where('seq', '>', auditBefore)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        created.map((a) => a.action),
        ['item.created', 'item.created', 'exchange.imported'],
      );
      assert.deepEqual(
        created.slice(0, 2).map((a) => a.target_id),
        [first.id, second.id],
      );
      assert.ok((await verifyAuditChain(t.ctx.db, t.ctx.keys.audit)).ok);
    });
  });
}
