import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { UseCaseContext } from '../../src/app/use-case.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { loadConfig } from '../../src/config/config.js';
import { POLL_ERRORS, pollChannel, STATUS_DOCUMENT_BYTES } from '../../src/publishing/channel-poll.job.js';
import { registerChannel } from '../../src/publishing/channel.service.js';
import { deliverDue } from '../../src/publishing/webhooks.js';
import {
  classifyTarget,
  literalTargetProblem,
  OUTBOUND_ERRORS,
  outboundRequest,
} from '../../src/security/outbound-http.js';
import { isAppError } from '../../src/shared/errors.js';
import { createTestContext, testDialects, type TestContext, sqliteOnly } from '../support/context.js';
import { makeUnit } from '../support/factories.js';
import { publishItem } from '../support/publishing.js';
import { Receiver } from '../support/receiver.js';

const SECRET = 'SECRET-BODY-7f3a';
const LOOPBACK = ['127.0.0.0/8'];

/**
 * SSRF and unbounded reads: channel webhooks and status polling go through the outbound policy (no
 * loopback/private/link-local/unique-local targets unless OUTBOUND_ALLOWED_CIDRS lists them, ports 80/443,
 * no redirects, a timeout, a capped body) and store generic error texts, never what the far side sent.
 */
describe('outbound policy', sqliteOnly, () => {
  it('refuses internal and reserved addresses, and other ports than 80/443, unless the range is allowed', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fd00::1',
      'fc12::5',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a00:1',
      '64:ff9b::10.0.0.1',
    ]) {
      assert.equal(classifyTarget(address, 443, []), 'blocked', address);
    }
    assert.equal(classifyTarget('203.0.113.10', 443, []), 'ok');
    assert.equal(classifyTarget('203.0.113.10', 80, []), 'ok');
    assert.equal(classifyTarget('2001:db8::1', 443, []), 'ok');
    assert.equal(classifyTarget('203.0.113.10', 8080, []), 'port');
    assert.equal(classifyTarget('127.0.0.1', 45678, LOOPBACK), 'ok', 'inside the allowed ranges any port');
    assert.equal(classifyTarget('::ffff:127.0.0.1', 45678, LOOPBACK), 'ok');
    assert.equal(classifyTarget('10.20.30.40', 8080, ['10.20.0.0/16']), 'ok');
    assert.equal(classifyTarget('10.21.0.1', 443, ['10.20.0.0/16']), 'blocked');
  });

  it('literal addresses and localhost are refused when a channel is saved; host names wait for the request', () => {
    assert.equal(literalTargetProblem('http://127.0.0.1:8080/hook', []), OUTBOUND_ERRORS.blocked);
    assert.equal(literalTargetProblem('http://localhost/hook', []), OUTBOUND_ERRORS.blocked);
    assert.equal(literalTargetProblem('http://[::1]/hook', []), OUTBOUND_ERRORS.blocked);
    assert.equal(literalTargetProblem('http://169.254.169.254/latest/meta-data/', []), OUTBOUND_ERRORS.blocked);
    assert.equal(literalTargetProblem('http://203.0.113.10:8080/', []), OUTBOUND_ERRORS.port);
    assert.equal(literalTargetProblem('https://www.unit.example.gov.cn/hook', []), null);
    assert.equal(literalTargetProblem('http://127.0.0.1:8080/hook', LOOPBACK), null);
  });

  it('OUTBOUND_ALLOWED_CIDRS is validated at boot and empty by default', () => {
    assert.deepEqual(loadConfig({ NODE_ENV: 'test' }).outbound.allowedCidrs, []);
    assert.deepEqual(
      loadConfig({ NODE_ENV: 'test', OUTBOUND_ALLOWED_CIDRS: '10.20.0.0/16, fd00::/8' }).outbound.allowedCidrs,
      ['10.20.0.0/16', 'fd00::/8'],
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', OUTBOUND_ALLOWED_CIDRS: '10.0.0.0/40' }),
      /OUTBOUND_ALLOWED_CIDRS/,
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', OUTBOUND_ALLOWED_CIDRS: '999.1.1.1' }),
      /OUTBOUND_ALLOWED_CIDRS/,
    );
  });

  describe('requests', () => {
    const receiver = new Receiver();
    let slow: http.Server;
    let slowPort = 0;
    before(async () => {
      await receiver.start();
      slow = http.createServer(() => undefined); // never answers
      await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
      slowPort = (slow.address() as AddressInfo).port;
    });
    after(async () => {
      await receiver.stop();
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    });
    const get = (url: string, cidrs: string[], o: Partial<Parameters<typeof outboundRequest>[2]> = {}) =>
      outboundRequest(url, cidrs, { method: 'GET', timeoutMs: 5_000, maxBytes: 1024, overflow: 'error', ...o });

    it('a loopback target is refused without connecting, by address and by a name that resolves to it', async () => {
      const seen = receiver.requests.length;
      await assert.rejects(get(`http://127.0.0.1:${receiver.port}/x`, []), { message: OUTBOUND_ERRORS.blocked });
      await assert.rejects(get(`http://localhost:${receiver.port}/x`, []), { message: OUTBOUND_ERRORS.blocked });
      assert.equal(receiver.requests.length, seen, 'nothing reached the receiver');
      receiver.document = { ok: true };
      assert.equal((await get(`http://127.0.0.1:${receiver.port}/x`, LOOPBACK)).status, 200);
      assert.equal((await get(`http://localhost:${receiver.port}/x`, [...LOOPBACK, '::1/128'])).status, 200);
      receiver.document = null;
    });

    it('the body is streamed and cut at the cap; redirects are not followed; a silent server times out', async () => {
      receiver.raw = 'x'.repeat(64 * 1024);
      await assert.rejects(get(`http://127.0.0.1:${receiver.port}/big`, LOOPBACK), {
        message: OUTBOUND_ERRORS.tooLarge,
      });
      const discarded = await get(`http://127.0.0.1:${receiver.port}/big`, LOOPBACK, { overflow: 'discard' });
      assert.deepEqual([discarded.status, discarded.body.length], [200, 1024]);
      receiver.raw = '';
      receiver.rawStatus = 302;
      const redirect = await get(`http://127.0.0.1:${receiver.port}/moved`, LOOPBACK);
      assert.equal(redirect.status, 302, 'a redirect is an answer, not followed');
      receiver.raw = null;
      receiver.rawStatus = 200;
      const started = Date.now();
      await assert.rejects(get(`http://127.0.0.1:${slowPort}/`, LOOPBACK, { timeoutMs: 300 }), {
        message: OUTBOUND_ERRORS.timeout(300),
      });
      assert.ok(Date.now() - started < 3_000);
    });

    it('a request is abandoned at once when its signal is aborted (shutdown), or not made when it already is', async () => {
      const stop = new AbortController();
      const started = Date.now();
      const pending = get(`http://127.0.0.1:${slowPort}/`, LOOPBACK, { signal: stop.signal });
      setTimeout(() => stop.abort(), 50);
      await assert.rejects(pending, { message: OUTBOUND_ERRORS.stopped });
      assert.ok(Date.now() - started < 2_000, 'not the 5 s timeout');
      const seen = receiver.requests.length;
      await assert.rejects(get(`http://127.0.0.1:${receiver.port}/x`, LOOPBACK, { signal: stop.signal }), {
        message: OUTBOUND_ERRORS.stopped,
      });
      assert.equal(receiver.requests.length, seen);
    });
  });
});

