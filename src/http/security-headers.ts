import type { Config } from '../config/config.js';
import type { App } from './app-type.js';

/**
 * IN-05 headers on every response. The CSP allows no inline script or style: the console's scripts are
 * files under /static. Embeddable resources (the widget, public API) relax only what they must, in their routes.
 */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/**
 * The CSP for the static export's pages, in a `<meta http-equiv>` since the hosting site sets the headers:
 * the same directives, except `frame-ancestors` (ignored in a meta tag; the host must send it or
 * X-Frame-Options) and `form-action`, which also names the live portal the exported forms post to.
 */
export function exportedPageCsp(livePortalOrigin: string): string {
  return CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors'))
    .map((d) => (d === "form-action 'self'" ? `form-action 'self' ${livePortalOrigin}` : d))
    .join('; ');
}

export function securityHeaders(app: App, config: Config): void {
  const csp = CSP_DIRECTIVES.join('; ');
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
