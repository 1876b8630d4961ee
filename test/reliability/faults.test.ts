import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { createContext } from '../../src/app/context.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { verifyAuditChain } from '../../src/audit/audit.service.js';
import { loadConfig } from '../../src/config/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { buildApp, type App } from '../../src/http/app.js';
import { mailOutboxJob } from '../../src/jobs/mail-outbox.job.js';
import { runSlot } from '../../src/jobs/scheduler.js';
import { registerChannel } from '../../src/publishing/channel.service.js';
import { deliverDue } from '../../src/publishing/webhooks.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import { publishItem } from '../support/publishing.js';
import { freshCode, passWorkflow } from '../support/workflow.js';
import { RemoteClient, type Reply } from './support/remote-client.js';
import { PrivatePostgres } from './support/private-postgres.js';
import { ServerProcess } from './support/server-process.js';

const CHINESE = /[\u4e00-\u9fff]/;
const CI = process.env.CI === 'true';

/** A 503 as a client must see it: Retry-After, and a Chinese explanation (JSON error body or an HTML page). */
function assertCleanUnavailable(r: Reply, what: string): void {
  assert.equal(r.status, 503, `${what}: ${r.status} ${r.body.slice(0, 200)}`);
  assert.match(r.headers.get('retry-after') ?? '', /^\d+$/, `${what}: Retry-After`);
  const message = r.headers.get('content-type')?.includes('json')
    ? (r.json().error?.message ?? r.json().status)
    : r.body;
  assert.match(
    String(message),
    r.headers.get('content-type')?.includes('json') && !r.json().error ? /./ : CHINESE,
    `${what}: a Chinese message`,
  );
}

