import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { isRecord } from '../shared/guards.js';

/**
 * Outbound HTTP to addresses that staff typed in (channel webhooks, channel status URLs). Verifiers and
 * publishers register these URLs, so every request is treated as a possible SSRF:
 *
 * - the host is resolved and every address checked at connection time (our own `lookup`, so a name that
 *   resolves to an internal address, also after a DNS change, is refused): loopback, private (RFC 1918),
 *   shared (100.64/10), link-local, unique-local, multicast, unspecified and reserved addresses are refused
 *   unless they fall inside `OUTBOUND_ALLOWED_CIDRS`;
 * - only ports 80 and 443, unless the address is inside the allowed ranges;
 * - redirects are never followed (a 3xx is an answer like any other non-2xx);
 * - one deadline for connect, headers and body;
 * - the body is streamed and cut at `maxBytes` (an error, or for webhooks simply discarded);
 * - failures are reported as fixed, generic texts (`OutboundError.message`), never text from the response
 *   or from the remote side, so nothing a receiver sends ends up in our database or console.
 */

const BLOCKED_RANGES: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", includes the unspecified address
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata endpoints
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, includes broadcast
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'], // unique-local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'], // multicast
];

const BLOCKED = (() => {
  const list = new BlockList();
  for (const [address, prefix, type] of BLOCKED_RANGES) list.addSubnet(address, prefix, type);
  return list;
})();

/** The fixed texts stored as a delivery's or a poll's error; staff read them in the console, hence Chinese. */
export const OUTBOUND_ERRORS = {
  invalidUrl: '地址无效（须为 http 或 https 地址）',
  blocked: '目标地址不允许：本机、内网或保留地址（内网渠道须列入 OUTBOUND_ALLOWED_CIDRS）',
  port: '目标端口不允许：仅允许 80 和 443（OUTBOUND_ALLOWED_CIDRS 内的地址除外）',
  dns: '域名解析失败（请核对地址中的域名）',
  refused: '连接被拒绝（对方服务未运行或端口未开放）',
  reset: '连接被对方中断',
  unreachable: '无法连接到对方主机（网络不通或连接超时）',
  tls: 'HTTPS 证书或加密连接错误',
  network: '网络错误',
  tooLarge: '响应内容过大，已中止',
  stopped: '系统停止运行，请求已中止',
  timeout: (ms: number) => `请求超时（${Math.round(ms / 1000)} 秒内未完成）`,
} as const;

export class OutboundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundError';
  }
}

/** The allowed ranges as a BlockList (validated at boot by the config parser). */
export function cidrBlockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const c of cidrs) {
    const [address, prefix] = c.split('/');
    const type = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    if (prefix !== undefined) list.addSubnet(address!, Number(prefix), type);
    else list.addAddress(address!, type);
  }
  return list;
}

const cache = new WeakMap<readonly string[], BlockList>();
const allowedList = (cidrs: readonly string[]) => {
  let list = cache.get(cidrs);
  if (!list) cache.set(cidrs, (list = cidrBlockList(cidrs)));
  return list;
};

/** An IPv4 address carried inside an IPv6 one (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96), else null. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export type TargetVerdict = 'ok' | 'blocked' | 'port';

/** May we connect to this address and port? Inside the allowed ranges: yes, on any port. */
export function classifyTarget(address: string, port: number, allowedCidrs: readonly string[]): TargetVerdict {
  const v4 = embeddedIpv4(address);
  const [addr, type] = v4
    ? [v4, 'ipv4' as const]
    : [address, isIP(address) === 6 ? ('ipv6' as const) : ('ipv4' as const)];
  if (!isIP(addr)) return 'blocked';
  if (allowedList(allowedCidrs).check(addr, type)) return 'ok';
  if (BLOCKED.check(addr, type)) return 'blocked';
  return port === 80 || port === 443 ? 'ok' : 'port';
}

interface Target {
  url: URL;
  host: string;
  port: number;
}

function parseTarget(raw: string): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError(OUTBOUND_ERRORS.invalidUrl);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError(OUTBOUND_ERRORS.invalidUrl);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { url, host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

const isLocalhostName = (host: string) => /(^|\.)localhost\.?$/i.test(host);

/**
 * What can be said about a URL without resolving it (when a channel is saved): a literal IP address or
 * `localhost` outside the allowed ranges, or a port other than 80/443 on a literal address, is refused at
 * once. Host names are checked again, resolved, on every request. Returns the problem, or null.
 */
export function literalTargetProblem(raw: string, allowedCidrs: readonly string[]): string | null {
  let target: Target;
  try {
    target = parseTarget(raw);
  } catch (e) {
    // parseTarget throws only OutboundErrors, whose message is the problem shown to the user.
    return e instanceof Error ? e.message : String(e);
  }
  const literal = isIP(target.host) ? target.host : isLocalhostName(target.host) ? '127.0.0.1' : null;
  if (!literal) return null;
  const verdict = classifyTarget(literal, target.port, allowedCidrs);
  return verdict === 'ok' ? null : verdict === 'port' ? OUTBOUND_ERRORS.port : OUTBOUND_ERRORS.blocked;
}

export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Bytes of the response body kept; more is an error (`'error'`) or dropped (`'discard'`). */
  maxBytes: number;
  overflow: 'error' | 'discard';
  /** Abandons the request (shutdown): it rejects at once with `OUTBOUND_ERRORS.stopped`. */
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  body: Buffer;
}

