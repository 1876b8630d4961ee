import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import type { CountResponse } from '../http/fast-path.js';
import { newestCheckpointAt } from './checkpoint-age.js';
import { metricsOf, provideAuditCheckpointAge, type Metrics } from './metrics.js';

/**
 * GET /metrics in Prometheus text format, and the hook that counts every answered request (the counter is returned
 * for the requests the fast path answers). The endpoint needs no account (a Prometheus scraper has none) but, like
 * the console, answers only inside the management network.
 */
export function registerMetrics(app: App, ctx: AppContext): CountResponse {
  const metrics = metricsOf(ctx);
  provideAuditCheckpointAge(ctx, newestCheckpointAt(ctx));
  // The series of each (method, route, status), bound once: prom-client hashes a label set on every call otherwise.
  const series = new Map<
    string,
    { requests: ReturnType<Metrics['httpRequests']['labels']>; duration: ReturnType<Metrics['httpDuration']['labels']> }
  >();
  const count: CountResponse = (method, route, status, seconds) => {
    const key = `${method} ${status} ${route}`;
    let one = series.get(key);
    if (!one) {
      const labels = { method, route, status: String(status) };
      one = { requests: metrics.httpRequests.labels(labels), duration: metrics.httpDuration.labels(labels) };
      series.set(key, one);
    }
    one.requests.inc();
    one.duration.observe(seconds);
  };
  // The route pattern, not the URL: one series per route, whatever the ids (unmatched URLs share one).
  app.addHook('onResponse', async (request, reply) =>
    count(request.method, request.routeOptions.url ?? '(unmatched)', reply.statusCode, reply.elapsedTime / 1000),
  );
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { access: 'public', managementPlane: true } },
    async (_request, reply) => {
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
  return count;
}