for (const dialect of testDialects()) {
  describe(`[${dialect}] channels under the outbound policy`, () => {
    const receiver = new Receiver();
    let strict: TestContext;
    let allowing: TestContext;
    let unitId: string;
    const uc = (t: TestContext): UseCaseContext => ({ app: t.ctx, actor: SYSTEM_ACTOR, meta: {} });
    const channelRow = (t: TestContext, id: string) =>
      t.ctx.db.kysely.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    before(async () => {
      await receiver.start();
      strict = await createTestContext(dialect);
      allowing = await createTestContext(dialect, { env: { OUTBOUND_ALLOWED_CIDRS: '127.0.0.0/8' } });
      for (const t of [strict, allowing]) t.clock.set('2026-03-02T02:00:00.000Z');
      unitId = (await makeUnit(strict.ctx)).id;
    });
    after(async () => {
      await receiver.stop();
      await strict.cleanup();
      await allowing.cleanup();
    });

    it('registration refuses a webhook or status URL on a loopback address (400 naming the field) unless allowed', async () => {
      for (const [field, input] of [
        ['webhookUrl', { expectedSync: 'webhook', webhookUrl: `http://127.0.0.1:${receiver.port}/hook` }],
        ['pollUrl', { expectedSync: 'poll', pollUrl: 'http://169.254.169.254/latest/meta-data/' }],
      ] as const) {
        await assert.rejects(
          registerChannel(uc(strict), { name: '内网渠道', kind: 'other', ...input }),
          (e: unknown) => {
            assert.ok(isAppError(e) && e.status === 400, String(e));
            assert.deepEqual(
              e.issues.map((i) => i.path),
              [field],
            );
            return true;
          },
        );
      }
      const ok = await registerChannel(uc(allowing), {
        name: '内网渠道',
        kind: 'other',
        expectedSync: 'webhook',
        webhookUrl: `http://127.0.0.1:${receiver.port}/hook`,
        active: false,
      });
      assert.ok(ok.channel.id);
    });

    it('a webhook whose host resolves to loopback is refused at delivery time: nothing is sent, a generic error is stored', async () => {
      const { channel } = await registerChannel(uc(strict), {
        name: '单位网站',
        kind: 'unit_site',
        unitId,
        expectedSync: 'webhook',
        webhookUrl: 'https://www.unit.example.gov.cn/hook',
      });
      // As if saved before the policy existed, or the name now resolves to an internal address.
      await strict.ctx.db.kysely
        .updateTable('channels')
        .set({ webhook_url: `http://localhost:${receiver.port}/hook` })
        .where('id', '=', channel.id)
        .execute();
      const seen = receiver.requests.length;
      await publishItem(strict.ctx, unitId, { name: '内网推送测试事项' });
      assert.deepEqual(await deliverDue(strict.ctx, strict.clock.now()), { sent: 0, failed: 1 });
      assert.equal(receiver.requests.length, seen, 'no request reached the loopback receiver');
      const delivery = await strict.ctx.db.kysely
        .selectFrom('channel_deliveries')
        .selectAll()
        .where('channel_id', '=', channel.id)
        .executeTakeFirstOrThrow();
      assert.equal(delivery.status, 'pending');
      assert.equal(delivery.last_error, OUTBOUND_ERRORS.blocked);
    });

    it('a status URL on loopback is refused at poll time', async () => {
      const { channel } = await registerChannel(uc(strict), {
        name: '静态站点',
        kind: 'other',
        expectedSync: 'poll',
        pollUrl: 'https://static.example.gov.cn/index.json',
      });
      await strict.ctx.db.kysely
        .updateTable('channels')
        .set({ poll_url: `http://127.0.0.1:${receiver.port}/index.json` })
        .where('id', '=', channel.id)
        .execute();
      const seen = receiver.requests.length;
      assert.equal(await pollChannel(strict.ctx, await channelRow(strict, channel.id)), false);
      assert.equal(receiver.requests.length, seen);
      assert.match((await channelRow(strict, channel.id)).last_poll_error ?? '', /目标地址不允许/);
    });

    it('stored errors never contain the response body: HTTP status, invalid JSON; an oversized status document is cut and rejected', async () => {
      const { channel } = await registerChannel(uc(allowing), {
        name: '静态站点',
        kind: 'other',
        expectedSync: 'poll',
        pollUrl: `http://127.0.0.1:${receiver.port}/index.json`,
      });
      const poll = async () => {
        assert.equal(await pollChannel(allowing.ctx, await channelRow(allowing, channel.id)), false);
        const row = await channelRow(allowing, channel.id);
        assert.ok(!row.last_poll_error?.includes(SECRET), `body text stored: ${row.last_poll_error}`);
        assert.equal(row.reported_seq, null);
        return row.last_poll_error ?? '';
      };
      receiver.raw = `<html>${SECRET} stack trace</html>`;
      assert.ok((await poll()).endsWith(POLL_ERRORS.invalidJson));
      receiver.rawStatus = 500;
      assert.match(await poll(), /HTTP 500$/);
      receiver.rawStatus = 200;
      receiver.raw = JSON.stringify({
        seq: 1,
        hash: 'a'.repeat(64),
        padding: `${SECRET}${'x'.repeat(STATUS_DOCUMENT_BYTES)}`,
      });
      assert.ok((await poll()).endsWith(OUTBOUND_ERRORS.tooLarge));
      receiver.raw = null;

      const hook = await registerChannel(uc(allowing), {
        name: '单位网站',
        kind: 'portal',
        expectedSync: 'webhook',
        webhookUrl: receiver.url,
      });
      const unit = (await makeUnit(allowing.ctx)).id;
      receiver.status = 500;
      receiver.postBody = `${SECRET} internal error`;
      await publishItem(allowing.ctx, unit, { name: '推送失败测试事项' });
      assert.deepEqual(await deliverDue(allowing.ctx, allowing.clock.now()), { sent: 0, failed: 1 });
      const delivery = await allowing.ctx.db.kysely
        .selectFrom('channel_deliveries')
        .selectAll()
        .where('channel_id', '=', hook.channel.id)
        .executeTakeFirstOrThrow();
      assert.equal(delivery.last_error, 'HTTP 500');
      const attempts = await allowing.ctx.db.kysely
        .selectFrom('channel_delivery_attempts')
        .select('error')
        .where('delivery_id', '=', delivery.id)
        .execute();
      assert.deepEqual(
        attempts.map((a) => a.error),
        ['HTTP 500'],
      );
      receiver.status = 200;
      receiver.postBody = null;
    });
  });
}
