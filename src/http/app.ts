import http from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import qs from 'qs';
import type { AppContext } from '../app/context.js';
import { FEATURES } from '../app/features.js';
import { isConsoleRequest, sendConsoleError } from '../console/errors.js';
import { isPortalRequest, sendPortalError } from '../portal/errors.js';
import type { AppError } from '../shared/errors.js';
import type { App, AppState, RouteInfo } from './app-type.js';
import { clientErrorHandler, sendError } from './errors.js';
import { registerApiDocs } from './api-docs.js';
import { registerAuth } from './auth.js';
import { registerHealth } from './health.js';
import { registerMetrics } from '../observability/metrics.routes.js';
import { FastPath } from './fast-path.js';
import { echoRequestId, requestIdOf, requestIdOptions } from './request-id.js';
import { securityHeaders } from './security-headers.js';
import { PUBLIC_DIR } from './public-dir.js';
import { limitUrlLength, normaliseTextInput, validatorCompiler } from './validation.js';
import { registerMultipart } from '../web/multipart.js';

export type { App, AppState, RouteInfo } from './app-type.js';

/** Builds the HTTP application: plugins, cross-cutting hooks, then every feature's routes. */
export async function buildApp(ctx: AppContext, state: AppState = { ready: true }): Promise<App> {
  // Fastify is typed with its base logger (App); pino's Logger is one, so widening it is checked, not asserted.
  const loggerInstance: FastifyBaseLogger = ctx.log;
  const fast = new FastPath();
  const app: App = Fastify({
    loggerInstance,
    // The fast path answers ready responses before Fastify (http/fast-path.ts); the server is otherwise the one
    // Fastify would create.
    serverFactory: (handler) => {
      const server = http.createServer(fast.listener(handler));
      // Fastify's defaults for the server it creates: no request timeout, keep-alive longer than a balancer's.
      server.keepAliveTimeout = 72_000;
      server.requestTimeout = 0;
      return server;
    },
    // On close, idle keep-alive connections are closed at once; busy ones finish their request first.
    forceCloseConnections: 'idle',
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.http.trustedProxies.length ? ctx.config.http.trustedProxies : false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ...requestIdOptions(ctx.config),
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const routes: RouteInfo[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (r) => {
    // OPTIONS is only @fastify/cors's preflight route for the public API, answered in its onRequest hook.
    for (const method of [r.method].flat())
      if (method !== 'HEAD' && method !== 'OPTIONS')
        routes.push({
          method,
          url: r.url,
          access: r.config?.access,
          managementPlane: r.config?.managementPlane === true,
          schema: r.schema,
        });
  });
  app.setValidatorCompiler(validatorCompiler);
  const html = (request: FastifyRequest, reply: FastifyReply) => (err: AppError) =>
    isConsoleRequest(request)
      ? sendConsoleError(ctx, request, reply, err)
      : isPortalRequest(request)
        ? sendPortalError(ctx, request, reply, err)
        : null;
  app.setErrorHandler((err, request, reply) => sendError(request, reply, err, html(request, reply)));
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, Object.assign(new Error('not found'), { statusCode: 404 }), html(request, reply)),
  );

  await app.register(fastifyCookie);
  // qs understands `materials[0][name]`, so console forms map onto the same nested shape as the JSON API.
  await app.register(fastifyFormbody, {
    parser: (body) => qs.parse(body, { depth: 6, arrayLimit: 200, allowPrototypes: false }),
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', maxAge: '1h', index: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '事项通 shixiang API',
        version: '1',
        description: '政务服务事项动态管理系统接口。错误统一返回 {error:{code,message,issues,requestId}}。',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sx_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });

  // Before the auth hook: it reads a multipart form's _csrf field, which the plugin's preValidation hook fills in.
  await registerMultipart(app);
  securityHeaders(app, ctx.config);
  // The last onSend hook: it keeps offered responses with every header they are sent with.
  app.addHook('onSend', fast.keep);
  app.addHook('preClose', (done) => {
    fast.close();
    done();
  });
  limitUrlLength(app);
  registerAuth(app, ctx);
  // After authorisation: a caller who may not use a route learns nothing about its fields.
  normaliseTextInput(app);
  registerHealth(app, ctx, state);
  const count = registerMetrics(app, ctx);
  echoRequestId(app, ctx.config);
  for (const feature of FEATURES) await feature.register(app, ctx);
  app.get(
    '/api/docs/openapi.json',
    { schema: { hide: true }, config: { access: 'public', managementPlane: true } },
    async () => app.swagger(),
  );
  registerApiDocs(app);
  fast.open({
    log: app.log,
    count,
    requestId: requestIdOf(ctx.config),
    echoHeader: ctx.config.http.requestIdHeader,
    trustProxy: ctx.config.http.trustedProxies.length > 0,
    accessLog: ctx.log.isLevelEnabled('info'),
  });
  return app;
}
