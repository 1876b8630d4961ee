import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from '../app/context.js';
import { outboxBacklog, publicationSequence } from './metrics.queries.js';

/**
 * The Prometheus metrics of one application context. Counters and histograms count what this instance did
 * (Prometheus sums instances); the gauges read the shared database at scrape time, so every instance reports
 * the same cluster-wide backlog and sequence.
 */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  jobRuns: Counter<'job' | 'outcome'>;
  jobDuration: Histogram<'job'>;
}

// One registry per context, not prom-client's global one: tests run many isolated contexts in one process.
const byContext = new WeakMap<AppContext, Metrics>();

/** The metrics of `ctx`, created on first use. */
export function metricsOf(ctx: AppContext): Metrics {
  let m = byContext.get(ctx);
  if (!m) {
    m = createMetrics(ctx);
    byContext.set(ctx, m);
  }
  return m;
}

/**
 * Declares `shixiang_audit_checkpoint_age_seconds`, read from `lastCheckpointAt` at each scrape (no sample while
 * it returns null: no checkpoint yet is not "0 seconds old"). registerMetrics feeds it from the checkpoint file.
 */
export function provideAuditCheckpointAge(ctx: AppContext, lastCheckpointAt: () => Promise<Date | null>): void {
  const { registry } = metricsOf(ctx);
  if (registry.getSingleMetric('shixiang_audit_checkpoint_age_seconds')) return;
  new Gauge({
    name: 'shixiang_audit_checkpoint_age_seconds',
    help: 'Age of the newest audit-chain checkpoint.',
    labelNames: ['chain'],
    registers: [registry],
    async collect() {
      this.reset();
      const at = await lastCheckpointAt();
      if (at) this.set({ chain: 'audit_log' }, secondsSince(at, ctx.clock.now()));
    },
  });
}

const secondsSince = (at: string | Date, now: Date) => Math.max(0, (now.getTime() - new Date(at).getTime()) / 1000);

function createMetrics(ctx: AppContext): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const metrics: Metrics = {
    registry,
    httpRequests: new Counter({
      name: 'shixiang_http_requests_total',
      help: 'HTTP requests answered, by route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'shixiang_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    jobRuns: new Counter({
      name: 'shixiang_job_runs_total',
      help: 'Scheduled job runs in this instance, by job and outcome (ok | failed).',
      labelNames: ['job', 'outcome'],
      registers,
    }),
    jobDuration: new Histogram({
      name: 'shixiang_job_run_duration_seconds',
      help: 'Duration of a scheduled job run.',
      labelNames: ['job'],
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
  };
  new Gauge({
    name: 'shixiang_webhook_outbox_pending',
    help: 'Channel webhook deliveries not yet delivered.',
    registers,
    async collect() {
      this.set((await outboxBacklog(ctx.db.kysely)).pending);
    },
  });
  new Gauge({
    name: 'shixiang_webhook_outbox_oldest_age_seconds',
    help: 'Age of the oldest undelivered channel webhook delivery (0 when none).',
    registers,
    async collect() {
      const { oldestCreatedAt } = await outboxBacklog(ctx.db.kysely);
      this.set(oldestCreatedAt ? secondsSince(oldestCreatedAt, ctx.clock.now()) : 0);
    },
  });
  new Gauge({
    name: 'shixiang_publication_sequence',
    help: 'The last publication sequence number (公示序号) taken.',
    registers,
    async collect() {
      this.set(await publicationSequence(ctx.db.kysely));
    },
  });
  return metrics;
}
