import type { Config } from '../config/config.js';
import type { App } from './app.js';

/**
 * IN-05 headers on every response. The CSP allows no inline script or style: the console's scripts are
 * files under /static. Embeddable resources (the widget, public API) relax only what they must, in their routes.
 */
export function securityHeaders(app: App, config: Config): void {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', csp);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (config.http.behindTls) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    reply.removeHeader('x-powered-by');
    void request;
    return payload;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'TRACE' || request.method === 'TRACK') return reply.status(405).send();
  });
}