describe('[postgres, private server] the database stops and comes back during traffic', () => {
  const bin = PrivatePostgres.binDir();
  it('IN-08: requests get 503 with Retry-After and a Chinese message, /readyz is not ready, and the running app recovers by itself', {
    skip: !bin && !CI ? 'PostgreSQL server binaries not installed' : false,
    timeout: 300_000,
  }, async () => {
    const pg = new PrivatePostgres();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-fault-'));
    const key = () => randomBytes(32).toString('hex');
    let server: ServerProcess | undefined;
    try {
      await pg.init();
      const env = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        DATABASE_URL: pg.url,
        AUDIT_HMAC_KEY: key(),
        DATA_ENCRYPTION_KEY: key(),
        PASSWORD_PEPPER: key(),
        DATABASE_POOL_SIZE: '4',
      };
      const ctx = await createContext(loadConfig(env), { log: pino({ level: 'silent' }) });
      await migrateToLatest(ctx.db);
      const unit = await makeUnit(ctx);
      const clerk = await makeAccount(ctx, ['unit_clerk'], unit.id);
      const published = await publishItem(ctx, unit.id);
      await ctx.db.close();

      server = new ServerProcess({ ...env, JOBS: 'true', LOG_LEVEL: 'warn' });
      await server.start();
      const pid = server.pid;
      const staff = await new RemoteClient(() => server!.url).signIn(clerk);
      const visitor = new RemoteClient(() => server!.url);
      let draft = (
        await staff.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode() }),
        })
      ).json();
      const catalogCode = draft.content.catalogCode as string;
      const requests = [
        () => visitor.get('/api/public/v1/items'),
        () => visitor.get(`/items/${published.code}`, { accept: 'text/html' }),
        () => staff.get('/api/v1/items'),
        () =>
          staff.put(`/api/v1/items/${draft.id}`, {
            version: draft.version,
            content: licenceContent({ catalogCode, name: `食品经营许可（${Date.now()}）` }),
          }),
      ];
      const seen: Reply[] = [];
      const traffic = async (until: () => boolean) => {
        while (!until()) {
          for (const send of requests) {
            const r = await send().catch((e: unknown) => {
              // Say whether the server went away or only closed a connection, with its last words.
              const state = server!.ended ? 'the server process had exited' : 'the server process was still running';
              throw new Error(
                `${String(e)} (${String((e as Error).cause)}); ${state}:\n${server!.lines.slice(-15).join('\n')}`,
              );
            });
            seen.push(r);
            if (r.status === 200 && r.json && r.body.startsWith('{') && r.json().id === draft.id) draft = r.json();
          }
        }
      };

      await traffic(
        (() => {
          const end = Date.now() + 1000;
          return () => Date.now() > end;
        })(),
      );
      assert.ok(
        seen.every((r) => r.status === 200),
        `before the fault: ${seen.map((r) => r.status)}`,
      );

      // Stop the server while requests are running: they fail cleanly, readiness says so, nothing crashes.
      seen.length = 0;
      let down = false;
      const during = traffic(() => down);
      await sleep(300);
      await pg.stop('fast');
      await sleep(1500);
      down = true;
      await during;
      seen.length = 0;
      await traffic(
        (() => {
          const end = Date.now() + 2000;
          return () => Date.now() > end;
        })(),
      );
      assert.ok(seen.length >= requests.length);
      seen.forEach((r, i) => assertCleanUnavailable(r, `request ${i} while the database is down`));
      // Each refusal is logged with the request id the client was given.
      const ids = seen
        .filter((x) => x.headers.get('content-type')?.includes('json'))
        .map((r) => r.json().error.requestId as string);
      const logged = () =>
        new Set(
          server!.lines.filter((l) => l.includes('dependency unavailable')).map((l) => JSON.parse(l).reqId as string),
        );
      // The child's output arrives through a pipe: give the last lines a moment.
      for (let waited = 0; ids.some((id) => !logged().has(id)) && waited < 5000; waited += 100) await sleep(100);
      assert.deepEqual(
        ids.filter((id) => !logged().has(id)),
        [],
        'every refusal is in the log under the request id the client got',
      );
      const ready = await visitor.get('/readyz');
      assert.equal(ready.status, 503);
      assert.equal(ready.json().status, 'not-ready');
      assert.equal((await visitor.get('/healthz')).status, 503);

      // Back up: the same process serves again, without a restart.
      await pg.start();
      const back = Date.now();
      while ((await visitor.get('/readyz')).status !== 200) {
        assert.ok(Date.now() - back < 30_000, '/readyz ready again within 30 s');
        await sleep(200);
      }
      // A save that got a 503 as the database went away may still have committed (its COMMIT reached the server,
      // the answer did not): the outcome is unknown to the client, which reads the item again before editing, as
      // the console's edit page does. The checks above are that nothing was half-written and nothing crashed.
      const reread = await staff.get(`/api/v1/items/${draft.id}`);
      assert.equal(reread.status, 200);
      draft = reread.json();
      seen.length = 0;
      await traffic(
        (() => {
          const end = Date.now() + 1000;
          return () => Date.now() > end;
        })(),
      );
      assert.deepEqual(
        seen.map((r) => r.status).filter((s) => s !== 200),
        [],
        'every request succeeds again',
      );
      assert.equal(server.pid, pid, 'the same process, never restarted');
      assert.deepEqual(
        server.lines.filter((l) => /unhandled error|"level":60/.test(l)),
        [],
        'no 500 and no crash in the log',
      );
    } finally {
      await server?.stop('SIGKILL');
      await pg.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('[sqlite] the disk fills up', () => {
  let mount = '';
  let mounted = false;
  before(() => {
    mount = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mount], { stdio: 'pipe' });
      mounted = true;
    } catch (e) {
      if (CI)
        throw new Error(
          `CI=true: the disk-full test must run, but a tmpfs could not be mounted (run as root): ${(e as Error).message}`,
        );
    }
  });
  after(() => {
    if (mounted) execFileSync('umount', ['-l', mount]);
    fs.rmSync(mount, { recursive: true, force: true });
  });

  it('IN-08: a write on a full disk fails cleanly (503, Retry-After, Chinese), nothing is half-written, and it succeeds once space is freed', {
    timeout: 120_000,
  }, async (tc) => {
    if (!mounted) return tc.skip('needs root to mount a small tmpfs');
    const t = await createTestContext('sqlite', { env: { SQLITE_FILE: path.join(mount, 'shixiang.db') } });
    const app = await buildApp(t.ctx);
    try {
      const unit = await makeUnit(t.ctx);
      const clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, '10.70.0.1');
      assert.equal(
        (
          await clerk.post('/api/v1/items', {
            granularity: 'main',
            content: licenceContent({ catalogCode: freshCode() }),
          })
        ).statusCode,
        201,
      );
      // The log's pages are moved into the database file and the log emptied, so the next write must grow a file.
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(t.ctx.db.kysely);
      const filler = path.join(mount, 'filler');
      const fd = fs.openSync(filler, 'w');
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(64 * 1024));
      } catch (e) {
        assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
      } finally {
        fs.closeSync(fd);
      }
      const count = async () =>
        Number(
          (
            await t.ctx.db.kysely
              .selectFrom('items')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const stored = await count();
      let accepted = 0;
      let refused: Awaited<ReturnType<Client['post']>> | undefined;
      for (let i = 0; i < 200 && !refused; i++) {
        const res = await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode() }),
        });
        if (res.statusCode === 201) accepted++;
        else refused = res;
      }
      assert.ok(refused, 'a write fails once the disk is full');
      assert.ok([503, 507].includes(refused.statusCode), `${refused.statusCode} ${refused.body}`);
      assert.match(String(refused.headers['retry-after']), /^\d+$/);
      assert.equal(refused.json().error.code, 'UNAVAILABLE');
      assert.match(refused.json().error.message, /存储空间不足|未写入/);
      assert.equal((await clerk.get('/api/v1/items')).statusCode, 200, 'reading still works');
      assert.equal(await count(), stored + accepted, 'the refused item is not there, not even in part');

      fs.rmSync(filler);
      assert.equal(
        (
          await clerk.post('/api/v1/items', {
            granularity: 'main',
            content: licenceContent({ catalogCode: freshCode() }),
          })
        ).statusCode,
        201,
        'writes work again once space is freed',
      );
      const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.ctx.db.kysely);
      assert.equal(rows[0]?.integrity_check, 'ok');
      assert.equal((await verifyAuditChain(t.ctx.db, t.ctx.keys.audit)).ok, true);
      const orphans = await t.ctx.db.kysely
        .selectFrom('items as i')
        .leftJoin('item_versions as v', 'v.item_id', 'i.id')
        .select('i.id')
        .where('v.id', 'is', null)
        .execute();
      assert.deepEqual(orphans, [], 'every item has its version');
    } finally {
      await app.close();
      await t.cleanup();
    }
  });
});

