import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { createContext, type AppContext } from '../../src/app/context.js';
import { verifyAuditChain } from '../../src/audit/audit.service.js';
import { loadConfig } from '../../src/config/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type DialectName, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import { freshCode } from '../support/workflow.js';

/**
 * REL-05 and racing transitions: many clients at once, on one app instance and (PostgreSQL) on two
 * instances sharing the database, each with its own connection pool, as behind a load balancer.
 * Every race has exactly one winner per version; the losers get 409 and nothing of theirs is stored.
 */
const setups: Array<{ dialect: DialectName; instances: number }> = testDialects().flatMap(
  (dialect): Array<{ dialect: DialectName; instances: number }> =>
    dialect === 'postgres'
      ? [
          { dialect, instances: 1 },
          { dialect, instances: 2 },
        ]
      : [{ dialect, instances: 1 }],
);

for (const { dialect, instances } of setups) {
  describe(`[${dialect}] concurrent editors on ${instances} app instance${instances > 1 ? 's' : ''}`, () => {
    let t: TestContext;
    const apps: App[] = [];
    const contexts: AppContext[] = [];
    let clerks: Client[];
    let verifiers: Client[];
    let publishers: Client[];

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-03-02T02:00:00Z');
      contexts.push(t.ctx);
      // A second instance: its own context and pool on the same database, the same keys (as configured in production).
      for (let i = 1; i < instances; i++)
        contexts.push(
          await createContext(loadConfig(t.env), { keys: t.ctx.keys, clock: t.clock, log: pino({ level: 'silent' }) }),
        );
      for (const ctx of contexts) apps.push(await buildApp(ctx));
      const unit = await makeUnit(t.ctx);
      const on = (i: number) => apps[i % apps.length]!;
      clerks = await Promise.all(
        Array.from({ length: 10 }, async (_, i) =>
          signedIn(on(i), await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, `10.60.0.${i + 1}`),
        ),
      );
      verifiers = await Promise.all(
        Array.from({ length: 2 }, async (_, i) =>
          signedIn(on(i), await makeAccount(t.ctx, ['verifier']), t.clock, `10.60.1.${i + 1}`),
        ),
      );
      publishers = await Promise.all(
        Array.from({ length: 2 }, async (_, i) =>
          signedIn(on(i), await makeAccount(t.ctx, ['publisher']), t.clock, `10.60.2.${i + 1}`),
        ),
      );
    });
    after(async () => {
      for (const app of apps) await app.close();
      for (const ctx of contexts.slice(1)) await ctx.db.close();
      await t.cleanup();
    });

    it('REL-05: 50 clients save the same item with the version they read: one wins per version, 49 get 409, no update is lost', async () => {
      const catalogCode = freshCode();
      const created = (
        await clerks[0]!.post('/api/v1/items', { granularity: 'main', content: licenceContent({ catalogCode }) })
      ).json();
      let version = created.version as number;
      for (let round = 0; round < 3; round++) {
        const names = Array.from({ length: 50 }, (_, i) => `食品经营许可（第${round + 1}轮编辑者${i + 1}）`);
        const results = await Promise.all(
          names.map((name, i) =>
            clerks[i % clerks.length]!.put(`/api/v1/items/${created.id}`, {
              version,
              content: licenceContent({ catalogCode, name }),
            }),
          ),
        );
        const winners = results.filter((r) => r.statusCode === 200);
        assert.equal(winners.length, 1, `round ${round + 1}: ${results.map((r) => r.statusCode).join(',')}`);
        for (const r of results.filter((x) => x.statusCode !== 200)) {
          assert.equal(r.statusCode, 409, r.body);
          assert.equal(r.json().error.code, 'VERSION_CONFLICT');
          assert.equal(r.json().error.details.currentVersion, version + 1);
        }
        const stored = (await clerks[1]!.get(`/api/v1/items/${created.id}`)).json();
        assert.equal(stored.version, version + 1);
        assert.equal(stored.content.name, winners[0]!.json().content.name, "the stored content is the winner's");
        version = stored.version;
      }
      const versions = await t.ctx.db.kysely
        .selectFrom('item_versions')
        .select('seq')
        .where('item_id', '=', created.id)
        .execute();
      assert.equal(versions.length, 1, 'a draft is revised in place: no version rows from the losers');
      const updates = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('seq')
        .where('target_id', '=', created.id)
        .where('action', '=', 'item.updated')
        .execute();
      assert.equal(updates.length, 3, 'one audited update per round');
    });

    it('20 clients run transitions on 20 different items at once: every transition lands once, publications get 20 distinct consecutive numbers', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++)
        ids.push(
          (
            await clerks[i % clerks.length]!.post('/api/v1/items', {
              granularity: 'main',
              content: licenceContent({ catalogCode: freshCode() }),
            })
          ).json().id,
        );
      const seqBefore = Number(
        (
          await t.ctx.db.kysely
            .selectFrom('publications')
            .select((eb) => eb.fn.max<number>('seq').as('m'))
            .executeTakeFirst()
        )?.m ?? 0,
      );
      for (const [step, actors] of [
        ['submit', clerks],
        ['verify', verifiers],
        ['publish', publishers],
      ] as const) {
        const results = await Promise.all(
          ids.map((id, i) =>
            actors[i % actors.length]!.post(
              `/api/v1/items/${id}/${step}`,
              step === 'submit' ? { attestation: true } : {},
            ),
          ),
        );
        assert.deepEqual(
          results.map((r) => r.statusCode),
          ids.map(() => 200),
          `${step}: ${results.find((r) => r.statusCode !== 200)?.body}`,
        );
      }
      const pubs = await t.ctx.db.kysely
        .selectFrom('publications')
        .select(['seq', 'item_id'])
        .where('seq', '>', seqBefore)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        pubs.map((p) => p.seq),
        ids.map((_, i) => seqBefore + i + 1),
      );
      assert.deepEqual(new Set(pubs.map((p) => p.item_id)), new Set(ids));
      for (const action of ['item.submitted', 'item.verified', 'item.published']) {
        const n = await t.ctx.db.kysely
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', action)
          .where('target_id', 'in', ids)
          .execute();
        assert.equal(n.length, 20, action);
      }
      assert.equal((await verifyAuditChain(t.ctx.db, t.ctx.keys.audit)).ok, true);
    });

    it('REL-06: publishers racing on one verified item: one publication, the others get 409', async () => {
      const id = (
        await clerks[0]!.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode() }),
        })
      ).json().id;
      assert.equal((await clerks[1]!.post(`/api/v1/items/${id}/submit`, { attestation: true })).statusCode, 200);
      assert.equal((await verifiers[0]!.post(`/api/v1/items/${id}/verify`, {})).statusCode, 200);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          publishers[i % publishers.length]!.post(`/api/v1/items/${id}/publish`, {}),
        ),
      );
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, ...Array(9).fill(409)]);
      const pubs = await t.ctx.db.kysely.selectFrom('publications').select('seq').where('item_id', '=', id).execute();
      assert.equal(pubs.length, 1);
    });
  });
}
