import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyAuditChain } from '../../src/audit/audit.service.js';
import { seedDemo, seedDemoIfEmpty, type SeedResult } from '../../src/demo/seed.js';
import { createTestContext, testDialects, type TestContext, sqliteOnly } from '../support/context.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { accountabilityReport } from '../../src/evaluation/accountability.report.js';
import { parsePeriod } from '../../src/evaluation/period.js';
import { dashboard } from '../../src/evaluation/dashboard.report.js';
import { feedbackReport } from '../../src/evaluation/feedback.service.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] demo data (npm start's shop window)`, () => {
    let t: TestContext;
    let result: SeedResult;
    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-11-27T02:00:00.000Z');
      result = await seedDemo(t.ctx);
    });
    after(async () => t.cleanup());

    const count = async (table: 'items' | 'units' | 'catalogue_entries') =>
      Number(
        (
          await t.ctx.db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('loads ~40 units, the base catalogue and ~300 items of all 11 types', async () => {
      assert.equal(await count('units'), result.counts.units);
      assert.ok(result.counts.units >= 40);
      assert.ok((await count('items')) >= 290);
      const types = await t.ctx.db.kysely.selectFrom('items').select('type').distinct().execute();
      assert.equal(types.length, 11);
    });

    it('has items in every workflow and life state, some with findings', async () => {
      const states = new Set<string>(
        (await t.ctx.db.kysely.selectFrom('items').select(['workflow_state', 'life_state']).execute()).flatMap((r) => [
          r.workflow_state,
          r.life_state,
        ]),
      );
      for (const s of [
        'draft',
        'submitted',
        'returned',
        'verified',
        'scheduled',
        'published',
        'suspended',
        'cancelled',
      ])
        assert.ok(states.has(s), s);
      const withErrors = await t.ctx.db.kysely.selectFrom('items').select('id').where('error_count', '>', 0).execute();
      const withWarnings = await t.ctx.db.kysely
        .selectFrom('items')
        .select('id')
        .where('warning_count', '>', 0)
        .execute();
      assert.ok(withErrors.length > 0 && withWarnings.length > 0);
    });

    it('shows evaluation: a year of accountability history, spot checks, a campaign in progress, broken links (issue 15)', async () => {
      const r = await accountabilityReport(
        { app: t.ctx, actor: SYSTEM_ACTOR, meta: {} },
        { period: parsePeriod('2025-11-01..2026-11-27') },
      );
      const kinds = new Set(r.rows.map((x) => x.kind));
      for (const k of ['explanation', 'change_request', 'spot_check']) assert.ok(kinds.has(k as never), k);
      assert.ok(new Set(r.rows.map((x) => x.dueOn.slice(0, 7))).size >= 4, 'spread over the year');
      const db = t.ctx.db.kysely;
      const campaign = await db.selectFrom('campaign_items').select('status').execute();
      assert.ok(campaign.some((c) => c.status === 'pending') && campaign.some((c) => c.status === 'confirmed'));
      assert.equal(
        (await db.selectFrom('link_checks').select('id').where('task_opened_at', 'is not', null).execute()).length,
        2,
      );
      assert.deepEqual(
        (await db.selectFrom('spot_checks').select('status').orderBy('status').execute()).map((x) => x.status),
        ['answered', 'open'],
      );
    });

    it('shows public feedback and waiting times: a flagged guide with votes, searches that found nothing, months of verification waits (issue 15)', async () => {
      const uc = { app: t.ctx, actor: SYSTEM_ACTOR, meta: {} };
      const feedback = await feedbackReport(uc, parsePeriod('2026'));
      assert.equal(feedback.flags.length, 1);
      assert.ok(feedback.flags[0]!.counts.unhelpful >= t.ctx.config.evaluation.feedbackFlag.unhelpful);
      assert.ok(feedback.votes.length >= 4);
      assert.deepEqual(feedback.misses[0], { query: '无人机飞行许可', count: 3, lastDay: feedback.misses[0]!.lastDay });
      const charts = await dashboard(uc, parsePeriod('2026'));
      const waits = charts.find((c) => c.id === 'verification-wait')!;
      assert.ok(waits.bars.filter((b) => b.text !== '—').length >= 4, 'waits in several months');
      assert.ok(
        charts.find((c) => c.id === 'verification-queue')!.bars.some((b) => b.value > 0),
        'versions waiting now',
      );
    });

    it('has an overdue adjustment, pending changes and a publication log', async () => {
      const overdue = await t.ctx.db.kysely
        .selectFrom('change_requests')
        .select('id')
        .where('status', '=', 'open')
        .where('due_on', '<', '2026-11-27')
        .execute();
      assert.equal(overdue.length, 1 + 3, 'one from the items, three left undone in the evaluation history');
      const pubs = await t.ctx.db.kysely.selectFrom('publications').select('kind').distinct().execute();
      // 'change': the demo's explanation answer published as an FAQ (a new version of its item).
      assert.deepEqual(pubs.map((p) => p.kind).sort(), ['add', 'cancel', 'change', 'suspend']);
    });

    it('has a unit merger in progress (划转 requests with deadlines) and a 子项 split into 业务办理项', async () => {
      const db = t.ctx.db.kysely;
      const merger = await db
        .selectFrom('unit_reorganisations')
        .selectAll()
        .where('kind', '=', 'merge')
        .executeTakeFirstOrThrow();
      const ceased = await db
        .selectFrom('units')
        .select(['active', 'successor_unit_id'])
        .where('id', '=', JSON.parse(merger.source_unit_ids)[0])
        .executeTakeFirstOrThrow();
      assert.deepEqual([ceased.active, ceased.successor_unit_id], [0, JSON.parse(merger.target_unit_ids)[0]]);
      const transfers = await db
        .selectFrom('change_requests')
        .select(['status', 'ground', 'due_on'])
        .where('kind', '=', 'transfer')
        .execute();
      assert.ok(transfers.length > 0 && transfers.every((c) => c.status === 'open' && c.ground === 'art18.3'));
      const split = await db
        .selectFrom('change_request_items as l')
        .innerJoin('items as i', 'i.id', 'l.item_id')
        .select(['l.role', 'i.granularity'])
        .where('l.change_request_id', 'in', db.selectFrom('change_requests').select('id').where('kind', '=', 'split'))
        .execute();
      assert.ok(split.some((r) => r.role === 'parent' && r.granularity === 'sub'));
      assert.equal(split.filter((r) => r.role === 'target' && r.granularity === 'handling').length, 2);
    });

    it('publishing demo: the whole catalogue is searchable; three channels, one drifted; explanation requests answered (as FAQ), open and overdue', async () => {
      const db = t.ctx.db.kysely;
      const published = await db
        .selectFrom('items')
        .select('id')
        .where('published_version_id', 'is not', null)
        .where('life_state', '!=', 'cancelled')
        .execute();
      const indexed = await db.selectFrom('search_docs').select('item_id').execute();
      assert.deepEqual(indexed.map((r) => r.item_id).sort(), published.map((r) => r.id).sort());
      const { listChannelOverview } = await import('../../src/publishing/channel.service.js');
      const channels = await listChannelOverview({
        app: t.ctx,
        actor: { kind: 'system', id: null, name: 'test', roles: [], unitId: null },
        meta: {},
      });
      assert.equal(channels.length, 3);
      assert.deepEqual(channels.map((c) => c.status.state).sort(), ['current', 'current', 'drifted']);
      const requests = await db.selectFrom('explanation_requests').select(['status', 'faq_status', 'due_on']).execute();
      assert.equal(requests.length, 3 + 12, 'three here, a year of monthly ones in the evaluation history');
      assert.ok(requests.some((r) => r.status === 'answered' && r.faq_status === 'approved'));
      assert.ok(
        requests.some((r) => r.status === 'open' && r.due_on < '2026-11-27'),
        'one overdue',
      );
      assert.ok(
        requests.some((r) => r.status === 'open' && r.due_on >= '2026-11-27'),
        'one open in time',
      );
    });

    it('legal demo: two catalogue versions, claims flagged 需复核 by the newer one, an amendment with overdue obligations (one answered 无需调整), a provincial decision', async () => {
      const db = t.ctx.db.kysely;
      const versions = await db.selectFrom('catalogue_versions').select(['seq', 'summary']).orderBy('seq').execute();
      assert.equal(versions.length, 2);
      assert.equal(JSON.parse(versions[1]!.summary).flagged, 2);
      const withdrawn = await db
        .selectFrom('catalogue_entries')
        .select('catalog_code')
        .where('status', '=', 'cancelled')
        .execute();
      assert.ok(withdrawn.length >= 1, 'the newer version withdraws the entries whose items the province cancelled');
      const stillUsed = await db
        .selectFrom('items')
        .select('id')
        .where(
          'catalog_code',
          'in',
          withdrawn.map((w) => w.catalog_code),
        )
        .where('life_state', '<>', 'cancelled')
        .execute();
      assert.deepEqual(stillUsed, []);
      const claimed = await db.selectFrom('items').select('id').where('origin', '=', 'claimed').execute();
      assert.equal(claimed.length, 3);
      const reviews = await db.selectFrom('catalogue_reviews').select('item_id').execute();
      assert.equal(reviews.length, 2);
      assert.ok(reviews.every((r) => claimed.some((c) => c.id === r.item_id)));

      const obligations = await db
        .selectFrom('obligations')
        .select(['source_type', 'status', 'due_on', 'unit_id'])
        .execute();
      const fromEvent = obligations.filter((o) => o.source_type === 'legal_event');
      assert.ok(fromEvent.length >= 3, `${fromEvent.length} obligations from the amendment`);
      assert.ok(new Set(fromEvent.map((o) => o.unit_id)).size >= 2, 'several units are touched');
      assert.ok(
        fromEvent.every((o) => o.due_on < '2026-11-27'),
        'the amendment took effect two weeks ago: overdue',
      );
      assert.equal(fromEvent.filter((o) => o.status === 'no_change_pending').length, 1);
      const fromDirective = obligations.filter((o) => o.source_type === 'directive');
      assert.equal(fromDirective.length, 1);
      assert.ok(fromDirective[0]!.due_on > '2026-11-27' && fromDirective[0]!.status === 'open');
      const amended = await db
        .selectFrom('legal_documents')
        .select('id')
        .where('status', '=', 'amended')
        .where('amended_on', '=', '2026-11-13')
        .execute();
      assert.equal(amended.length, 1);
      assert.match(result.banner, /调整义务/);
    });

    it('issues one account per role with one-time passwords, shown once and stored 0600', async () => {
      const users = await t.ctx.db.kysely
        .selectFrom('users')
        .select(['username', 'must_change_password', 'roles'])
        .execute();
      assert.equal(users.length, result.counts.accounts);
      assert.ok(
        users.every((u) => u.must_change_password === 1),
        'no account starts with a usable default password',
      );
      const roles = new Set(users.flatMap((u) => u.roles.split(',')));
      for (const r of [
        'unit_clerk',
        'unit_reviewer',
        'verifier',
        'publisher',
        'supervisor',
        'sysadmin',
        'secadmin',
        'auditadmin',
      ])
        assert.ok(roles.has(r), r);
      const file = path.join(t.ctx.config.dataDir, 'demo-accounts.txt');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.match(result.banner, /secadmin\s+\S{16}/);
    });

    it('every record went through audited use cases: the chain verifies', async () => {
      const verdict = await verifyAuditChain(t.ctx.db, t.ctx.keys.audit);
      assert.equal(verdict.ok, true);
      assert.ok(verdict.count > 1000);
    });

    it('is loaded only into an empty database, and marks a complete load', async () => {
      assert.equal(await seedDemoIfEmpty(t.ctx), null);
      const marker = await t.ctx.db.kysely
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'demo_seed')
        .executeTakeFirstOrThrow();
      assert.equal(marker.value, '"done"');
    });
  });
}

describe('[sqlite] demo data never mixes into a real deployment', sqliteOnly, () => {
  it('is not loaded once an account exists (e.g. the first security administrator), nor in production', async () => {
    const t = await createTestContext('sqlite');
    try {
      const { makeAccount } = await import('../support/factories.js');
      await makeAccount(t.ctx, ['secadmin']);
      assert.equal(await seedDemoIfEmpty(t.ctx), null);
      const units = await t.ctx.db.kysely.selectFrom('units').select('id').execute();
      assert.equal(units.length, 0);
    } finally {
      await t.cleanup();
    }
  });
});
