import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount } from '../support/factories.js';
import {
  seedCatalogueFacts,
  seedHistory,
  TODAY,
  TODAY_INSTANT,
  type Expected,
  type History,
  type ItemSpec,
} from './history.js';
import { scorecardReport } from '../../src/evaluation/scorecard.report.js';
import { METRIC_KEYS } from '../../src/evaluation/scorecard.js';
import { channelCoverage, onlineCoverage } from '../../src/evaluation/coverage.report.js';
import { newId } from '../../src/shared/ids.js';
import { accountabilityReport } from '../../src/evaluation/accountability.report.js';
import { parsePeriod } from '../../src/evaluation/period.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { feedbackReport } from '../../src/evaluation/feedback.service.js';

/**
 * Evaluation on two years of seeded history. Art. 23 accountability: every late or never-done record of the period
 * and the totals per unit and per responsible account equal the values the history was generated to have.
 * Scorecards: each figure and the total equal values computed here from the seeded specification.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] evaluation on a two-year history`, () => {
    let t: TestContext;
    let app: App;
    let h: History;
    let specs: ItemSpec[];
    let supervisor: Client;
    let clerk: Client;
    const uc = () => ({ app: t.ctx, actor: SYSTEM_ACTOR, meta: {} });
    const missed = (p: { from: string; to: string }) =>
      h.expected.filter((e) => e.late !== null && e.dueOn >= p.from && e.dueOn <= p.to && e.dueOn < TODAY);
    const sum = (rows: Expected[]) => rows.reduce((s, e) => s + e.late!, 0);
    /**
     * Public feedback that flags an item: within the 90 days up to today (from 2026-09-02) and after the bureau's
     * review (votes keep their day; requests were asked, and reviews made, at 10:00 China time), 5 "没帮助" or 3
     * explanation requests (the defaults).
     */
    const feedbackOf = (i: ItemSpec) => {
      const counts = (day: string) => day >= '2026-09-02' && (!i.feedbackReviewOn || day > i.feedbackReviewOn);
      const unit = h.units.find((u) => u.id === i.unitId)!;
      return {
        unhelpful: i.votes.filter((v) => counts(v.day)).reduce((s, v) => s + v.unhelpful, 0),
        explanations:
          unit.itemId === i.itemId
            ? h.expected.filter((e) => e.kind === 'explanation' && e.unitId === i.unitId && counts(e.arisenOn)).length
            : 0,
      };
    };
    const flagged = (i: ItemSpec) => feedbackOf(i).unhelpful >= 5 || feedbackOf(i).explanations >= 3;

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set(TODAY_INSTANT);
      app = await buildApp(t.ctx);
      h = await seedHistory(t.ctx);
      specs = await seedCatalogueFacts(t.ctx, h, t.clock, t.ctx.config.evaluation.linkCheck.failures);
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
        assert.deepEqual(
          r.rows.map((x) => `${x.kind}:${x.id}:${x.workingDaysLate}:${x.outcome}`).sort(),
          want.map((e) => `${e.kind}:${e.id}:${e.late}:${e.neverDone ? 'never_done' : 'late'}`).sort(),
          key,
        );
        for (const u of h.units) {
          const mine = want.filter((e) => e.unitId === u.id);
          const got = r.byUnit.find((b) => b.key === u.id);
          assert.deepEqual(
            got && [got.late, got.neverDone, got.workingDaysLate],
            mine.length
              ? [mine.filter((e) => !e.neverDone).length, mine.filter((e) => e.neverDone).length, sum(mine)]
              : undefined,
            `${key} ${u.name}`,
          );
        }
        const byAccount = new Map<string, number>();
        for (const e of want)
          byAccount.set(e.accountId ?? 'none', (byAccount.get(e.accountId ?? 'none') ?? 0) + e.late!);
        assert.deepEqual(new Map(r.byAccount.map((b) => [b.key, b.workingDaysLate])), byAccount, `${key} per account`);
      }
    });

    it('keeps completed late records (history) and filters by unit, kind, outcome and account', async () => {
      const period = parsePeriod('2025');
      const unit = h.units[1]!;
      const late = await accountabilityReport(uc(), { period, unitId: unit.id, outcome: 'late' });
      const want = missed(period).filter((e) => e.unitId === unit.id && !e.neverDone);
      assert.equal(late.rows.length, want.length);
      assert.ok(
        late.rows.every((r) => r.doneOn !== null && r.doneOn > r.dueOn),
        'completed, still reported',
      );
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
      detail.eachRow((row, i) => {
        if (i > 1) days += Number(row.getCell(8).value);
      });
      assert.equal(days, sum(want));
    });

    it('scores each unit with figures equal to those computed from the seeded facts', async () => {
      const w = t.ctx.config.evaluation.weights;
      for (const key of ['2025', '2026-Q1', '2024-12-01..2026-11-30']) {
        const period = parsePeriod(key);
        const r = await scorecardReport(uc(), { period });
        for (const u of h.units) {
          const card = r.cards.find((c) => c.unitId === u.id)!;
          const items = specs.filter((s) => s.unitId === u.id);
          const n = items.length;
          const inPeriod = (k: string) =>
            h.expected.filter(
              (e) => e.unitId === u.id && e.kind === k && e.dueOn >= period.from && e.dueOn <= period.to,
            );
          const crs = inPeriod('change_request');
          const exps = inPeriod('explanation');
          const applicable = items.filter((i) => i.online !== 'exempt');
          const want = {
            completeness: items.filter((i) => i.errors === 0).length / n,
            precision: 1 / (1 + items.reduce((s, i) => s + i.warnings, 0) / n),
            timeliness: crs.length ? crs.filter((e) => e.late === null).length / crs.length : 1,
            online: applicable.filter((i) => i.online === 'online').length / applicable.length,
            links: 1 - items.filter((i) => i.brokenLinks > 0).length / n,
            explanations: exps.length ? exps.filter((e) => e.late === null).length / exps.length : 1,
            obligations:
              1 / (1 + h.expected.filter((e) => e.unitId === u.id && e.kind === 'obligation' && e.neverDone).length),
            // Reviewed = published or confirmed unchanged in a campaign within 12 months of today (2025-11-30 on).
            feedback: 1 - items.filter(flagged).length / n,
            review:
              1 -
              items.filter(
                (i) =>
                  i.publishedOn < '2025-11-30' &&
                  !(i.campaign?.status === 'confirmed' && i.campaign.on >= '2025-11-30'),
              ).length /
                n,
          };
          for (const m of METRIC_KEYS)
            assert.ok(
              Math.abs(card.figures[m].score - want[m]) < 1e-9,
              `${key} ${u.name} ${m}: ${card.figures[m].score} vs ${want[m]}`,
            );
          assert.equal(card.figures.timeliness.text, `${crs.filter((e) => e.late === null).length} / ${crs.length}`);
          assert.equal(card.workingDaysLate, sum(crs.filter((e) => e.late !== null)));
          assert.equal(card.figures.links.evidence.length, items.filter((i) => i.brokenLinks > 0).length);
          const total =
            (100 * METRIC_KEYS.reduce((s, m) => s + w[m] * want[m], 0)) / METRIC_KEYS.reduce((s, m) => s + w[m], 0);
          assert.equal(card.total, Math.round(total * 10) / 10, `${key} ${u.name} total`);
        }
      }
    });

    it('flags exactly the items whose public feedback reached a threshold, and lists them for the bureau', async () => {
      const want = specs.filter(flagged);
      assert.ok(want.length >= 2 && want.length < specs.length, 'the history flags some items and not others');
      const r = await feedbackReport(uc(), parsePeriod('2026'));
      assert.deepEqual(
        r.flags.map((f) => [f.itemId, f.counts.unhelpful, f.counts.explanations]).sort(),
        want.map((i) => [i.itemId, feedbackOf(i).unhelpful, feedbackOf(i).explanations]).sort(),
      );
      const votes = specs.flatMap((i) =>
        i.votes.filter((v) => v.day.startsWith('2026')).map((v) => ({ ...v, itemId: i.itemId })),
      );
      assert.equal(
        r.votes.reduce((s, v) => s + v.unhelpful, 0),
        votes.reduce((s, v) => s + v.unhelpful, 0),
      );
      assert.equal(
        r.votes.reduce((s, v) => s + v.helpful, 0),
        votes.reduce((s, v) => s + v.helpful, 0),
      );
      const page = await supervisor.get('/console/evaluation/feedback?period=2026', { accept: 'text/html' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`待复核的事项（${want.length}）`));
      const xlsx = await supervisor.get('/console/evaluation/feedback.xlsx?period=2026');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      assert.equal(wb.getWorksheet('待复核事项')!.rowCount - 1, want.length);
    });

    it('charts how long versions waited for verification per month, on the page and in the xlsx export', async () => {
      // Three published versions get known submission and verification times (instants in UTC; months in China time).
      const moved = specs.filter((i) => i.publishedOn === '2026-10-12').map((i) => i.itemId);
      const times: Array<[string, string]> = [
        ['2026-05-04T02:00:00.000Z', '2026-05-06T02:00:00.000Z'],
        ['2026-05-10T02:00:00.000Z', '2026-05-11T14:00:00.000Z'],
        ['2026-06-30T12:00:00.000Z', '2026-06-30T18:00:00.000Z'],
      ];
      for (const [i, id] of moved.entries()) {
        await t.ctx.db.kysely
          .updateTable('item_versions')
          .set({ submitted_at: times[i]![0], verified_at: times[i]![1] })
          .where('item_id', '=', id)
          .execute();
      }
      // May: 2 and 1.5 days; June: none (the other seeded versions were put straight into 已核验, never submitted); July:
      // the third, verified at 02:00 on 1 July China time after 0.25 days.
      const want = ['1.8 天（最长 2.0 天，2 个）', '—', '0.3 天（最长 0.3 天，1 个）'];
      const page = await supervisor.get('/console/evaluation?period=2026-05-01..2026-07-31', { accept: 'text/html' });
      assert.equal(page.statusCode, 200);
      const chart = /<figure class="chart" id="verification-wait">[\s\S]*?<\/figure>/.exec(page.body)![0];
      assert.match(chart, /<title id="verification-wait-t">核验等待时间（按核验月份）<\/title>/);
      assert.deepEqual(
        [...chart.matchAll(/<tr><th scope="row">([^<]+)<\/th><td class="num">([^<]+)<\/td><\/tr>/g)].map((m) => [
          m[1],
          m[2],
        ]),
        [
          ['2026-05', want[0]],
          ['2026-06', want[1]],
          ['2026-07', want[2]],
        ],
      );
      const xlsx = await supervisor.get('/console/evaluation/dashboard.xlsx?period=2026-05-01..2026-07-31');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('核验等待时间（按核验月份）')!;
      assert.deepEqual(sheet.getColumn(2).values.slice(2), want);
    });

    it('shows the scorecards with the formula and a drill-down per figure, and exports them', async () => {
      const page = await supervisor.get('/console/evaluation/scorecards?period=2025', { accept: 'text/html' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /评分公式/);
      assert.match(page.body, /EVALUATION_WEIGHTS/);
      const unit = h.units[0]!;
      assert.ok(page.body.includes(`/console/evaluation/scorecards/${unit.id}?period=2025#timeliness`));
      const drill = await supervisor.get(`/console/evaluation/scorecards/${unit.id}?period=2025`, {
        accept: 'text/html',
      });
      assert.equal(drill.statusCode, 200);
      const lateCrs = h.expected.filter(
        (e) => e.unitId === unit.id && e.kind === 'change_request' && e.late !== null && e.dueOn.startsWith('2025'),
      );
      for (const e of lateCrs)
        assert.ok(drill.body.includes(`/console/changes/${e.id}`), 'each late request is listed');
      const xlsx = await supervisor.get('/console/evaluation/scorecards.xlsx?period=2025');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const r = await scorecardReport(uc(), { period: parsePeriod('2025') });
      const sheet = wb.getWorksheet('单位评分')!;
      assert.deepEqual(
        sheet.getColumn(2).values.slice(2),
        r.cards.map((c) => c.total),
      );
    });

    it('reports online coverage per unit and type, the items neither online nor exempt, and channel coverage', async () => {
      const c = await onlineCoverage(uc());
      const exempt = specs.filter((i) => i.online === 'exempt').length;
      const online = specs.filter((i) => i.online === 'online').length;
      assert.deepEqual(
        [c.district.items, c.district.online, c.district.exempt, c.district.none],
        [specs.length, online, exempt, specs.length - online - exempt],
      );
      assert.equal(c.district.rate, online / (specs.length - exempt));
      assert.deepEqual(
        c.neither.map((i) => i.id).sort(),
        specs
          .filter((i) => i.online === 'none')
          .map((i) => i.itemId)
          .sort(),
      );
      assert.ok(c.exemptions.every((e) => e.exemption === '涉及国家秘密' && e.reason?.includes('保守国家秘密法')));
      for (const u of h.units)
        assert.equal(c.byUnit.find((b) => b.key === u.id)?.items, specs.filter((i) => i.unitId === u.id).length);

      const now = t.clock.now().toISOString();
      await t.ctx.db.kysely
        .insertInto('channels')
        .values({
          id: newId(),
          name: '教育局网站',
          kind: 'unit_site',
          unit_id: h.units[0]!.id,
          site_url: 'https://jy.example.gov.cn/',
          webhook_url: null,
          webhook_secret: null,
          token_hash: newId(),
          poll_url: null,
          expected_sync: 'report',
          active: 1,
          reported_seq: null,
          reported_hash: null,
          reported_at: null,
          reported_via: null,
          drift_since: null,
          last_poll_error: null,
          created_at: now,
          created_by: null,
          updated_at: now,
          lock_version: 1,
        })
        .execute();
      const ch = await channelCoverage(uc());
      assert.deepEqual(
        ch.units.map((u) => [u.unitId, u.channels[0]!.state]),
        [[h.units[0]!.id, 'unknown']],
      );
      assert.deepEqual(ch.without.map((u) => u.unitId).sort(), [h.units[1]!.id, h.units[2]!.id].sort());
      const page = await supervisor.get('/console/evaluation/coverage', { accept: 'text/html' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`全区网办率 ${((100 * online) / (specs.length - exempt)).toFixed(1)}%`));
      assert.match(page.body, /未登记渠道的单位（2）/);
    });
  });
}
