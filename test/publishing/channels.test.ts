import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { backoffSeconds, deliverDue, webhookDeliveryJob } from '../../src/publishing/webhooks.js';
import { verifyWebhook } from '../../src/publishing/signature.js';
import { JOBS } from '../../src/jobs/index.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import { nextCatalogCode, publishItem } from '../support/publishing.js';
import { Receiver } from '../support/receiver.js';

/**
 * Channels (Art. 20 同源同步): registration with credentials shown once; every publication reaches each
 * subscribed channel as a signed webhook (HMAC-SM3 over timestamp + body), retried with backoff until
 * acknowledged, with every attempt in the console's log; channels report which publication and catalogue
 * hash they show, and the centre sees current / behind / drifted; re-push and polling.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] channels: webhooks, sync status, drift`, () => {
    let t: TestContext;
    let app: App;
    let unitId: string;
    let otherUnit: string;
    let clerk: Client;
    let verifier: Client;
    let publisher: Client;
    const receiver = new Receiver();
    let channel: { id: string; token: string; secret: string };

    const get = (url: string) => app.inject({ method: 'GET', url });
    const report = (token: string, body: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/public/v1/channels/status',
        headers: { authorization: `Bearer ${token}` },
        payload: body as object,
      });
    const deliveries = () =>
      t.ctx.db.kysely
        .selectFrom('channel_deliveries')
        .selectAll()
        .where('channel_id', '=', channel.id)
        .orderBy('created_at')
        .orderBy('seq')
        .execute();
    const now = () => t.ctx.clock.now();
    const verify = (r: { headers: Record<string, unknown>; body: string }) =>
      verifyWebhook(
        channel.secret,
        String(r.headers['x-shixiang-timestamp']),
        String(r.headers['x-shixiang-signature']),
        r.body,
        now().getTime() / 1000,
      );

    /** Through the real workflow: clerk enters, verifier verifies, publisher publishes. */
    async function publishThroughWorkflow(name: string): Promise<{ id: string; taskCode: string }> {
      const created = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: nextCatalogCode(), name }),
        })
      ).json();
      assert.equal((await clerk.post(`/api/v1/items/${created.id}/submit`, { attestation: true })).statusCode, 200);
      assert.equal((await verifier.post(`/api/v1/items/${created.id}/verify`, {})).statusCode, 200);
      assert.equal((await publisher.post(`/api/v1/items/${created.id}/publish`, {})).statusCode, 200);
      return { id: created.id, taskCode: created.taskCode };
    }

    before(async () => {
      // The receiver listens on 127.0.0.1: allowed here as a 政务外网 deployment lists its internal sites.
      t = await createTestContext(dialect, { env: { OUTBOUND_ALLOWED_CIDRS: '127.0.0.0/8' } });
      t.clock.set('2026-03-02T02:00:00.000Z');
      app = await buildApp(t.ctx);
      await receiver.start();
      unitId = (await makeUnit(t.ctx)).id;
      otherUnit = (await makeUnit(t.ctx)).id;
      clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitId), t.clock, '10.30.0.1');
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.30.0.2');
      publisher = await signedIn(app, await makeAccount(t.ctx, ['publisher']), t.clock, '10.30.0.3');
    });
    after(async () => {
      await receiver.stop();
      await app.close();
      await t.cleanup();
    });

    it('the centre registers a unit website with a webhook; the token and signing secret are shown once', async () => {
      const res = await publisher.form('/console/channels/new', {
        'channel[name]': '测试单位门户网站',
        'channel[kind]': 'unit_site',
        'channel[unitId]': unitId,
        'channel[expectedSync]': 'webhook',
        'channel[webhookUrl]': receiver.url,
        'channel[siteUrl]': 'https://unit.example.gov.cn/',
        'channel[active]': 'true',
      });
      assert.equal(res.statusCode, 303, res.body);
      const location = String(res.headers.location);
      const page = (await publisher.get(location)).body;
      const token = /id="channel-token">([^<]+)</.exec(page)?.[1];
      const secret = /id="channel-secret">([^<]+)</.exec(page)?.[1];
      assert.ok(token?.startsWith('sxc_') && secret?.startsWith('whsec_'));
      channel = { id: /\/console\/channels\/([^?]+)/.exec(location)![1]!, token: token!, secret: secret! };
      assert.doesNotMatch((await publisher.get(location)).body, /id="channel-token"/, 'shown once');
      const row = await t.ctx.db.kysely
        .selectFrom('channels')
        .selectAll()
        .where('id', '=', channel.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.token_hash, token);
      assert.ok(!row.webhook_secret!.includes(secret!), 'the secret is stored encrypted');
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', channel.id)
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['channel.saved'],
      );
      assert.equal((await clerk.get('/console/channels')).statusCode, 403, 'units do not manage channels');
    });

    it('a publication through the workflow is delivered, signed with HMAC-SM3 over timestamp + body, and is on portal, API and feeds at once', async () => {
      const item = await publishThroughWorkflow('网络预约出租汽车驾驶员证核发');
      const [pending] = await deliveries();
      assert.equal(pending!.status, 'pending', 'enqueued in the publication transaction');
      assert.ok(
        webhookDeliveryJob.everyMs <= 5_000 && JOBS.includes(webhookDeliveryJob),
        'the delivery job runs every few seconds',
      );
      assert.deepEqual(await deliverDue(t.ctx, now()), { sent: 1, failed: 0 });
      assert.equal(receiver.requests.length, 1);
      const req = receiver.requests[0]!;
      assert.equal(req.method, 'POST');
      assert.deepEqual(verify(req), { ok: true });
      const body = JSON.parse(req.body);
      assert.equal(body.event, 'publication');
      assert.equal(body.kind, 'add');
      assert.equal(body.item.code, item.taskCode);
      assert.equal(req.headers['x-shixiang-seq'], String(body.seq));
      assert.equal(req.headers['x-shixiang-delivery'], body.delivery);
      const catalogue = (await get(`/api/public/v1/catalogue?unit=${unitId}`)).json();
      assert.equal(
        body.catalogue.hash,
        catalogue.catalogue.hash,
        'the payload says which catalogue the channel should now show',
      );
      assert.equal(body.seq, catalogue.publication.seq);
      // Replay protection: the same bytes with an old timestamp, or changed bytes, fail verification.
      assert.deepEqual(
        verifyWebhook(
          channel.secret,
          String(req.headers['x-shixiang-timestamp']),
          String(req.headers['x-shixiang-signature']),
          req.body,
          now().getTime() / 1000 + 600,
        ),
        { ok: false, reason: 'stale' },
      );
      assert.deepEqual(
        verifyWebhook(
          channel.secret,
          String(req.headers['x-shixiang-timestamp']),
          String(req.headers['x-shixiang-signature']),
          req.body.replace('add', 'cancel'),
          now().getTime() / 1000,
        ),
        { ok: false, reason: 'mismatch' },
      );
      const [done] = await deliveries();
      assert.equal(done!.status, 'delivered');
      assert.equal(done!.last_status_code, 200);

      // 变更 through a change request: every public surface shows it at once.
      const cr = await clerk.post('/api/v1/changes', {
        kind: 'change',
        itemId: item.id,
        ground: 'art18.1',
        groundArisenOn: '2026-03-02',
        summary: '依据修订调整办理时间',
      });
      assert.equal(cr.statusCode, 201);
      const draft = (await clerk.get(`/api/v1/items/${item.id}`)).json();
      const saved = await clerk.put(`/api/v1/items/${item.id}`, {
        version: draft.version,
        content: { ...draft.content, transactTime: '每周一至周六 9:00-17:00' },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal((await clerk.post(`/api/v1/items/${item.id}/submit`, { attestation: true })).statusCode, 200);
      assert.equal((await verifier.post(`/api/v1/items/${item.id}/verify`, {})).statusCode, 200);
      assert.equal((await publisher.post(`/api/v1/items/${item.id}/publish`, {})).statusCode, 200);
      assert.match((await get(`/api/public/v1/items/${item.taskCode}`)).json().content.transactTime, /每周一至周六/);
      assert.match(
        (await app.inject({ method: 'GET', url: `/items/${item.taskCode}` })).body,
        /每周一至周六 9:00-17:00/,
      );
      assert.match((await get('/feeds/changes.atom')).body, /【变更】网络预约出租汽车驾驶员证核发/);
      await deliverDue(t.ctx, now());
      const change = JSON.parse(receiver.requests[1]!.body);
      assert.equal(change.kind, 'change');
      assert.equal(change.ground, 'art18.1');
      assert.deepEqual(verify(receiver.requests[1]!), { ok: true });
    });

    it('only channels whose scope includes the unit are notified', async () => {
      const before = receiver.requests.length;
      await publishItem(t.ctx, otherUnit, { name: '其他单位的事项' });
      await deliverDue(t.ctx, now());
      assert.equal(receiver.requests.length, before);
    });

    it('a receiver that is down gets the delivery after it comes back: retried with exponential backoff, every attempt logged', async () => {
      const port = receiver.port;
      await receiver.stop();
      await publishItem(t.ctx, unitId, { name: '道路运输证配发' });
      assert.deepEqual(await deliverDue(t.ctx, now()), { sent: 0, failed: 1 });
      let head = (await deliveries()).at(-1)!;
      assert.equal(head.status, 'pending');
      assert.equal(head.attempts, 1);
      assert.ok(head.last_error);
      assert.equal(head.next_attempt_at, new Date(now().getTime() + backoffSeconds(1) * 1000).toISOString());
      assert.deepEqual(await deliverDue(t.ctx, now()), { sent: 0, failed: 0 }, 'not before its backoff');

      await receiver.start(port);
      receiver.status = 503;
      t.clock.advance(backoffSeconds(1) * 1000);
      assert.deepEqual(await deliverDue(t.ctx, now()), { sent: 0, failed: 1 });
      head = (await deliveries()).at(-1)!;
      assert.equal(head.last_status_code, 503);
      assert.equal(backoffSeconds(2), 2 * backoffSeconds(1));

      receiver.status = 200;
      t.clock.advance(backoffSeconds(2) * 1000);
      const seen = receiver.requests.length;
      assert.deepEqual(await deliverDue(t.ctx, now()), { sent: 1, failed: 0 });
      head = (await deliveries()).at(-1)!;
      assert.equal(head.status, 'delivered');
      assert.equal(head.attempts, 3);
      const last = receiver.requests.at(-1)!;
      assert.equal(receiver.requests.length, seen + 1);
      assert.deepEqual(verify(last), { ok: true }, 'signed again with the time of the attempt');
      assert.match(JSON.parse(last.body).item.name, /道路运输证配发/);
      const attempts = await t.ctx.db.kysely
        .selectFrom('channel_delivery_attempts')
        .selectAll()
        .where('delivery_id', '=', head.id)
        .orderBy('attempted_at')
        .execute();
      assert.deepEqual(
        attempts.map((a) => a.status_code),
        [null, 503, 200],
      );

      const page = (await publisher.get(`/console/channels/${channel.id}`)).body;
      assert.match(page, new RegExp(`data-delivery="${head.id}" data-status="delivered"`));
      assert.match(page, /3 次<\/summary>/);
      assert.match(page, /503/);
    });

    it('sync status: current after a matching report, behind after a publication, drifted when the hash differs for the same sequence (and since when)', async () => {
      const catalogue = (await get(`/api/public/v1/catalogue?unit=${unitId}`)).json();
      const current = await report(channel.token, { seq: catalogue.publication.seq, hash: catalogue.catalogue.hash });
      assert.equal(current.statusCode, 200, current.body);
      assert.equal(current.json().status, 'current');
      assert.match(
        (await publisher.get('/console/channels')).body,
        new RegExp(`data-channel="${channel.id}" data-state="current"`),
      );

      t.clock.advance(60_000);
      await publishItem(t.ctx, unitId, { name: '巡游出租汽车驾驶员证核发' });
      const list = (await publisher.get('/console/channels')).body;
      assert.match(list, new RegExp(`data-channel="${channel.id}" data-state="behind"`));
      assert.match(list, /落后 1 次发布/);

      const fresh = (await get(`/api/public/v1/catalogue?unit=${unitId}`)).json();
      t.clock.advance(60_000);
      const driftAt = now().toISOString();
      const drifted = await report(channel.token, { seq: fresh.publication.seq, hash: 'f'.repeat(64) });
      assert.equal(drifted.json().status, 'drifted');
      assert.equal(drifted.json().expectedHash, fresh.catalogue.hash);
      t.clock.advance(60_000);
      await report(channel.token, { seq: fresh.publication.seq, hash: 'f'.repeat(64) });
      const row = await t.ctx.db.kysely
        .selectFrom('channels')
        .selectAll()
        .where('id', '=', channel.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.drift_since, driftAt, 'drift is dated from the first report that showed it');
      const page = (await publisher.get('/console/channels')).body;
      assert.match(page, new RegExp(`data-channel="${channel.id}" data-state="drifted"`));
      assert.match(page, /内容不一致/);
      assert.match(
        page,
        new RegExp(new Date(Date.parse(driftAt) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')),
      );
      assert.equal(
        (await report(channel.token, { seq: fresh.publication.seq + 100, hash: fresh.catalogue.hash })).json().status,
        'drifted',
        'a sequence never published',
      );
      assert.equal(
        (await report(channel.token, { seq: fresh.publication.seq, hash: fresh.catalogue.hash })).json().status,
        'current',
      );
      assert.equal((await report('sxc_not-a-token', { seq: 1, hash: 'a'.repeat(64) })).statusCode, 401);
      assert.equal((await report(channel.token, { seq: 1, hash: 'not hex' })).statusCode, 400);
    });

    it('a drift stays visible after later publications (with how far behind), also when the channel repeats the same report', async () => {
      const catalogue = (await get(`/api/public/v1/catalogue?unit=${unitId}`)).json();
      t.clock.advance(60_000);
      const driftAt = now().toISOString();
      assert.equal(
        (await report(channel.token, { seq: catalogue.publication.seq, hash: 'e'.repeat(64) })).json().status,
        'drifted',
      );
      t.clock.advance(60_000);
      await publishItem(t.ctx, unitId, { name: '网络预约出租汽车驾驶员证核发' });
      const list = (await publisher.get('/console/channels')).body;
      assert.match(list, new RegExp(`data-channel="${channel.id}" data-state="drifted"`));
      assert.match(list, /落后 1 次发布/);
      t.clock.advance(60_000);
      const again = await report(channel.token, { seq: catalogue.publication.seq, hash: 'e'.repeat(64) });
      assert.equal(
        again.json().status,
        'drifted',
        'the same drifted report, repeated after a publication, is still drift',
      );
      const row = await t.ctx.db.kysely
        .selectFrom('channels')
        .selectAll()
        .where('id', '=', channel.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.drift_since, driftAt);
      const detail = (await publisher.get(`/console/channels/${channel.id}`)).body;
      assert.match(
        detail,
        /id="sync-state"><span class="badge badge-sync-drifted">内容不一致<\/span>[^<]*，落后 1 次发布/,
      );
      const fresh = (await get(`/api/public/v1/catalogue?unit=${unitId}`)).json();
      assert.equal(
        (await report(channel.token, { seq: fresh.publication.seq, hash: fresh.catalogue.hash })).json().status,
        'current',
      );
    });

    it('the list and the detail show the expected sequence and the catalogue hash alike', async () => {
      const catalogue = (await get('/api/public/v1/catalogue')).json();
      const unitCatalogue = (await get(`/api/public/v1/catalogue?unit=${unitId}`)).json();
      const list = (await publisher.get('/console/channels')).body;
      assert.ok(list.includes(`<code>${catalogue.catalogue.hash}</code>`), 'the whole hash, as on the detail page');
      const detail = (await publisher.get(`/console/channels/${channel.id}`)).body;
      const expected = /<dt>应为<\/dt><dd>发布序号 (≥ \d+)，/.exec(detail)![1]!;
      assert.ok(list.includes(`<td>${expected}</td>`), `list shows ${expected} as well`);
      assert.ok(detail.includes(`<code>${unitCatalogue.catalogue.hash}</code>`));
    });

    it("re-push sends the latest state of the channel's scope as one signed delivery (audited)", async () => {
      assert.equal((await publisher.form(`/console/channels/${channel.id}/repush`)).statusCode, 303);
      await deliverDue(t.ctx, now());
      const last = receiver.requests.at(-1)!;
      const body = JSON.parse(last.body);
      assert.equal(body.event, 'repush');
      assert.equal(last.headers['x-shixiang-event'], 'repush');
      assert.deepEqual(verify(last), { ok: true });
      const catalogue = (await get(`/api/public/v1/catalogue?unit=${unitId}`)).json();
      assert.equal(body.catalogue.hash, catalogue.catalogue.hash);
      assert.equal(body.items.length, catalogue.items.length);
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', channel.id)
        .execute();
      assert.ok(audit.some((a) => a.action === 'channel.repushed'));
    });

    it("a channel that can only host files is polled at its status URL (the export's index.json)", async () => {
      const res = await publisher.form('/console/channels/new', {
        'channel[name]': '静态站点',
        'channel[kind]': 'other',
        'channel[expectedSync]': 'poll',
        'channel[pollUrl]': `http://127.0.0.1:${receiver.port}/index.json`,
        'channel[active]': 'true',
      });
      assert.equal(res.statusCode, 303, res.body);
      const id = /\/console\/channels\/([^?]+)/.exec(String(res.headers.location))![1]!;
      const catalogue = (await get('/api/public/v1/catalogue')).json();
      receiver.document = {
        publication: { seq: catalogue.publication.seq },
        catalogue: { hash: catalogue.catalogue.hash },
      };
      const ok = await publisher.form(`/console/channels/${id}/poll`);
      assert.equal(ok.statusCode, 303);
      assert.match((await publisher.get(String(ok.headers.location))).body, /已轮询，渠道的同步状态已更新/);
      assert.match(
        (await publisher.get('/console/channels')).body,
        new RegExp(`data-channel="${id}" data-state="current"`),
      );
      receiver.document = null;
      const failed = await publisher.form(`/console/channels/${id}/poll`);
      const row = await t.ctx.db.kysely
        .selectFrom('channels')
        .select(['last_poll_error', 'reported_via'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.match(row.last_poll_error ?? '', /HTTP 404/);
      assert.equal(row.reported_via, 'poll');
      const page = (await publisher.get(String(failed.headers.location))).body;
      assert.match(page, /轮询失败/, 'the outcome is reported, not 操作已完成');
      assert.doesNotMatch(page, /操作已完成/);
      const china = new Date(now().getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
      assert.match(
        page,
        new RegExp(`id="poll-error">${china} 状态地址返回 HTTP 404<`),
        'China time and Chinese text, no raw UTC timestamp',
      );
    });

    it('rotating the credentials invalidates the old token', async () => {
      const res = await publisher.form(`/console/channels/${channel.id}/rotate`);
      const page = (await publisher.get(String(res.headers.location))).body;
      const token = /id="channel-token">([^<]+)</.exec(page)![1]!;
      assert.equal((await report(channel.token, { seq: 1, hash: 'a'.repeat(64) })).statusCode, 401);
      assert.equal((await report(token, { seq: 1, hash: 'a'.repeat(64) })).statusCode, 200);
    });
  });
}