function genericError(e: unknown): OutboundError {
  if (e instanceof OutboundError) return e;
  const code = String(isRecord(e) ? (e.code ?? '') : '');
  if (code === 'ECONNREFUSED') return new OutboundError(OUTBOUND_ERRORS.refused);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE')
    return new OutboundError(OUTBOUND_ERRORS.reset);
  if (['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ENODATA', 'EAI_NONAME'].includes(code))
    return new OutboundError(OUTBOUND_ERRORS.dns);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT')
    return new OutboundError(OUTBOUND_ERRORS.unreachable);
  if (/TLS|CERT|SSL|SELF_SIGNED/i.test(code)) return new OutboundError(OUTBOUND_ERRORS.tls);
  return new OutboundError(OUTBOUND_ERRORS.network);
}

/**
 * One HTTP request under the outbound policy. Resolves with the status and (at most `maxBytes` of) the
 * body for any HTTP answer, 3xx included; rejects with an `OutboundError` carrying a generic text.
 */
export function outboundRequest(
  raw: string,
  allowedCidrs: readonly string[],
  o: OutboundRequest,
): Promise<OutboundResponse> {
  let target: Target;
  try {
    target = parseTarget(raw);
  } catch (e) {
    return Promise.reject(e);
  }
  const { url, host, port } = target;
  if (isIP(host)) {
    const verdict = classifyTarget(host, port, allowedCidrs);
    if (verdict !== 'ok')
      return Promise.reject(new OutboundError(verdict === 'port' ? OUTBOUND_ERRORS.port : OUTBOUND_ERRORS.blocked));
  }
  // Used by the socket for host names (literal addresses were checked above): only permitted addresses
  // are handed back, so the connection cannot reach anything else whatever the name resolves to.
  const lookup = (hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      const verdicts = addresses.map((a) => classifyTarget(a.address, port, allowedCidrs));
      const ok = addresses.filter((_a, i) => verdicts[i] === 'ok');
      if (!ok.length)
        return callback(
          new OutboundError(verdicts.includes('blocked') ? OUTBOUND_ERRORS.blocked : OUTBOUND_ERRORS.port),
        );
      return options.all ? callback(null, ok) : callback(null, ok[0]!.address, ok[0]!.family);
    });
  };

  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    let response: IncomingMessage | undefined;
    const settle = (err: unknown, value?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', stop);
      if (err) reject(genericError(err));
      else resolve(value!);
      response?.destroy();
      request.destroy();
    };
    const timer = setTimeout(() => settle(new OutboundError(OUTBOUND_ERRORS.timeout(o.timeoutMs))), o.timeoutMs);
    const stop = () => settle(new OutboundError(OUTBOUND_ERRORS.stopped));
    o.signal?.addEventListener('abort', stop, { once: true });
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: o.method,
        headers: o.headers,
        agent: false,
        lookup: lookup as unknown as typeof dns.lookup,
      },
      (res) => {
        response = res;
        const status = res.statusCode ?? 0;
        const declared = Number(res.headers['content-length']);
        if (o.overflow === 'error' && Number.isFinite(declared) && declared > o.maxBytes)
          return settle(new OutboundError(OUTBOUND_ERRORS.tooLarge));
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          if (size + chunk.length > o.maxBytes) {
            if (o.overflow === 'error') return settle(new OutboundError(OUTBOUND_ERRORS.tooLarge));
            chunks.push(chunk.subarray(0, o.maxBytes - size));
            return settle(null, { status, body: Buffer.concat(chunks) });
          }
          size += chunk.length;
          chunks.push(chunk);
        });
        res.on('end', () => settle(null, { status, body: Buffer.concat(chunks) }));
        res.on('error', (e) => settle(e));
        res.on('aborted', () => settle(new OutboundError(OUTBOUND_ERRORS.reset)));
      },
    );
    request.on('error', (e) => settle(e));
    if (o.signal?.aborted) stop();
    request.end(o.body);
  });
}
