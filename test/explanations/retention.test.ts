import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config/config.js';
import { migrateDown, migrateToLatest } from '../../src/db/migrate.js';
import {
  eraseExpiredRequesterData,
  explanationRetentionJob,
} from '../../src/explanations/explanation-retention.job.js';
import { JOBS } from '../../src/jobs/index.js';
import { newId } from '../../src/shared/ids.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeUnit } from '../support/factories.js';
import { publishItem } from '../support/publishing.js';

const DAY = 86_400_000;

/**
 * DATA-03: requesters' names and contacts are erased (the ciphertext removed) EXPLANATION_RETENTION_DAYS after
 * the answer; question and answer stay; one audit record per run with the count. The contact's blind index is
 * gone from the schema (migration 0011, both directions).
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] explanation requests: retention of the requester's contact`, () => {
    let t: TestContext;
    let itemId: string;
    let versionId: string;
    let unitId: string;

    const columns = async (): Promise<string[]> => {
      if (dialect === 'sqlite')
        return (
          await sql<{ name: string }>`select name from pragma_table_info('explanation_requests')`.execute(
            t.ctx.db.kysely,
          )
        ).rows.map((r) => r.name);
      return (
        await sql<{
          name: string;
        }>`select column_name as name from information_schema.columns where table_name = 'explanation_requests'`.execute(
          t.ctx.db.kysely,
        )
      ).rows.map((r) => r.name);
    };

    /** A request created and (unless `answeredDaysAgo` is null) answered that many days before now. */
    async function request(o: { answeredDaysAgo: number | null; name?: string; contact?: string }): Promise<string> {
      const id = newId();
      const now = t.ctx.clock.now().getTime();
      const answeredAt = o.answeredDaysAgo === null ? null : new Date(now - o.answeredDaysAgo * DAY).toISOString();
      const enc = (column: string, v?: string) =>
        v ? t.ctx.fieldCrypto.encrypt(v, `explanation_requests.${column}:${id}`) : null;
      await t.ctx.db.kysely
        .insertInto('explanation_requests')
        .values({
          id,
          tracking_no: `SJ${id.slice(0, 14)}`,
          key_hash: 'x',
          item_id: itemId,
          unit_id: unitId,
          version_id: versionId,
          item_name: '测试事项',
          requester_name: enc('requester_name', o.name),
          contact: enc('contact', o.contact),
          question: `问题${id}`,
          status: answeredAt ? 'answered' : 'open',
          due_on: '2024-01-01',
          due_provisional: 0,
          created_at: new Date(now - ((o.answeredDaysAgo ?? 1000) + 5) * DAY).toISOString(),
          answer: answeredAt ? `答复${id}` : null,
          answered_at: answeredAt,
          answered_by: null,
          faq_status: 'none',
          faq_question: null,
          faq_answer: null,
          faq_decided_at: null,
          faq_decided_by: null,
          faq_note: null,
          faq_seq: null,
          lock_version: 1,
          contact_erased_at: null,
        })
        .execute();
      return id;
    }
    const row = (id: string) =>
      t.ctx.db.kysely.selectFrom('explanation_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const runs = async () =>
      (
        await t.ctx.db.kysely
          .selectFrom('audit_log')
          .select(['action', 'actor_role', 'details'])
          .where('action', '=', 'explanation.contacts_erased')
          .orderBy('seq')
          .execute()
      ).map((r) => ({
        role: r.actor_role,
        ...(JSON.parse(r.details ?? '{}') as { count: number; retentionDays: number }),
      }));

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-03-02T02:00:00.000Z');
      unitId = (await makeUnit(t.ctx)).id;
      const item = await publishItem(t.ctx, unitId);
      itemId = item.id;
      versionId = (
        await t.ctx.db.kysely
          .selectFrom('items')
          .select('published_version_id')
          .where('id', '=', itemId)
          .executeTakeFirstOrThrow()
      ).published_version_id!;
    });
    after(async () => {
      await t.cleanup();
    });

    it('the contact blind index is gone (migration 0011 drops it, and its down migration restores it)', async () => {
      assert.ok(!(await columns()).includes('contact_index'));
      assert.ok((await columns()).includes('contact_erased_at'));
      // Later migrations are undone first (each branch adds its own at the end of the list).
      const undone: string[] = [];
      while (!undone.includes('2026_11_27_0011_explanation_retention')) undone.push(...(await migrateDown(t.ctx.db)));
      assert.equal(undone.at(-1), '2026_11_27_0011_explanation_retention');
      assert.ok((await columns()).includes('contact_index'));
      assert.ok(!(await columns()).includes('contact_erased_at'));
      await migrateToLatest(t.ctx.db);
      assert.ok(!(await columns()).includes('contact_index'));
    });

    it('EXPLANATION_RETENTION_DAYS defaults to 730; the job runs daily', () => {
      assert.equal(loadConfig({ NODE_ENV: 'test' }).explanationRetentionDays, 730);
      assert.equal(loadConfig({ NODE_ENV: 'test', EXPLANATION_RETENTION_DAYS: '365' }).explanationRetentionDays, 365);
      assert.throws(
        () => loadConfig({ NODE_ENV: 'test', EXPLANATION_RETENTION_DAYS: '0' }),
        /EXPLANATION_RETENTION_DAYS/,
      );
      assert.ok(JOBS.includes(explanationRetentionJob));
      assert.equal(explanationRetentionJob.everyMs, DAY);
    });

    it('answered longer ago than the retention: name and contact ciphertext removed, question and answer kept; one audit record with the count per run', async () => {
      const old = await request({ answeredDaysAgo: 731, name: '张三', contact: '13800138000' });
      const oldContactOnly = await request({ answeredDaysAgo: 900, contact: 'a@example.com' });
      const recent = await request({ answeredDaysAgo: 729, name: '李四', contact: '13900139000' });
      const open = await request({ answeredDaysAgo: null, name: '王五', contact: '13700137000' });
      const anonymous = await request({ answeredDaysAgo: 800 });

      const first = await eraseExpiredRequesterData(t.ctx, t.ctx.clock.now());
      assert.equal(first.erased, 2);
      for (const id of [old, oldContactOnly]) {
        const r = await row(id);
        assert.equal(r.requester_name, null);
        assert.equal(r.contact, null, 'the ciphertext itself is gone');
        assert.equal(r.contact_erased_at, t.ctx.clock.now().toISOString());
        assert.equal(r.question, `问题${id}`);
        assert.equal(r.answer, `答复${id}`);
      }
      const kept = await row(recent);
      assert.equal(t.ctx.fieldCrypto.decrypt(kept.contact!, `explanation_requests.contact:${recent}`), '13900139000');
      assert.equal(kept.contact_erased_at, null);
      assert.ok((await row(open)).contact, 'an open request keeps its contact whatever its age');
      assert.equal((await row(anonymous)).contact_erased_at, null, 'nothing to erase');
      assert.deepEqual(await runs(), [
        { role: 'system', count: 2, retentionDays: 730, answeredBefore: first.answeredBefore, more: false },
      ]);

      const second = await eraseExpiredRequesterData(t.ctx, t.ctx.clock.now());
      assert.equal(second.erased, 0);
      assert.deepEqual(
        (await runs()).map((r) => r.count),
        [2, 0],
        'one record per run, also when nothing was due',
      );

      t.clock.advance(2 * DAY);
      assert.equal(
        (await eraseExpiredRequesterData(t.ctx, t.ctx.clock.now())).erased,
        1,
        'the next one once its time has come',
      );
      assert.equal((await row(recent)).contact, null);
    });
  });
}
