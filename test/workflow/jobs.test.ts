import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { createContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { deadlinesJob } from '../../src/jobs/deadlines.job.js';
import { mailOutboxJob } from '../../src/jobs/mail-outbox.job.js';
import { runSlot, startScheduler } from '../../src/jobs/scheduler.js';
import { scheduledPublicationJob } from '../../src/jobs/scheduled-publication.job.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext, sqliteOnly } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import pino from 'pino';

for (const dialect of testDialects()) {
  describe(`[${dialect}] scheduled jobs`, () => {
    let t: TestContext;
    let app: App;
    let clerk: Client;
    let verifier: Client;
    let publisher: Client;
    let unitId: string;
    let seq = 0;

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2024-03-04T01:00:00.000Z');
      app = await buildApp(t.ctx);
      unitId = (await makeUnit(t.ctx)).id;
      clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitId), t.clock, '10.5.0.1');
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.5.0.2');
      publisher = await signedIn(app, await makeAccount(t.ctx, ['publisher']), t.clock, '10.5.0.3');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    /** Sessions end after 30 idle minutes, and these tests move the clock: sign in again first. */
    async function freshSessions(): Promise<void> {
      clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitId), t.clock, '10.5.0.1');
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.5.0.2');
      publisher = await signedIn(app, await makeAccount(t.ctx, ['publisher']), t.clock, '10.5.0.3');
    }

    async function verifiedItem(): Promise<{ id: string; taskCode: string }> {
      seq++;
      await freshSessions();
      const created = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: `0001170${String(70 + seq).padStart(2, '0')}000` }),
        })
      ).json();
      await clerk.post(`/api/v1/items/${created.id}/submit`, { attestation: true });
      await verifier.post(`/api/v1/items/${created.id}/verify`, {});
      return created;
    }

    it('a scheduled publication becomes public when its time comes', async () => {
      const item = await verifiedItem();
      const res = await publisher.post(`/api/v1/items/${item.id}/schedule`, { publishAt: '2024-03-04T01:30:00.000Z' });
      assert.equal(res.json().workflowState, 'scheduled');
      await runSlot(t.ctx, scheduledPublicationJob, t.clock.now());
      assert.equal(
        (await app.inject({ method: 'GET', url: `/api/public/v1/items/${item.taskCode}` })).statusCode,
        404,
        'not before its time',
      );
      t.clock.set('2024-03-04T01:31:00.000Z');
      await runSlot(t.ctx, scheduledPublicationJob, t.clock.now());
      assert.equal((await app.inject({ method: 'GET', url: `/api/public/v1/items/${item.taskCode}` })).statusCode, 200);
    });

    it('a scheduled publication that fails raises an alert, is audited and notifies the publishers', async () => {
      const item = await verifiedItem();
      await publisher.post(`/api/v1/items/${item.id}/schedule`, { publishAt: '2024-03-04T01:40:00.000Z' });
      await t.ctx.db.kysely.updateTable('items').set({ life_state: 'suspended' }).where('id', '=', item.id).execute();
      t.clock.set('2024-03-04T01:41:00.000Z');
      await runSlot(t.ctx, scheduledPublicationJob, t.clock.now());
      const alerts = await t.ctx.db.kysely.selectFrom('alerts').selectAll().where('target_id', '=', item.id).execute();
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]!.kind, 'publish_failed');
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', item.id)
        .where('action', '=', 'item.publish_failed')
        .execute();
      assert.equal(audit.length, 1);
      const note = await t.ctx.db.kysely
        .selectFrom('notifications')
        .selectAll()
        .where('kind', '=', 'publish_failed')
        .execute();
      assert.ok(note.length >= 1);
    });

    it('deadline notifications: near once per day, overdue once', async () => {
      const item = await verifiedItem();
      await publisher.post(`/api/v1/items/${item.id}/publish`, {});
      t.clock.set('2024-03-05T01:00:00.000Z');
      await freshSessions();
      const crRes = await clerk.post('/api/v1/changes', {
        kind: 'change',
        itemId: item.id,
        ground: 'art18.3',
        groundArisenOn: '2024-03-04',
      });
      assert.equal(crRes.statusCode, 201, crRes.body);
      const cr = crRes.json();
      assert.equal(cr.dueOn, '2024-03-07');
      t.clock.set('2024-03-06T01:00:00.000Z');
      await runSlot(t.ctx, deadlinesJob, t.clock.now());
      await runSlot(t.ctx, deadlinesJob, new Date(t.clock.now().getTime() + 20 * 60_000));
      const near = await t.ctx.db.kysely
        .selectFrom('notifications')
        .selectAll()
        .where('kind', '=', 'deadline_near')
        .where('link', '=', `/console/changes/${cr.id}`)
        .execute();
      const clerks = (
        await t.ctx.db.kysely.selectFrom('users').select('roles').where('unit_id', '=', unitId).execute()
      ).filter((u) => u.roles === 'unit_clerk').length;
      assert.equal(near.length, clerks, 'one per clerk of the unit, not repeated in the next slot');
      t.clock.set('2024-03-08T01:00:00.000Z');
      await runSlot(t.ctx, deadlinesJob, t.clock.now());
      await runSlot(t.ctx, deadlinesJob, new Date(t.clock.now().getTime() + 20 * 60_000));
      const overdue = await t.ctx.db.kysely
        .selectFrom('notifications')
        .selectAll()
        .where('kind', '=', 'overdue')
        .where('dedupe_key', '=', `overdue:${cr.id}`)
        .execute();
      assert.equal(overdue.length, clerks, 'each clerk once');
    });

    it('e-mail goes through SMTP (a local fake server) with retries', async () => {
      const received: string[] = [];
      const server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, _session, cb) {
          let data = '';
          stream.on('data', (c: Buffer) => (data += c.toString()));
          stream.on('end', () => {
            received.push(data);
            cb();
          });
        },
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.server.address() as { port: number }).port;
      try {
        await t.ctx.db.kysely
          .insertInto('mail_outbox')
          .values({
            id: 'm1',
            to_address: 'clerk@example.gov.cn',
            subject: '【事项通】被退回：测试',
            body: '请查看',
            attempts: 0,
            next_attempt_at: t.clock.now().toISOString(),
            sent_at: null,
            last_error: null,
            created_at: t.clock.now().toISOString(),
          })
          .execute();
        const config = loadConfig({
          ...t.env,
          SMTP_URL: `smtp://127.0.0.1:${port}`,
          MAIL_FROM: 'shixiang@example.gov.cn',
        });
        const ctx = await createContext(config, {
          db: t.ctx.db,
          clock: t.clock,
          log: pino({ level: 'silent' }),
          keys: t.ctx.keys,
        });
        await runSlot(ctx, mailOutboxJob(), new Date(t.clock.now().getTime() + 3 * 60_000));
        const row = await t.ctx.db.kysely
          .selectFrom('mail_outbox')
          .selectAll()
          .where('id', '=', 'm1')
          .executeTakeFirstOrThrow();
        assert.ok(row.sent_at, row.last_error ?? 'not sent');
        assert.equal(received.length, 1);
        assert.match(received[0]!, /clerk@example\.gov\.cn/);
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    it('stopping the scheduler (shutdown) stops a long sweep between rows and closes its slot', async () => {
      let rows = 0;
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      const sweep = {
        name: 'long-sweep',
        everyMs: 24 * 3600_000,
        run: async (_ctx: unknown, _now: Date, signal?: AbortSignal) => {
          started();
          while (!signal?.aborted) {
            rows++;
            await new Promise((r) => setTimeout(r, 5));
          }
          return `stopped after ${rows} rows`;
        },
      };
      const stop = startScheduler(t.ctx, [sweep]);
      await running;
      const t0 = performance.now();
      await stop();
      assert.ok(performance.now() - t0 < 1000, 'stopped at the next row');
      const slot = await t.ctx.db.kysely
        .selectFrom('job_runs')
        .selectAll()
        .where('job', '=', 'long-sweep')
        .executeTakeFirstOrThrow();
      assert.ok(slot.finished_at);
      assert.equal(slot.error, null);
    });

    if (dialect === 'postgres') {
      it('with several instances, each job slot runs exactly once', async () => {
        let runs = 0;
        const job = { name: 'probe', everyMs: 60_000, run: async () => void runs++ };
        const now = t.clock.now();
        const results = await Promise.all(Array.from({ length: 5 }, () => runSlot(t.ctx, job, now)));
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal(runs, 1);
      });
    }
  });
}

