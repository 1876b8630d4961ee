import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { checkpointFile, writeCheckpoint } from '../../src/audit/checkpoint.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { buildApp, type App } from '../../src/http/app.js';
import { housekeepingJob } from '../../src/jobs/housekeeping.job.js';
import { runSlot } from '../../src/jobs/scheduler.js';
import { registerChannel } from '../../src/publishing/channel.service.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeUnit } from '../support/factories.js';
import { publishItem } from '../support/publishing.js';

const INSIDE = '10.1.2.3';
const OUTSIDE = '203.0.113.9';

/** The value of one sample line (`name{labels} value`) in a Prometheus text exposition, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] /metrics and the gateway's request id`, () => {
    let t: TestContext;
    let app: App;
    before(async () => {
      t = await createTestContext(dialect, {
        env: { MANAGEMENT_CIDRS: '10.0.0.0/8', REQUEST_ID_HEADER: 'X-Request-Id' },
      });
      app = await buildApp(t.ctx);
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    const scrape = async () => {
      const res = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: INSIDE });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      return res.body;
    };

    it('shows a publication, the webhook backlog it queued, job runs and failures, and HTTP requests by route', async () => {
      const unit = await makeUnit(t.ctx);
      await registerChannel(
        { app: t.ctx, actor: SYSTEM_ACTOR, meta: {} },
        {
          name: '单位网站',
          kind: 'unit_site',
          unitId: unit.id,
          expectedSync: 'webhook',
          webhookUrl: 'https://www.unit.example.gov.cn/hook',
        },
      );
      const before = await scrape();
      assert.equal(sample(before, 'shixiang_publication_sequence'), 0);
      assert.equal(sample(before, 'shixiang_webhook_outbox_pending'), 0);

      const published = await publishItem(t.ctx, unit.id);
      assert.ok(await runSlot(t.ctx, housekeepingJob, t.clock.now()));
      assert.ok(
        await runSlot(
          t.ctx,
          { name: 'always-fails', everyMs: 60_000, run: () => Promise.reject(new Error('boom')) },
          t.clock.now(),
        ),
      );
      t.clock.advance(90_000);
      await app.inject({ method: 'GET', url: '/healthz' });
      await app.inject({ method: 'GET', url: `/api/v1/items/${'x'.repeat(20)}`, remoteAddress: INSIDE });

      const text = await scrape();
      assert.equal(sample(text, 'shixiang_publication_sequence'), published.seq);
      assert.equal(sample(text, 'shixiang_webhook_outbox_pending'), 1);
      assert.equal(sample(text, 'shixiang_webhook_outbox_oldest_age_seconds'), 90);
      assert.equal(sample(text, 'shixiang_job_runs_total{job="housekeeping",outcome="ok"}'), 1);
      assert.equal(sample(text, 'shixiang_job_runs_total{job="always-fails",outcome="failed"}'), 1);
      assert.equal(sample(text, 'shixiang_job_run_duration_seconds_count{job="housekeeping"}'), 1);
      assert.equal(sample(text, 'shixiang_http_requests_total{method="GET",route="/healthz",status="200"}'), 1);
      // By route pattern, not by URL: ids do not make new series.
      assert.equal(
        sample(text, 'shixiang_http_requests_total{method="GET",route="/api/v1/items/:id",status="401"}'),
        1,
      );
      assert.equal(
        sample(text, 'shixiang_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}'),
        1,
      );
      // No checkpoint written yet: no sample, not a misleading 0.
      assert.equal(sample(text, 'shixiang_audit_checkpoint_age_seconds{chain="audit_log"}'), undefined);
      assert.ok(await writeCheckpoint(t.ctx));
      t.clock.advance(300_000);
      assert.equal(sample(await scrape(), 'shixiang_audit_checkpoint_age_seconds{chain="audit_log"}'), 300);
      assert.ok(await writeCheckpoint(t.ctx));
      assert.equal(
        sample(await scrape(), 'shixiang_audit_checkpoint_age_seconds{chain="audit_log"}'),
        0,
        'a new checkpoint is seen at the next scrape',
      );
      // A line whose signature does not verify: the age of an untrusted file is not reported.
      fs.appendFileSync(
        checkpointFile(t.ctx.config),
        `${JSON.stringify({ seq: 999, mac: 'f'.repeat(64), count: 999, at: t.clock.now().toISOString(), sig: '0'.repeat(64) })}\n`,
      );
      assert.equal(sample(await scrape(), 'shixiang_audit_checkpoint_age_seconds{chain="audit_log"}'), undefined);
    });

    it('answers only inside the management network', async () => {
      const res = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: OUTSIDE });
      assert.equal(res.statusCode, 403);
      assert.doesNotMatch(res.body, /shixiang_/);
    });

    it("takes a well-formed request id from the gateway's header: error body, response header and audit trail", async () => {
      const res = await app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: OUTSIDE,
        headers: { 'x-request-id': 'gw-7f3a.1' },
      });
      assert.equal(res.json().error.requestId, 'gw-7f3a.1');
      assert.equal(res.headers['x-request-id'], 'gw-7f3a.1');
      const audited = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('request_id', '=', 'gw-7f3a.1')
        .execute();
      assert.deepEqual(
        audited.map((r) => r.action),
        ['auth.network_denied'],
      );

      const forged = await app.inject({
        method: 'GET',
        url: '/api/v1/nope',
        remoteAddress: INSIDE,
        headers: { 'x-request-id': 'a b\nforged log line' },
      });
      const id = forged.json().error.requestId;
      assert.match(id, /^[0-9a-f-]{36}$/, 'a malformed id is replaced, not logged');
      assert.equal(forged.headers['x-request-id'], id);
    });
  });
}
