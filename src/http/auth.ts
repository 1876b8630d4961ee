import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { inTransaction } from '../app/use-case.js';
import { resolveSession, type ResolvedSession } from '../accounts/session.service.js';
import { resolveToken } from '../accounts/token.service.js';
import { PUBLIC_ACTOR, type Actor, type RequestMeta } from '../auth/actor.js';
import { can, type RouteAccess } from '../auth/policy.js';
import type { Config } from '../config/config.js';
import { safeEqual } from '../crypto/sm.js';
import { AppError, errors } from '../shared/errors.js';
import { isRecord } from '../shared/guards.js';
import type { App } from './app-type.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: an action from the policy, `public`, or `session` (any signed-in account). */
    access?: RouteAccess;
    /** Set on the sign-in step routes: reachable by a session that has not completed sign-in. */
    signInStep?: boolean;
    /**
     * Set on `public` routes that belong to the staff side (sign-in, API docs): no account is needed, but with
     * MANAGEMENT_CIDRS set they answer only inside the management network, like every non-public route (AC-09).
     */
    managementPlane?: boolean;
  }
  interface FastifyRequest {
    actor: Actor;
    auth: ResolvedSession | null;
    meta: RequestMeta;
  }
}

export const SESSION_COOKIE = 'sx_session';
export const secureCookieName = (config: Config) =>
  config.http.behindTls ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(secureCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.http.behindTls,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(secureCookieName(config), {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.http.behindTls,
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication and route-level authorization for every request, in one hook:
 * resolve the actor (session cookie or bearer token) → management-network check (every route but the
 * public ones; public routes flagged `managementPlane` too) → public routes pass → signed in? → sign-in completed? → CSRF for cookie-authenticated writes → `can(actor, action)`.
 * A route without an `access` declaration is refused (deny by default).
 */
export function registerAuth(app: App, ctx: AppContext): void {
  const management = cidrList(ctx.config.http.managementCidrs);

  // `actor` and `meta` are set first thing in onRequest; until then they hold null (the overload for a null start
  // value takes a dependency list, empty here).
  app.decorateRequest('actor', null, []);
  app.decorateRequest('auth', null);
  app.decorateRequest('meta', null, []);

  app.addHook('onRequest', async (request) => {
    request.actor = PUBLIC_ACTOR;
    request.meta = { ip: request.ip, userAgent: request.headers['user-agent'], requestId: request.id };
  });

  // preValidation: bodies are parsed (the form CSRF field is readable) but not validated yet, so an
  // unauthorised caller learns nothing from validation errors.
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config?.access ?? (request.url.startsWith('/static/') ? 'public' : undefined);
    if (request.is404) return;
    if (!access) {
      request.log.error({ url: request.routeOptions.url }, 'route has no access declaration');
      throw errors.forbidden();
    }
    await authenticate(ctx, request);
    const staffPlane = access !== 'public' || request.routeOptions.config?.managementPlane === true;
    if (staffPlane && management && !inNetwork(management, request.ip)) {
      await auditDenied(ctx, request, 'auth.network_denied', 'outside management network');
      throw new AppError('NETWORK_FORBIDDEN', '管理端仅允许从政务外网访问');
    }
    if (access === 'public') return;

    if (request.actor.kind === 'public') throw errors.unauthenticated();
    const stage = request.auth?.stage ?? 'full';
    if (stage !== 'full' && !request.routeOptions.config?.signInStep) {
      throw stage === 'password_change'
        ? new AppError('PASSWORD_EXPIRED', '请先修改口令', { details: { stage } })
        : new AppError('UNAUTHENTICATED', '请先完成登录', { details: { stage } });
    }
    if (request.auth && !SAFE_METHODS.has(request.method)) checkCsrf(request, request.auth.session.csrf_token);
    if (access === 'session') return;
    if (!can(request.actor, access)) {
      await auditDenied(ctx, request, 'auth.denied', access);
      throw errors.forbidden();
    }
  });
}

async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const cookie = request.cookies[secureCookieName(ctx.config)];
  if (cookie) {
    const resolved = await resolveSession(ctx, cookie, request.meta);
    if (resolved) {
      request.auth = resolved;
      request.actor = resolved.actor;
      return;
    }
  }
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const actor = await resolveToken(ctx, header.slice(7).trim());
    if (actor) request.actor = actor;
  }
}

/**
 * IN-04: a cookie-authenticated write must carry the session's CSRF token (header `x-csrf-token` for
 * API calls, form field `_csrf` for console forms) and must not come from another site.
 */
function checkCsrf(request: FastifyRequest, expected: string): void {
  if (request.headers['sec-fetch-site'] === 'cross-site' || foreignOrigin(request, { opaque: 'allowed' }))
    throw new AppError('CSRF_FAILED', '拒绝跨站请求');
  const provided = request.headers['x-csrf-token'] ?? (isRecord(request.body) ? request.body._csrf : undefined);
  if (typeof provided !== 'string' || !safeEqual(provided, expected))
    throw new AppError('CSRF_FAILED', '页面已过期或请求来源不可信，请刷新后重试');
}

/**
 * Whether the request's `Origin` (when sent) names another host than `Host`. A malformed origin counts as
 * foreign (it used to throw from `new URL`, i.e. a 500). `Origin: null` (sandboxed frames, cross-origin
 * redirects) is foreign unless `opaque: 'allowed'`, where the CSRF token still has to match.
 */
function foreignOrigin(request: FastifyRequest, opts: { opaque: 'allowed' | 'refused' }): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  if (origin === 'null') return opts.opaque === 'refused';
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/**
 * Login CSRF: the sign-in forms carry no CSRF token (there is no session yet), so a sign-in POST must not be
 * cross-site by `Sec-Fetch-Site`, and its `Origin`, when present, must be this host. Otherwise another site
 * could sign a victim's browser into an account of the attacker's choosing.
 */
export function assertSameOriginSignIn(request: FastifyRequest): void {
  if (request.headers['sec-fetch-site'] === 'cross-site' || foreignOrigin(request, { opaque: 'refused' }))
    throw new AppError('CSRF_FAILED', '拒绝跨站请求');
}

async function auditDenied(
  ctx: AppContext,
  request: FastifyRequest,
  action: 'auth.denied' | 'auth.network_denied',
  reason: string,
): Promise<void> {
  await inTransaction({ app: ctx, actor: request.actor, meta: request.meta }, (_trx, audit) =>
    audit({
      action,
      result: 'failure',
      reason,
      details: { method: request.method, route: request.routeOptions.url ?? request.url },
    }),
  );
}

function inNetwork(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return list.check(mapped[1]!, 'ipv4');
  return list.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
}

function cidrList(cidrs: readonly string[]): BlockList | null {
  if (!cidrs.length) return null;
  const list = new BlockList();
  for (const c of cidrs) {
    const [address, prefix] = c.split('/');
    const type = isIPv4(address!) ? 'ipv4' : 'ipv6';
    if (prefix) list.addSubnet(address!, Number(prefix), type);
    else list.addAddress(address!, type);
  }
  return list;
}
