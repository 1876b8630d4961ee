import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { testDialects } from '../support/context.js';
import { licenceContent } from '../support/factories.js';
import { freshCode } from '../support/workflow.js';
import { processDistrict, staffOf } from './support/district.js';
import { RemoteClient } from './support/remote-client.js';
import { ServerProcess } from './support/server-process.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}

const parse = (lines: string[]): LogLine[] =>
  lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);

for (const dialect of testDialects()) {
  describe(`[${dialect}] operations: graceful shutdown and request ids`, () => {
    it('SIGTERM under load: every accepted request is answered without a 5xx, acknowledged writes are kept, exit 0; the request id runs from the log to the audit record', {
      timeout: 300_000,
    }, async () => {
      const d = await processDistrict(dialect, { units: 2 });
      const server = new ServerProcess({ ...d.env, LOG_LEVEL: 'info', JOBS: 'true' });
      try {
        await server.start();
        const staff = await staffOf(d, server);
        const visitor = new RemoteClient(() => server.url);

        // Request ids end to end, on an error and on a write.
        const missing = await visitor.get('/api/v1/nope');
        assert.equal(missing.status, 404);
        const missingId = missing.json().error.requestId as string;
        const created = await staff.clerks[0]!.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode() }),
        });
        assert.equal(created.status, 201);

        // Load: clerks writing, the public reading; SIGTERM in the middle.
        const outcomes: Array<{ what: string; status: number | 'refused'; id?: string }> = [];
        let running = true;
        const loop = async (i: number) => {
          while (running) {
            const write = i % 2 === 0;
            try {
              const r = write
                ? await staff.clerks[i % staff.clerks.length]!.post('/api/v1/items', {
                    granularity: 'main',
                    content: licenceContent({ catalogCode: freshCode() }),
                  })
                : await visitor.get(i % 4 === 1 ? '/api/public/v1/items' : '/');
              outcomes.push({
                what: write ? 'create' : 'read',
                status: r.status,
                id: write && r.status === 201 ? r.json().id : undefined,
              });
            } catch {
              // Connection refused or closed before the request was taken: the server is going away.
              outcomes.push({ what: write ? 'create' : 'read', status: 'refused' });
              await sleep(50);
            }
          }
        };
        const loops = Promise.all(Array.from({ length: 8 }, (_, i) => loop(i)));
        await sleep(1500);
        const exited = server.stop('SIGTERM');
        const exit = await exited;
        running = false;
        await loops;
        assert.equal(exit.code, 0, 'drained and exited 0');

        const logs = parse(server.lines);
        const incoming = logs.filter((l) => l.msg === 'incoming request');
        const completed = new Map(
          logs.filter((l) => l.msg === 'request completed').map((l) => [l.reqId, l.res!.statusCode]),
        );
        const unanswered = incoming.filter((l) => !completed.has(l.reqId));
        assert.deepEqual(
          unanswered.map((l) => `${l.req?.method} ${l.req?.url}`),
          [],
          'every accepted request got its answer',
        );
        const failed = incoming.filter((l) => (completed.get(l.reqId) ?? 0) >= 500);
        assert.deepEqual(
          failed.map((l) => `${l.req?.method} ${l.req?.url} → ${completed.get(l.reqId)}`),
          [],
          'no accepted request failed',
        );
        assert.deepEqual(
          outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500 && o.status !== 503),
          [],
          'no 500s',
        );
        const answered = outcomes.filter((o) => o.status === 200 || o.status === 201);
        assert.ok(answered.length > 8, `load was running (${answered.length} answered)`);
        assert.ok(logs.some((l) => l.msg === 'shutting down: draining requests'));

        const acked = outcomes.filter((o) => o.id).map((o) => o.id!);
        const stored = new Set((await d.t.ctx.db.kysely.selectFrom('items').select('id').execute()).map((r) => r.id));
        assert.deepEqual(
          acked.filter((id) => !stored.has(id)),
          [],
          'every acknowledged create is stored',
        );

        assert.equal(completed.get(missingId), 404, "the error body's request id is the one in the log");
        const audit = await d.t.ctx.db.kysely
          .selectFrom('audit_log')
          .select('request_id')
          .where('action', '=', 'item.created')
          .where('target_id', '=', created.json().id)
          .executeTakeFirstOrThrow();
        const line = incoming.find((l) => l.reqId === audit.request_id);
        assert.equal(
          `${line?.req?.method} ${line?.req?.url}`,
          'POST /api/v1/items',
          'the audit record names the request of the log',
        );
        assert.equal(completed.get(audit.request_id!), 201);
      } finally {
        await server.stop('SIGKILL');
        await d.cleanup();
      }
    });

    it('SIGTERM with keep-alive connections: the request under way is answered, then its connection and the idle ones are closed and the process exits at once, not after the 72 s keep-alive', {
      timeout: 120_000,
    }, async () => {
      const d = await processDistrict(dialect, { units: 1 });
      const server = new ServerProcess({ ...d.env, LOG_LEVEL: 'info', JOBS: 'true' });
      try {
        await server.start();
        const { hostname, port } = new URL(server.url);
        const open = async () => {
          const socket = net.connect(Number(port), hostname);
          await once(socket, 'connect');
          let received = '';
          socket.on('data', (c: Buffer) => (received += c.toString('latin1')));
          const closed = once(socket, 'close');
          return { socket, closed, received: () => received };
        };
        // An idle keep-alive connection (one answered request), and one whose request is still being sent.
        const idle = await open();
        idle.socket.write(`GET /healthz HTTP/1.1\r\nHost: ${server.url.slice(7)}\r\n\r\n`);
        while (!idle.received().includes('\r\n\r\n')) await sleep(10);
        const busy = await open();
        const body = JSON.stringify({ granularity: 'main' });
        busy.socket.write(
          `POST /api/v1/items HTTP/1.1\r\nHost: ${server.url.slice(7)}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
        );
        await sleep(200);
        const t0 = performance.now();
        const exited = server.stop('SIGTERM');
        while (!server.lines.some((l) => l.includes('shutting down'))) await sleep(10);
        await idle.closed;
        busy.socket.write(body.slice(5));
        await busy.closed;
        assert.match(busy.received(), /^HTTP\/1\.1 401 /, 'the request under way got its answer');
        const exit = await exited;
        assert.equal(exit.code, 0);
        assert.ok(performance.now() - t0 < 10_000, `exited after ${Math.round(performance.now() - t0)} ms`);
      } finally {
        await server.stop('SIGKILL');
        await d.cleanup();
      }
    });
  });
}
