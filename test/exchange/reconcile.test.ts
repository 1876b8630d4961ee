import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { importItems } from '../../src/exchange/import.service.js';
import { adoptTheirs, decideDifference, reconcile } from '../../src/exchange/reconcile.service.js';
import type { NationalDocument } from '../../src/exchange/national.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeUnit } from '../support/factories.js';
import { exportBuffer, jsonLines, systemUc } from './support.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] reconciliation with the provincial system's export`, () => {
    let t: TestContext;
    let codes: string[];
    let file: { name: string; data: Buffer };
    before(async () => {
      t = await createTestContext(dialect);
      const [u1, u2] = [await makeUnit(t.ctx), await makeUnit(t.ctx)];
      const level = t.ctx.config.jurisdiction.level;
      const specs = [
        [u1, 1],
        [u1, 2],
        [u2, 3],
        [u2, 4],
      ] as const;
      const items = specs.map(([u, i]) => {
        const catalogCode = `00011705300${i}`;
        return {
          taskCode: composeTaskCode({ uscc: u!.uscc, level, catalogCode }),
          granularity: 'main' as const,
          content: licenceContent({ name: `对账事项${i}`, catalogCode }),
        };
      });
      codes = items.map((i) => i.taskCode);
      const loaded = await importItems(systemUc(t.ctx), [{ name: 'x.jsonl', data: jsonLines(items) }], {
        apply: true,
        asPublished: true,
      });
      assert.deepEqual(loaded.problems, []);
      // The province's copy: item 1 missing, an item we do not have, two elements of item 3 changed.
      const doc = JSON.parse((await exportBuffer(t.ctx, 'national')).toString()) as NationalDocument;
      for (const table of Object.keys(doc) as (keyof NationalDocument)[]) {
        if (Array.isArray(doc[table]))
          (doc[table] as { task_code: string }[]) = (doc[table] as { task_code: string }[]).filter(
            (r) => r.task_code !== codes[0],
          );
      }
      const extra = composeTaskCode({ uscc: u2!.uscc, level, catalogCode: '000117053009' });
      doc.up_task_general_basic.push({
        ...doc.up_task_general_basic[0]!,
        task_code: extra,
        catalog_code: '000117053009',
        task_name: '省级系统独有事项',
      });
      doc.up_task_general_extend.push({ ...doc.up_task_general_extend[0]!, task_code: extra });
      const third = doc.up_task_general_basic.find((r) => r.task_code === codes[2])!;
      third.transact_time = '工作日 9:00-17:00';
      third.promise_day = 7;
      codes.push(extra);
      file = { name: 'province.json', data: Buffer.from(JSON.stringify(doc)) };
    });
    after(async () => t.cleanup());

    it('yields exactly the injected differences, per unit', async () => {
      const report = await reconcile(systemUc(t.ctx), file);
      assert.deepEqual(report.problems, []);
      const entries = report.units.flatMap((u) =>
        u.entries.map((e) => ({
          unit: u.uscc,
          kind: e.kind,
          code: e.taskCode,
          paths: e.differences.map((d) => d.path).sort(),
        })),
      );
      assert.deepEqual(
        entries.sort((a, b) => a.code.localeCompare(b.code)),
        [
          { unit: codes[0]!.slice(0, 18), kind: 'only_here', code: codes[0], paths: [] },
          {
            unit: codes[2]!.slice(0, 18),
            kind: 'different',
            code: codes[2],
            paths: ['promiseLimit.value', 'transactTime'],
          },
          { unit: codes[4]!.slice(0, 18), kind: 'only_there', code: codes[4], paths: [] },
        ].sort((a, b) => a.code!.localeCompare(b.code!)),
      );
      const diff = report.units
        .flatMap((u) => u.entries)
        .find((e) => e.kind === 'different')!
        .differences.find((d) => d.path === 'promiseLimit.value')!;
      assert.deepEqual([diff.ours, diff.theirs], [10, 7]);
    });

    it('our own national export, as xlsx, reconciles with no difference', async () => {
      const ours = await reconcile(systemUc(t.ctx), {
        name: 'ours.xlsx',
        data: await exportBuffer(t.ctx, 'national-xlsx'),
      });
      assert.deepEqual(ours.problems, []);
      assert.deepEqual(ours.totals, { onlyHere: 0, onlyThere: 0, different: 0, decided: 0 });
    });

    it('a known divergence stays out of the next report; adopting theirs imports the item as a draft', async () => {
      await decideDifference(systemUc(t.ctx), {
        taskCode: codes[2]!,
        handlingCode: '',
        path: 'transactTime',
        decision: 'known_divergence',
        theirs: '工作日 9:00-17:00',
        note: '本区窗口时间不同',
      });
      const report = await reconcile(systemUc(t.ctx), file);
      const different = report.units.flatMap((u) => u.entries).find((e) => e.kind === 'different')!;
      assert.deepEqual(
        different.differences.map((d) => d.path),
        ['promiseLimit.value'],
      );
      assert.equal(report.totals.decided, 1);
      const adopted = await adoptTheirs(systemUc(t.ctx), file, codes[4]!, '', true);
      assert.deepEqual(adopted.problems, []);
      assert.equal(adopted.counts.create, 1);
      const row = await t.ctx.db.kysely
        .selectFrom('items')
        .select(['workflow_state', 'name'])
        .where('task_code', '=', codes[4]!)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { workflow_state: 'draft', name: '省级系统独有事项' });
    });

    it('keep ours opens a 变更 change request on the item, with the decision, in one transaction', async () => {
      const item = await t.ctx.db.kysely
        .selectFrom('items')
        .select(['id', 'unit_id'])
        .where('task_code', '=', codes[2]!)
        .executeTakeFirstOrThrow();
      const { changeRequestId } = await decideDifference(systemUc(t.ctx), {
        taskCode: codes[2]!,
        handlingCode: '',
        path: 'promiseLimit.value',
        decision: 'keep_ours',
        theirs: 7,
      });
      assert.ok(changeRequestId);
      const cr = await t.ctx.db.kysely
        .selectFrom('change_requests')
        .selectAll()
        .where('id', '=', changeRequestId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [cr.kind, cr.item_id, cr.unit_id, cr.status, cr.ground],
        ['change', item.id, item.unit_id, 'open', 'art18.4'],
      );
      assert.match(cr.ground_explanation ?? '', /对账.*promiseLimit\.value.*保留本系统/);
      // The item now has a working copy for the unit to carry through review and publication.
      const after = await t.ctx.db.kysely
        .selectFrom('items')
        .select(['draft_version_id', 'workflow_state'])
        .where('id', '=', item.id)
        .executeTakeFirstOrThrow();
      assert.ok(after.draft_version_id);
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', 'in', ['change.created', 'exchange.reconciled'])
        .orderBy('seq', 'desc')
        .limit(2)
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['exchange.reconciled', 'change.created'],
      );
      assert.match(audit[0]!.details ?? '', new RegExp(changeRequestId));
      // Decided: no longer a difference in the next report.
      const report = await reconcile(systemUc(t.ctx), file);
      assert.equal(
        report.units.flatMap((u) => u.entries).find((e) => e.kind === 'different'),
        undefined,
      );
      // A second keep-ours on the same item while its request is open is refused and records nothing.
      await assert.rejects(
        decideDifference(systemUc(t.ctx), {
          taskCode: codes[2]!,
          handlingCode: '',
          path: 'transactTime',
          decision: 'keep_ours',
          theirs: 'x',
        }),
      );
      assert.equal(
        Number(
          (
            await t.ctx.db.kysely
              .selectFrom('change_requests')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('item_id', '=', item.id)
              .executeTakeFirstOrThrow()
          ).n,
        ),
        1,
      );
    });
  });
}
