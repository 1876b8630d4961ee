import { currentTotp } from '../../../src/accounts/totp.js';
import type { TestAccount } from '../../support/factories.js';

export interface Reply {
  status: number;
  headers: Headers;
  body: string;
  json<T = any>(): T;
}

/**
 * A staff (or public) client of a server process over real HTTP: keeps the session cookie and the CSRF
 * token, and follows the server to a new address after a restart (`base` is read on every request).
 * Sessions live in the database, so a client stays signed in across kills.
 */
export class RemoteClient {
  cookie = '';
  csrf = '';
  constructor(
    readonly base: () => string,
    readonly forwardedFor?: string,
  ) {}

  private fetchOnce(
    method: string,
    url: string,
    body: unknown,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Response> {
    return fetch(`${this.base()}${url}`, {
      method,
      signal,
      redirect: 'manual',
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(this.forwardedFor ? { 'x-forwarded-for': this.forwardedFor } : {}),
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  }

  async request(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<Reply> {
    const res = await this.fetchOnce(method, url, body, headers, signal).catch((e: unknown) => {
      // A reused keep-alive connection the server has just closed fails before the request reaches it; a browser
      // retries a GET then, and so does this client — once. A server that is gone still fails (connection refused).
      if (
        (method === 'GET' || method === 'HEAD') &&
        (e as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET'
      ) {
        return this.fetchOnce(method, url, body, headers, signal);
      }
      throw e;
    });
    const text = await res.text();
    const set = res.headers.getSetCookie().find((c) => c.startsWith('sx_session='));
    if (set) this.cookie = set.split(';')[0]!;
    const reply: Reply = { status: res.status, headers: res.headers, body: text, json: () => JSON.parse(text) };
    if (res.headers.get('content-type')?.includes('json')) {
      const token = (JSON.parse(text) as { csrfToken?: string })?.csrfToken;
      if (token) this.csrf = token;
    }
    return reply;
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body: unknown = {}, headers?: Record<string, string>) =>
    this.request('POST', url, body, headers);
  put = (url: string, body: unknown) => this.request('PUT', url, body);

  /** Password, then the second factor when the account has one (codes from the real clock: the server's). */
  async signIn(account: Pick<TestAccount, 'username' | 'password' | 'totpSecret'>): Promise<this> {
    const res = await this.post('/api/v1/auth/login', { username: account.username, password: account.password });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.body}`);
    if (res.json().stage === 'mfa_pending' && account.totpSecret) {
      const mfa = await this.post('/api/v1/auth/mfa', { code: currentTotp(account.totpSecret, new Date()) });
      if (mfa.status !== 200 || mfa.json().stage !== 'full') throw new Error(`TOTP failed: ${mfa.status} ${mfa.body}`);
    }
    return this;
  }
}