/** A receiver that takes the connection and never answers (a hung webhook endpoint or SMTP server). */
async function hangingServer(): Promise<{ port: number; sockets: Set<net.Socket>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    port: (srv.address() as net.AddressInfo).port,
    sockets,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    },
  };
}

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
};

for (const dialect of testDialects()) {
  describe(`[${dialect}] slow neighbours do not slow requests`, () => {
    let t: TestContext;
    let app: App;
    let hung: Awaited<ReturnType<typeof hangingServer>>;
    let clerk: Client;
    let verifier: Client;
    let publisher: Client;
    before(async () => {
      hung = await hangingServer();
      t = await createTestContext(dialect, {
        env: { OUTBOUND_ALLOWED_CIDRS: '127.0.0.1/32', SMTP_URL: `smtp://127.0.0.1:${hung.port}` },
      });
      t.clock.set('2026-03-02T02:00:00Z');
      app = await buildApp(t.ctx);
      const unit = await makeUnit(t.ctx);
      const clerkAccount = await makeAccount(t.ctx, ['unit_clerk'], unit.id);
      await t.ctx.db.kysely
        .updateTable('users')
        .set({ email: 'clerk@example.gov.cn' })
        .where('id', '=', clerkAccount.id)
        .execute();
      clerk = await signedIn(app, clerkAccount, t.clock, '10.71.0.1');
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.71.0.2');
      publisher = await signedIn(app, await makeAccount(t.ctx, ['publisher']), t.clock, '10.71.0.3');
    });
    after(async () => {
      await app.close();
      await hung.close();
      await t.cleanup();
    });

    const newItem = async () =>
      (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode() }),
        })
      ).json().id as string;

    it('a webhook receiver that hangs does not slow publication: deliveries wait in the outbox, publishing answers at once', {
      timeout: 120_000,
    }, async () => {
      await registerChannel(
        { app: t.ctx, actor: SYSTEM_ACTOR, meta: {} },
        {
          name: '挂起的订阅方',
          kind: 'other',
          expectedSync: 'webhook',
          webhookUrl: `http://127.0.0.1:${hung.port}/hook`,
          active: true,
        },
      );
      await passWorkflow(await newItem(), clerk, verifier, publisher);
      const [, baseline] = await timed(async () => passWorkflow(await newItem(), clerk, verifier, publisher));
      const ids = [await newItem(), await newItem()];
      for (const id of ids) {
        await clerk.post(`/api/v1/items/${id}/submit`, { attestation: true });
        await verifier.post(`/api/v1/items/${id}/verify`, {});
      }
      let delivering = true;
      const delivery = deliverDue(t.ctx, t.clock.now()).finally(() => (delivering = false));
      const before = hung.sockets.size;
      for (let waited = 0; hung.sockets.size === before && waited < 10_000; waited += 20) await sleep(20);
      assert.ok(hung.sockets.size > before, 'the delivery is under way and hanging');
      for (const id of ids) {
        const [res, ms] = await timed(() => publisher.post(`/api/v1/items/${id}/publish`, {}));
        assert.equal(res.statusCode, 200, res.body);
        assert.ok(ms < Math.max(3000, baseline), `publishing took ${Math.round(ms)} ms while the receiver hangs`);
      }
      assert.ok(delivering, 'publication did not wait for the hanging delivery');
      const result = await delivery;
      assert.equal(result.failed, 1, 'the hanging delivery times out and is retried later');
      const pending = await t.ctx.db.kysely
        .selectFrom('channel_deliveries')
        .select(['status', 'last_error'])
        .where('status', '!=', 'delivered')
        .execute();
      assert.equal(pending.length, 4, 'every publication waits in the outbox');
    });

    it('an SMTP server that stalls does not block a request that queues e-mail', { timeout: 120_000 }, async () => {
      const id = await newItem();
      await clerk.post(`/api/v1/items/${id}/submit`, { attestation: true });
      await t.ctx.db.kysely
        .insertInto('mail_outbox')
        .values({
          id: 'stall',
          to_address: 'clerk@example.gov.cn',
          subject: '【事项通】测试',
          body: '测试',
          attempts: 0,
          next_attempt_at: t.clock.now().toISOString(),
          sent_at: null,
          last_error: null,
          created_at: t.clock.now().toISOString(),
        })
        .execute();
      const before = hung.sockets.size;
      let sending = true;
      const job = runSlot(t.ctx, mailOutboxJob(), t.clock.now()).finally(() => (sending = false));
      for (let waited = 0; hung.sockets.size === before && waited < 10_000; waited += 20) await sleep(20);
      assert.ok(hung.sockets.size > before, 'the mail job is connected to the stalled server');
      const [res, ms] = await timed(() => verifier.post(`/api/v1/items/${id}/return`, { comment: '请补充材料说明' }));
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(ms < 5000, `returning took ${Math.round(ms)} ms while SMTP stalls`);
      assert.ok(sending, 'the request did not wait for SMTP');
      const queued = await t.ctx.db.kysely
        .selectFrom('mail_outbox')
        .select('to_address')
        .where('sent_at', 'is', null)
        .where('id', '!=', 'stall')
        .execute();
      assert.equal(queued.length, 1, "the return's e-mail is queued, not sent in the request");
      for (const s of hung.sockets) s.destroy();
      await job;
      const stalled = await t.ctx.db.kysely
        .selectFrom('mail_outbox')
        .select(['sent_at', 'last_error', 'attempts'])
        .where('id', '=', 'stall')
        .executeTakeFirstOrThrow();
      assert.equal(stalled.sent_at, null);
      assert.ok(stalled.last_error, 'the failure is recorded for a retry');
    });
  });
}
