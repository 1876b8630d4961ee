import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp, type App } from '../../../src/http/app.js';
import { createTestContext, type TestContext } from '../../support/context.js';

/**
 * Browser tier: the real app on an ephemeral port over a fresh SQLite test context, driven by Debian's
 * Chromium through playwright-core. One browser per test file (start it in `before`, `close` in `after`);
 * each `newPage()` gets its own browser context, so every page has its own cookie jar.
 *
 * Pages run with the app's CSP in force: axe is injected with `page.evaluate` (DevTools evaluation is not
 * subject to the page's CSP), and CSP violations reported by the browser are collected in `cspViolations`
 * so a test can assert that the console needs no inline script or style. Requests to any other origin are
 * aborted (no stray network).
 */
export interface BrowserHarness {
  t: TestContext;
  app: App;
  baseUrl: string;
  browser: Browser;
  /** Console messages in which Chromium reports a Content-Security-Policy violation. */
  cspViolations: string[];
  /**
   * A page in its own browser context. `allowOrigins` lets it reach other local origins too (a host page
   * of the widget); `bypassCSP` turns the pages' CSP off (to prove escaping alone stops a payload).
   */
  newPage(o?: { allowOrigins?: string[]; bypassCSP?: boolean }): Promise<Page>;
  /** Signs in through the console's login form (password step only). */
  login(page: Page, username: string, password: string): Promise<void>;
  /** axe-core violations of impact serious or critical on the current page. */
  axe(page: Page): Promise<AxeViolation[]>;
  close(): Promise<void>;
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function startBrowserHarness(): Promise<BrowserHarness> {
  const t = await createTestContext('sqlite');
  const app = await buildApp(t.ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const cspViolations: string[] = [];
  const axeInjected = new WeakSet<Page>();

  return {
    t,
    app,
    baseUrl,
    browser,
    cspViolations,

    async newPage(o = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        bypassCSP: o.bypassCSP ?? false,
      });
      contexts.push(context);
      const allowed = [baseUrl, ...(o.allowOrigins ?? [])];
      await context.route('**/*', (route) =>
        allowed.some((origin) => route.request().url().startsWith(origin))
          ? route.continue()
          : route.abort('blockedbyclient'),
      );
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text()) && !axeInjected.has(page))
          cspViolations.push(`${page.url()}: ${m.text()}`);
      });
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) axeInjected.delete(page);
      });
      return page;
    },

    async login(page, username, password) {
      await page.goto('/console/login');
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('口令', { exact: true }).fill(password);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '登录' }).click()]);
    },

    async axe(page) {
      // axe sets inline styles while it measures colour contrast; the CSP blocks them (harmlessly). Its
      // reports are not the app's: ignore them until the page navigates away.
      axeInjected.add(page);
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(async () => {
        const result = await (
          globalThis as unknown as {
            axe: {
              run(
                ctx: unknown,
                opts: unknown,
              ): Promise<{
                violations: Array<{
                  id: string;
                  impact: string | null;
                  help: string;
                  nodes: Array<{ target: unknown[] }>;
                }>;
              }>;
            };
          }
        ).axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? '',
          help: v.help,
          nodes: v.nodes.map((n) => n.target.join(' ')),
        }));
      });
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    },

    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.close();
      await t.cleanup();
    },
  };
}
