import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/http/app.js';
import { currentTotp } from '../../src/accounts/totp.js';
import type { Clock } from '../../src/shared/clock.js';
import type { TestAccount } from './factories.js';

/**
 * An HTTP client for one signed-in account (cookie + CSRF header handled), driving the app in-process.
 * Signs in through the API, as a browser user would, including the second factor.
 */
export class Client {
  cookie = '';
  csrf = '';
  constructor(
    readonly app: App,
    readonly ip = '10.0.0.1',
  ) {}

  async request(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as InjectOptions['payload'] } : {}),
    });
    const set = res.cookies.find((c) => c.name === 'sx_session');
    if (set) this.cookie = set.value ? `sx_session=${set.value}` : '';
    // JSON bodies only (an export in JSON Lines, application/x-ndjson, is not one document and may be empty).
    if (/^application\/(?:[\w.-]+\+)?json\b/.test(res.headers['content-type']?.toString() ?? '')) {
      const token = (res.json() as { csrfToken?: string })?.csrfToken;
      if (token) this.csrf = token;
    }
    return res;
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', url, body ?? {}, headers);
  put = (url: string, body?: unknown) => this.request('PUT', url, body);

  /** Submits a console form as a browser does: urlencoded, the CSRF token in the `_csrf` field. */
  form = (url: string, fields: Record<string, string | string[]> = {}) => {
    const body = new URLSearchParams({ _csrf: this.csrf });
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    return this.request('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  };

  /** Password step plus TOTP when the account has a secret. Returns the final stage. */
  async signIn(account: Pick<TestAccount, 'username' | 'password' | 'totpSecret'>, clock: Clock): Promise<string> {
    const res = await this.post('/api/v1/auth/login', { username: account.username, password: account.password });
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
    let stage = res.json().stage as string;
    if (stage === 'mfa_pending' && account.totpSecret) {
      const mfa = await this.post('/api/v1/auth/mfa', { code: currentTotp(account.totpSecret, clock.now()) });
      if (mfa.statusCode !== 200) throw new Error(`TOTP failed: ${mfa.statusCode} ${mfa.body}`);
      stage = mfa.json().stage;
    }
    return stage;
  }
}

export async function signedIn(app: App, account: TestAccount, clock: Clock, ip?: string): Promise<Client> {
  const client = new Client(app, ip);
  const stage = await client.signIn(account, clock);
  if (stage !== 'full') throw new Error(`account ${account.username} stopped at stage ${stage}`);
  return client;
}
