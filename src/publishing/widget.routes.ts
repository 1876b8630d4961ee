import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../app/context.js';
import { sm3Hex } from '../crypto/sm.js';
import type { App } from '../http/app-type.js';
import { PUBLIC_DIR } from '../http/public-dir.js';

/**
 * The embeddable widget (`<script src=".../widget/v1.js" data-unit="…">`). It runs on other sites, so
 * this route relaxes what an embedded script needs and nothing else: readable cross-origin (CORS and
 * CORP), cacheable for a few minutes (the data it shows comes from the public API, revalidated by
 * publication sequence). The API it calls is CORS-open and never credentialed.
 */
export function registerWidgetRoutes(app: App, _ctx: AppContext): void {
  const source = fs.readFileSync(path.join(PUBLIC_DIR, 'widget-v1.js'), 'utf8');
  const etag = `"${sm3Hex(source).slice(0, 32)}"`;
  app.get('/widget/v1.js', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    reply
      .header('content-type', 'application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('etag', etag)
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.send(source);
  });
}