describe('[sqlite] housekeeping', sqliteOnly, () => {
  it('AUTH-11: an account unused for 90 days is disabled automatically and the event is audited', async () => {
    const { housekeepingJob } = await import('../../src/jobs/housekeeping.job.js');
    const t = await createTestContext('sqlite');
    try {
      t.clock.set('2026-01-01T00:00:00.000Z');
      const unitId = (await makeUnit(t.ctx)).id;
      const idle = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      t.clock.set('2026-03-15T00:00:00.000Z');
      const active = await makeAccount(t.ctx, ['unit_clerk'], unitId);
      t.clock.set('2026-04-02T00:00:00.000Z'); // 91 days after the first account was issued and never used
      await runSlot(t.ctx, housekeepingJob, t.clock.now());
      const rows = await t.ctx.db.kysely
        .selectFrom('users')
        .select(['id', 'status'])
        .where('id', 'in', [idle.id, active.id])
        .execute();
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.id, r.status])), {
        [idle.id]: 'disabled',
        [active.id]: 'active',
      });
      const audited = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['reason'])
        .where('action', '=', 'account.disabled')
        .where('target_id', '=', idle.id)
        .execute();
      assert.deepEqual(audited, [{ reason: 'dormant' }]);
    } finally {
      await t.cleanup();
    }
  });
});

describe('[sqlite] worklist and inbox API', sqliteOnly, () => {
  it("a returned item appears in the clerk's worklist and inbox; marking read empties the unread list", async () => {
    const t = await createTestContext('sqlite');
    const app = await buildApp(t.ctx);
    try {
      const unitId = (await makeUnit(t.ctx)).id;
      const clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitId), t.clock, '10.5.9.1');
      const verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.5.9.2');
      const id = (await clerk.post('/api/v1/items', { granularity: 'main', content: licenceContent() })).json().id;
      await clerk.post(`/api/v1/items/${id}/submit`, { attestation: true });
      assert.ok(
        ((await verifier.get('/api/v1/worklist')).json().verification as Array<{ id: string }>).some(
          (r) => r.id === id,
        ),
        'in the verification queue',
      );
      await verifier.post(`/api/v1/items/${id}/return`, { comment: '请补充' });
      const work = (await clerk.get('/api/v1/worklist')).json();
      assert.ok((work.returned as Array<{ id: string }>).some((r) => r.id === id));
      const inbox = (await clerk.get('/api/v1/inbox')).json().notifications;
      assert.ok(inbox.some((n: { kind: string; readAt: string | null }) => n.kind === 'returned' && n.readAt === null));
      assert.equal((await clerk.post('/api/v1/inbox/read', {})).statusCode, 204);
      assert.ok(
        (await clerk.get('/api/v1/inbox'))
          .json()
          .notifications.every((n: { readAt: string | null }) => n.readAt !== null),
      );
    } finally {
      await app.close();
      await t.cleanup();
    }
  });
});
