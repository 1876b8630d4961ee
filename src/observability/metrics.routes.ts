import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { newestCheckpointAt } from './checkpoint-age.js';
import { metricsOf, provideAuditCheckpointAge } from './metrics.js';

/**
 * GET /metrics in Prometheus text format, and the hook that counts every answered request. The endpoint needs
 * no account (a Prometheus scraper has none) but, like the console, answers only inside the management network.
 */
export function registerMetrics(app: App, ctx: AppContext): void {
  const metrics = metricsOf(ctx);
  provideAuditCheckpointAge(ctx, newestCheckpointAt(ctx));
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: one series per route, whatever the ids (unmatched URLs share one).
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? '(unmatched)',
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { access: 'public', managementPlane: true } },
    async (_request, reply) => {
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
}
