import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { answerExplanationRequest, submitExplanationRequest } from '../../src/explanations/explanation.service.js';
import { readPublicItem } from '../../src/publishing/public-item.js';
import { publicCatalogue } from '../../src/publishing/catalogue.js';
import { makeAccount, makeUnit, TEST_PASSWORD } from '../support/factories.js';
import { publishItem, republishItem, type PublishedItem } from '../support/publishing.js';
import { XSS, xssContent } from '../support/xss.js';
import { startBrowserHarness, type BrowserHarness } from './support/browser.js';

/**
 * [PORTAL] The public side in a real browser: a citizen finds an item with a two-character query, reads
 * its guide, asks for an explanation and later reads the unit's answer on the tracking page; the widget on
 * a unit's own site (another origin, strict CSP) shows the same publication and follows a change; stored
 * payloads never run on any public page or in the widget; axe finds no serious or critical issue.
 */
describe('[BROWSER] public portal, explanation requests, widget', () => {
  let h: BrowserHarness;
  let unitId: string;
  let evilUnit: string;
  let passport: PublishedItem;
  let evil: PublishedItem;
  let clerk: { username: string };
  let evilTracking: { trackingNo: string; key: string };
  let host: http.Server;
  let hostUrl = '';

  /** The unit's own website, on another origin: a page with the widget tag, with or without a strict CSP. */
  const hostPage = (unit: string, strict: boolean) => `${hostUrl}/${strict ? 'strict' : 'plain'}/${unit}`;

  before(async () => {
    h = await startBrowserHarness();
    const ctx = h.t.ctx;
    unitId = (await makeUnit(ctx, { name: '测试出入境管理大队', online_system_url: 'https://crj.example.gov.cn/' })).id;
    evilUnit = (await makeUnit(ctx, { name: `恶意单位${XSS.img}` })).id;
    passport = await publishItem(ctx, unitId, {
      name: '普通护照签发',
      serviceObjects: ['1'],
      ext: { personThemes: ['出境入境'] },
      online: { channel: 'own' },
    });
    await publishItem(ctx, unitId, {
      name: '往来港澳通行证签注',
      serviceObjects: ['1'],
      acceptCondition: '持有有效护照或通行证的内地居民。',
    });
    evil = await publishItem(ctx, evilUnit, xssContent());
    clerk = await makeAccount(ctx, ['unit_clerk'], unitId);
    // A question and an answer carrying payloads, for the tracking page.
    const found = await readPublicItem(ctx, await publicCatalogue(ctx), { code: evil.code });
    const receipt = await submitExplanationRequest(
      { app: ctx, actor: { ...SYSTEM_ACTOR, kind: 'public' }, meta: {} },
      found!.item(),
      {
        name: XSS.svg,
        contact: 'evil<svg/onload=window.__xss=1>@example.com',
        question: `问题${XSS.script}${XSS.img}`,
      },
    );
    const row = await ctx.db.kysely
      .selectFrom('explanation_requests')
      .select('id')
      .where('tracking_no', '=', receipt.trackingNo)
      .executeTakeFirstOrThrow();
    await answerExplanationRequest({ app: ctx, actor: SYSTEM_ACTOR, meta: {} }, row.id, {
      answer: `答复${XSS.svg}${XSS.iframe}`,
      proposeFaq: false,
    });
    evilTracking = receipt;

    const appOrigin = h.baseUrl;
    host = http.createServer((req, res) => {
      const [, mode, unit] = (req.url ?? '').split('/');
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
      // The strictest policy a unit site could have that still embeds the widget: no inline anything.
      if (mode === 'strict')
        headers['content-security-policy'] =
          `default-src 'none'; script-src ${appOrigin}; connect-src ${appOrigin}; style-src 'self'; img-src 'self'`;
      res
        .writeHead(200, headers)
        .end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>单位网站</title></head>
<body><main><h1>单位网站 · 办事服务</h1><script src="${appOrigin}/widget/v1.js" data-unit="${unit}" defer></script></main></body></html>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => host?.close(() => resolve()));
    await h?.close();
  });

  const noSeriousIssues = async (page: Page, what: string) => assert.deepEqual(await h.axe(page), [], what);

  it("a citizen finds an item with a 2-character query, opens its guide, asks, and later reads the unit's answer on the tracking page", async () => {
    const page = await h.newPage();
    await page.goto('/');
    await noSeriousIssues(page, 'home');
    await page.getByLabel('搜索事项名称或关键词').fill('护照');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.getByRole('button', { name: '搜索' }).click()]);
    await page.getByRole('status').filter({ hasText: '“护照”共找到 2 个事项' }).waitFor();
    const results = await page.locator('.item-name').allInnerTexts();
    assert.deepEqual(
      results,
      ['普通护照签发', '往来港澳通行证签注'],
      'the name match comes before the guide-text match',
    );
    await noSeriousIssues(page, 'search results');

    await Promise.all([
      page.waitForURL(new RegExp(`/items/${passport.code}$`)),
      page.getByRole('link', { name: '普通护照签发' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: '普通护照签发' }).waitFor();
    assert.equal(
      await page.getByRole('link', { name: /在线办理/ }).getAttribute('href'),
      'https://crj.example.gov.cn/',
    );
    assert.equal(await page.getByRole('table').first().locator('tbody tr').count(), 2, 'materials table');
    await noSeriousIssues(page, 'guide');

    await page.getByLabel('需要说明解释的内容（必填，不少于 5 个字）').fill('护照照片可以自己拍摄上传吗？');
    await page.getByLabel('姓名（选填）').fill('赵六');
    await page.getByLabel('联系电话或电子邮箱（选填）').fill('13700001111');
    await Promise.all([page.waitForURL(/\/explanations$/), page.getByRole('button', { name: '提交申请' }).click()]);
    await page.getByRole('heading', { name: '说明解释申请已受理' }).waitFor();
    const trackingNo = await page.locator('#tracking-no').innerText();
    const key = await page.locator('#tracking-key').innerText();
    await noSeriousIssues(page, 'receipt');

    // The unit's clerk answers in the console.
    const console = await h.newPage();
    await h.login(console, clerk.username, TEST_PASSWORD);
    await console.goto('/console/explanations');
    await Promise.all([
      console.waitForURL(/\/console\/explanations\/[\w-]+$/),
      console.getByRole('link', { name: trackingNo }).click(),
    ]);
    assert.match(await console.locator('#requester').innerText(), /137\*\*\*\*1111/);
    await noSeriousIssues(console, 'console: explanation request');
    await console
      .getByLabel('答复内容（申请人凭受理编号和查询码查看）')
      .fill('可以。请按照《出入境证件相片照相指引》自行拍摄，网上申请时上传即可。');
    await Promise.all([console.waitForURL(/msg=done/), console.getByRole('button', { name: '提交答复' }).click()]);

    await page.getByRole('navigation', { name: '门户导航' }).getByRole('link', { name: '答复查询' }).click();
    await page.getByLabel('受理编号').fill(trackingNo);
    await page.getByLabel('查询码').fill(key);
    await noSeriousIssues(page, 'tracking form');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('已答复', { exact: true }).waitFor();
    assert.match(await page.locator('.answer').innerText(), /自行拍摄，网上申请时上传即可/);
    await noSeriousIssues(page, 'tracking result');
    assert.deepEqual(h.cspViolations, []);
  });

  it('axe: unit page, browse and adjustment pages have no serious or critical issue; the print stylesheet hides navigation', async () => {
    const page = await h.newPage();
    for (const url of [`/units/${unitId}`, '/units', '/items?audience=person', '/adjustments']) {
      await page.goto(url);
      await noSeriousIssues(page, url);
    }
    await page.goto(`/items/${passport.code}`);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-nav').isVisible(), false);
    assert.equal(await page.locator('#ask').isVisible(), false);
    assert.equal(await page.locator('#feedback').isVisible(), false);
    assert.equal(await page.locator('#materials').isVisible(), true);
    assert.deepEqual(h.cspViolations, []);
  });

  it('a citizen says a guide did not help, with a reason, in a plain form post; the vote is counted and axe finds no issue', async () => {
    const page = await h.newPage();
    await page.goto(`/items/${passport.code}`);
    await noSeriousIssues(page, 'guide with the vote');
    await page.getByLabel(/原因（选填/).fill('没有写明照片的尺寸要求');
    await Promise.all([page.waitForURL(/\/feedback$/), page.getByRole('button', { name: '没帮助' }).click()]);
    assert.match(await page.locator('main').innerText(), /感谢您的评价/);
    await noSeriousIssues(page, 'thanks page');
    const counted = await h.t.ctx.db.kysely
      .selectFrom('guide_votes')
      .select(['unhelpful'])
      .where('item_id', '=', passport.id)
      .execute();
    assert.deepEqual(
      counted.map((c) => c.unhelpful),
      [1],
    );
    assert.deepEqual(h.cspViolations, []);
  });

  it("the widget renders the unit's items and a guide on a page of another origin under a strict CSP, and follows a publication", async () => {
    const page = await h.newPage({ allowOrigins: [hostUrl] });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(hostPage(unitId, true));
    const items = page.locator('.shixiang-widget button.item');
    await items.first().waitFor();
    assert.deepEqual(
      (await items.allInnerTexts())
        .map((t) =>
          t
            .split('\n')[0]!
            .replace(/行政许可$/, '')
            .trim(),
        )
        .sort(),
      ['往来港澳通行证签注', '普通护照签发'].sort(),
    );
    // Styles from the widget's shadow root are applied, and none leak into the host page.
    assert.equal(
      await page
        .locator('.shixiang-widget .sx')
        .evaluate(
          (el) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { borderTopStyle: string } }).getComputedStyle(el)
              .borderTopStyle,
        ),
      'solid',
    );
    assert.equal(
      await page
        .locator('h1')
        .evaluate(
          (el) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color,
        ),
      'rgb(0, 0, 0)',
    );
    const seq = Number(await page.locator('.shixiang-widget').getAttribute('data-publication-seq'));
    assert.equal(seq, (await publicCatalogue(h.t.ctx)).stamp.seq, 'the same publication as the portal');

    await page.locator('.shixiang-widget button.item', { hasText: '普通护照签发' }).click();
    await page.locator('.shixiang-widget h2', { hasText: '普通护照签发' }).waitFor();
    assert.equal(await page.locator('.shixiang-widget a.go').getAttribute('href'), 'https://crj.example.gov.cn/');
    assert.match(await page.locator('.shixiang-widget .sx').innerText(), /食品经营许可申请书/);
    assert.deepEqual(violations, [], 'the widget needs no inline script or style');

    await republishItem(h.t.ctx, passport.id, { name: '普通护照签发（含换发）' });
    await page.reload();
    await page.locator('.shixiang-widget button.item', { hasText: '普通护照签发（含换发）' }).waitFor();
    assert.equal(Number(await page.locator('.shixiang-widget').getAttribute('data-publication-seq')), seq + 1);
  });

  it('IN-03: stored payloads in item fields, unit names, questions and answers never run on a public page or in the widget (CSP off, escaping alone)', async () => {
    const page = await h.newPage({ allowOrigins: [hostUrl], bypassCSP: true });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const ran = () => page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss);
    const urls = [
      '/',
      '/units',
      `/units/${evilUnit}`,
      '/items',
      `/items/${evil.code}`,
      `/search?q=${encodeURIComponent('恶意')}`,
      '/adjustments',
    ];
    for (const url of urls) {
      await page.goto(url);
      await page.mouse.move(10, 10);
      for (const a of await page.locator('main a').all()) await a.hover({ timeout: 1000 }).catch(() => undefined);
      assert.equal(await ran(), undefined, url);
    }
    await page.goto(`/items/${evil.code}`);
    assert.match(
      await page.getByRole('heading', { level: 1 }).innerText(),
      /<script>window.__xss=1<\/script>/,
      'shown as text',
    );
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);

    await page.goto('/track');
    await page.getByLabel('受理编号').fill(evilTracking.trackingNo);
    await page.getByLabel('查询码').fill(evilTracking.key);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('已答复', { exact: true }).waitFor();
    assert.match(await page.locator('.tracking').innerText(), /<script>window.__xss=1<\/script>/);
    assert.equal(await ran(), undefined, 'tracking page');

    for (const feed of ['/feeds/changes.atom', '/feeds/changes.json']) {
      await page.goto(feed);
      assert.equal(await ran(), undefined, feed);
    }

    // The widget on a host page without any CSP: only textContent, so nothing runs there either.
    await page.goto(hostPage(evilUnit, false));
    const button = page.locator('.shixiang-widget button.item').first();
    await button.waitFor();
    assert.match(await button.innerText(), /<script>window.__xss=1<\/script>/);
    await button.click();
    await page.locator('.shixiang-widget h2').waitFor();
    await page.locator('.shixiang-widget .sx').hover();
    assert.equal(await ran(), undefined, 'widget');
    assert.equal(await page.locator('.shixiang-widget a[href^="javascript:"]').count(), 0);
    assert.deepEqual(dialogs, []);
  });
});
