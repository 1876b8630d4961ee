import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount } from '../support/factories.js';
import { seedHistory, TODAY, TODAY_INSTANT, type Expected, type History } from './history.js';
import { accountabilityReport } from '../../src/evaluation/accountability.report.js';
import { parsePeriod } from '../../src/evaluation/period.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';

/**
 * Art. 23 accountability report on two years of seeded history: every late or never-done record of the period
 * and the totals per unit and per responsible account equal the values the history was generated to have.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] accountability report`, () => {
    let t: TestContext;
    let app: App;
    let h: History;
    let supervisor: Client;
    let clerk: Client;
    const uc = () => ({ app: t.ctx, actor: SYSTEM_ACTOR, meta: {} });
    const missed = (p: { from: string; to: string }) => h.expected.filter((e) => e.late !== null && e.dueOn >= p.from && e.dueOn <= p.to && e.dueOn < TODAY);
    const sum = (rows: Expected[]) => rows.reduce((s, e) => s + e.late!, 0);

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set(TODAY_INSTANT);
      app = await buildApp(t.ctx);
      h = await seedHistory(t.ctx);
      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.61.0.1');
      clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], h.units[0]!.id), t.clock, '10.61.0.2');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('lists exactly the late and never-done records of each year, with their working days late', async () => {
      for (const key of ['2025', '2026', '2025-Q3', '2026-02', '2024-12-01..2026-11-30']) {
        const period = parsePeriod(key);
        const r = await accountabilityReport(uc(), { period });
        const want = missed(period);
        assert.ok(want.length > 0, `${key}: the history has misses`);
        assert.deepEqual(r.rows.map((x) => `${x.kind}:${x.id}:${x.workingDaysLate}:${x.outcome}`).sort(),
          want.map((e) => `${e.kind}:${e.id}:${e.late}:${e.neverDone ? 'never_done' : 'late'}`).sort(), key);
        for (const u of h.units) {
          const mine = want.filter((e) => e.unitId === u.id);
          const got = r.byUnit.find((b) => b.key === u.id);
          assert.deepEqual(got && [got.late, got.neverDone, got.workingDaysLate], mine.length ? [mine.filter((e) => !e.neverDone).length, mine.filter((e) => e.neverDone).length, sum(mine)] : undefined, `${key} ${u.name}`);
        }
        const byAccount = new Map<string, number>();
        for (const e of want) byAccount.set(e.accountId ?? 'none', (byAccount.get(e.accountId ?? 'none') ?? 0) + e.late!);
        assert.deepEqual(new Map(r.byAccount.map((b) => [b.key, b.workingDaysLate])), byAccount, `${key} per account`);
      }
    });

    it('keeps completed late records (history) and filters by unit, kind, outcome and account', async () => {
      const period = parsePeriod('2025');
      const unit = h.units[1]!;
      const late = await accountabilityReport(uc(), { period, unitId: unit.id, outcome: 'late' });
      const want = missed(period).filter((e) => e.unitId === unit.id && !e.neverDone);
      assert.equal(late.rows.length, want.length);
      assert.ok(late.rows.every((r) => r.doneOn !== null && r.doneOn > r.dueOn), 'completed, still reported');
      const explanations = await accountabilityReport(uc(), { period, kind: 'explanation' });
      assert.equal(explanations.rows.length, missed(period).filter((e) => e.kind === 'explanation').length);
      const person = await accountabilityReport(uc(), { period, accountId: unit.clerkId });
      assert.equal(person.rows.length, missed(period).filter((e) => e.accountId === unit.clerkId).length);
    });

    it('renders the filterable page for the bureau, refuses units, and exports the same figures as xlsx', async () => {
      const page = await supervisor.get('/console/evaluation/accountability?period=2025', { accept: 'text/html' });
      assert.equal(page.statusCode, 200);
      const want = missed(parsePeriod('2025'));
      assert.match(page.body, new RegExp(`共 ${want.length} 条`));
      assert.match(page.body, new RegExp(`合计逾期 ${sum(want)} 个工作日`));
      assert.equal((await clerk.get('/console/evaluation/accountability', { accept: 'text/html' })).statusCode, 403);
      const bad = await supervisor.get('/console/evaluation/accountability?period=2025-13', { accept: 'text/html' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /期间格式不正确/);

      const xlsx = await supervisor.get('/console/evaluation/accountability.xlsx?period=2025');
      assert.equal(xlsx.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const detail = wb.getWorksheet('明细')!;
      assert.equal(detail.rowCount - 1, want.length);
      let days = 0;
      detail.eachRow((row, i) => { if (i > 1) days += Number(row.getCell(8).value); });
      assert.equal(days, sum(want));
    });
  });
}
