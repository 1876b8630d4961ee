import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { isNotModified } from './conditional.js';

/**
 * Ready responses in front of Fastify, for the hottest public GETs (an item's JSON, its 办事指南 page). A
 * route offers a response (`offerReadyResponse`) with a test of its validity (same publication stamp, same
 * form-token minute); the last onSend hook keeps the bytes and every header Fastify was about to send; the
 * next plain GET or HEAD of the same URL is answered from them by the node:http listener, before Fastify's
 * pipeline (about ten hooks, header handling, the request and reply objects: most of the cost of a point
 * read). Anything else — another URL, a query string, a cookie or credentials, a body, an entry no longer
 * valid — goes to Fastify, which answers and keeps the fresh response. Metrics count, and access logs record,
 * what is answered here as Fastify would.
 */
export type StillValid = () => boolean;

/** Counts an answered request (the metrics' onResponse hook does the same for Fastify's). */
export type CountResponse = (method: string, route: string, status: number, seconds: number) => void;

interface ReadyResponse {
  valid: StillValid;
  /** The route pattern (metrics). */
  route: string;
  body: Buffer;
  /** The 200's headers, content-length included, as [name, value, name, value, …]. */
  ok: string[];
  /** The 304's: the same without content-type and content-length. */
  notModified: string[];
  etag: string | undefined;
  lastModified: string | undefined;
}

const MAX_ENTRIES = 10_000;
const MAX_BYTES = 32 * 1024 * 1024;
const offers = new WeakMap<FastifyReply, StillValid>();

/** This response, as finally sent, may answer later requests for the same URL while `valid()` holds. */
export function offerReadyResponse(reply: FastifyReply, valid: StillValid): void {
  offers.set(reply, valid);
}

export interface FastPathWiring {
  log: FastifyBaseLogger;
  count: CountResponse;
  requestId: (req: IncomingMessage) => string;
  /** The header the request id is echoed in (REQUEST_ID_HEADER), if any. */
  echoHeader: string | undefined;
  /** Whether requests are logged (LOG_LEVEL info or finer), as Fastify does. */
  accessLog: boolean;
  /** Behind trusted proxies the logged client address comes from X-Forwarded-For: those logs are left to Fastify. */
  trustProxy: boolean;
}

export class FastPath {
  private readonly entries = new LRUCache<string, ReadyResponse>({
    max: MAX_ENTRIES,
    maxSize: MAX_BYTES,
    sizeCalculation: (e) => e.body.length + 512,
  });
  private wiring: FastPathWiring | undefined;

  /** Starts answering, once the application's logger, metrics and request ids exist. */
  open(wiring: FastPathWiring): void {
    this.wiring = wiring;
  }

  /** Stops answering (shutdown: Fastify refuses new requests with 503 and closes idle connections). */
  close(): void {
    this.wiring = undefined;
    this.entries.clear();
  }

  /** The server's request listener: a ready response, or Fastify. */
  listener(fastify: RequestListener): RequestListener {
    return (req, res) => {
      if (!this.serve(req, res)) fastify(req, res);
    };
  }

  /** The onSend hook, registered after every other one: keeps an offered 200 with the headers it goes out with. */
  readonly keep = (
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (err: null, payload: unknown) => void,
  ): void => {
    const valid = offers.get(reply);
    if (
      valid &&
      this.wiring &&
      request.method === 'GET' &&
      reply.statusCode === 200 &&
      typeof payload === 'string' &&
      plain(request.url, request.headers) &&
      !reply.hasHeader('set-cookie')
    )
      this.entries.set(request.url, this.entryOf(request, reply, payload, valid));
    done(null, payload);
  };

  private entryOf(request: FastifyRequest, reply: FastifyReply, payload: string, valid: StillValid): ReadyResponse {
    const body = Buffer.from(payload);
    const ok: string[] = [];
    const notModified: string[] = [];
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      // The request id is each request's own; content-length is set below.
      if (value === undefined || name === this.wiring?.echoHeader || name === 'content-length') continue;
      for (const v of [value].flat()) {
        ok.push(name, String(v));
        if (name !== 'content-type') notModified.push(name, String(v));
      }
    }
    ok.push('content-length', String(body.length));
    const header = (name: string) => {
      const v = reply.getHeader(name);
      return typeof v === 'string' ? v : undefined;
    };
    return {
      valid,
      route: request.routeOptions.url ?? '(unmatched)',
      body,
      ok,
      notModified,
      etag: header('etag'),
      lastModified: header('last-modified'),
    };
  }

  private serve(req: IncomingMessage, res: ServerResponse): boolean {
    const w = this.wiring;
    const method = req.method;
    if (!w || (method !== 'GET' && method !== 'HEAD') || !req.url) return false;
    const entry = this.entries.get(req.url);
    if (!entry || !plain(req.url, req.headers) || !entry.valid()) return false;
    const logged = w.accessLog;
    if (logged && w.trustProxy) return false;
    const start = performance.now();
    const id = logged || w.echoHeader ? w.requestId(req) : '';
    const log = logged ? w.log.child({ reqId: id }) : undefined;
    log?.info({ req: loggedRequest(req) }, 'incoming request');
    const fresh = !isNotModified(req.headers, entry.etag, entry.lastModified);
    const status = fresh ? 200 : 304;
    let headers = fresh ? entry.ok : entry.notModified;
    // Fastify's HEAD route answers a body-less 304 with content-length 0.
    if (!fresh && method === 'HEAD') headers = [...headers, 'content-length', '0'];
    if (w.echoHeader) headers = [...headers, w.echoHeader, id];
    res.writeHead(status, headers);
    res.end(fresh && method === 'GET' ? entry.body : undefined);
    const ms = performance.now() - start;
    w.count(method, entry.route, status, ms / 1000);
    log?.info({ res: { statusCode: status }, responseTime: ms }, 'request completed');
    return true;
  }
}

/** A request whose answer depends on the URL alone: no query, no session or credentials, no body. */
const plain = (url: string, h: IncomingHttpHeaders) =>
  !url.includes('?') &&
  h.cookie === undefined &&
  h.authorization === undefined &&
  h['content-type'] === undefined &&
  h['content-length'] === undefined &&
  h['transfer-encoding'] === undefined;

/** What Fastify's request serializer reads of its request (without trusted proxies: the socket's address). */
const loggedRequest = (req: IncomingMessage) => ({
  method: req.method,
  url: req.url,
  headers: req.headers,
  host: req.headers.host ?? req.headers[':authority'] ?? '',
  ip: req.socket.remoteAddress,
  socket: req.socket,
});
