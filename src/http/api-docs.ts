import type { App } from './app-type.js';
import { html } from '../web/html.js';

interface Operation {
  summary?: string;
  tags?: string[];
}

/**
 * A readable index of the API generated from the same OpenAPI document clients download
 * (`/api/docs/openapi.json`), so the page cannot drift from the routes.
 */
export function registerApiDocs(app: App): void {
  app.get(
    '/api/docs',
    { config: { access: 'public', managementPlane: true }, schema: { hide: true } },
    async (_request, reply) => {
      const spec = app.swagger() as {
        paths?: Record<string, Record<string, Operation>>;
        info?: { title?: string; description?: string };
      };
      const byTag = new Map<string, Array<{ method: string; path: string; summary: string }>>();
      for (const [path, ops] of Object.entries(spec.paths ?? {})) {
        for (const [method, op] of Object.entries(ops)) {
          const tag = op.tags?.[0] ?? '其他';
          byTag.set(tag, [
            ...(byTag.get(tag) ?? []),
            { method: method.toUpperCase(), path, summary: op.summary ?? '' },
          ]);
        }
      }
      const page = html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>接口文档 · 事项通</title><link rel="stylesheet" href="/static/console.css"></head><body><main id="main">
<h1>${spec.info?.title ?? '接口文档'}</h1><p>${spec.info?.description ?? ''}</p>
<p>机器可读的 OpenAPI 3.1 文档：<a href="/api/docs/openapi.json">/api/docs/openapi.json</a>。管理端接口（/api/v1）需要登录会话（写操作附 x-csrf-token 请求头）或 API 令牌（Authorization: Bearer）；公开接口（/api/public/v1）无需账号。</p>
${[...byTag].map(
  ([
    tag,
    ops,
  ]) => html`<section><h2>${tag}</h2><table class="list"><thead><tr><th scope="col">方法</th><th scope="col">路径</th><th scope="col">说明</th></tr></thead>
<tbody>${ops.map((o) => html`<tr><td><code>${o.method}</code></td><td><code>${o.path}</code></td><td>${o.summary}</td></tr>`)}</tbody></table></section>`,
)}
</main></body></html>`;
      return reply.type('text/html; charset=utf-8').send(page.value);
    },
  );
}
