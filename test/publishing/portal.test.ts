import { STAMP_TTL_MS } from '../../src/publishing/publication-clock.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { exportSiteCommand } from '../../src/cli/commands/export-site.js';
import { exportSite } from '../../src/publishing/export-site.js';
import { publicCatalogue } from '../../src/publishing/catalogue.js';
import { parseStatusDocument } from '../../src/publishing/channel-poll.job.js';
import { createTestContext, testDialects, type TestContext, sqliteOnly } from '../support/context.js';
import { makeUnit } from '../support/factories.js';
import { cancelItem, publishItem, republishItem, suspendItem, type PublishedItem } from '../support/publishing.js';
import { assertNoMarkup, XSS, xssContent } from '../support/xss.js';

/**
 * The public portal, the feeds and the static export, server-side: what each page shows (only published
 * versions, every guide element, the Art. 10/11 online-handling rule, the suspended state, the adjustment
 * log with grounds), that untrusted text is escaped everywhere (IN-03), and that the export carries the
 * same catalogue hash as the live API.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] public portal, feeds, static export`, () => {
    let t: TestContext;
    let app: App;
    let unitOwn: string;
    let unitPlain: string;
    const items = {} as Record<'licence' | 'exempt' | 'own' | 'suspended' | 'cancelled' | 'evil', PublishedItem>;
    const html = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      return { status: res.statusCode, body: res.body, headers: res.headers };
    };

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-03-02T02:00:00.000Z');
      app = await buildApp(t.ctx);
      unitOwn = (
        await makeUnit(t.ctx, {
          name: '测试不动产登记中心',
          online_system_url: 'https://bdc.example.gov.cn/ban',
          website: 'https://bdc.example.gov.cn/',
        })
      ).id;
      unitPlain = (await makeUnit(t.ctx, { name: `测试单位${XSS.img}` })).id;
      items.licence = await publishItem(t.ctx, unitPlain, {
        name: '食品经营许可（新办）',
        isFee: true,
        feeBasis: '收费依据文件',
        fees: [{ name: '工本费', standard: '每证10元', reducible: false }],
        materials: [
          {
            name: '食品经营许可申请书',
            necessity: '1',
            kind: '2',
            form: '3',
            paperCopyKind: '1',
            paperCopies: 2,
            source: '1',
            blankForm: { name: '申请书空白表格.docx', url: 'https://example.gov.cn/blank.docx' },
            sample: { name: '申请书示例.pdf', url: 'https://example.gov.cn/sample.pdf' },
          },
        ],
      });
      items.exempt = await publishItem(t.ctx, unitPlain, {
        name: '涉密项目审查',
        online: {
          channel: 'exempt',
          exemption: 'secret',
          exemptionReason: '依据《保守国家秘密法》第二十八条，涉及国家秘密。',
        },
      });
      items.own = await publishItem(t.ctx, unitOwn, {
        name: '不动产登记资料查询',
        online: { channel: 'own' },
        serviceObjects: ['1'],
        ext: { personThemes: ['住房保障'] },
      });
      items.suspended = await publishItem(t.ctx, unitOwn, { name: '预告登记' });
      await suspendItem(t.ctx, items.suspended.id);
      items.cancelled = await publishItem(t.ctx, unitOwn, { name: '旧版查封登记' });
      await cancelItem(t.ctx, items.cancelled.id);
      items.evil = await publishItem(t.ctx, unitPlain, xssContent());
      await republishItem(t.ctx, items.licence.id, { transactTime: '工作日 8:30-17:30' });
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('home: search box and entry points by audience and theme, type and unit; the publication sequence is on the page', async () => {
      const { status, body } = await html('/');
      assert.equal(status, 200);
      assert.match(body, /<form class="big-search" method="get" action="\/search"/);
      assert.match(body, /个人办事/);
      assert.match(body, /法人办事/);
      assert.match(body, /href="\/items\?audience=person&amp;theme=%E4%BD%8F%E6%88%BF%E4%BF%9D%E9%9A%9C"/);
      assert.match(body, /href="\/items\?type=01">行政许可/);
      assert.match(body, new RegExp(`href="/units/${unitOwn}"`));
      const seq = (await publicCatalogue(t.ctx)).stamp.seq;
      assert.match(body, new RegExp(`<meta name="publication-seq" content="${seq}">`));
      assert.match(body, /<link rel="stylesheet" href="\/static\/portal.css">/);
      assert.equal((await html('/static/portal.css')).status, 200);
      assert.match((await html('/static/portal.css')).body, /@media print/);
    });

    it('unit page and browse pages list only the public items', async () => {
      const unit = await html(`/units/${unitOwn}`);
      assert.match(unit.body, /不动产登记资料查询/);
      assert.match(unit.body, /预告登记[\s\S]*暂停办理/);
      assert.doesNotMatch(unit.body, /旧版查封登记/);
      const browse = await html(`/items?audience=person&theme=${encodeURIComponent('住房保障')}`);
      assert.match(browse.body, /不动产登记资料查询/);
      assert.doesNotMatch(browse.body, /食品经营许可/);
      assert.equal((await html('/units/no-such-unit')).status, 404);
    });

    it('the 办事指南 shows every public element: conditions, materials with form/copies/source and downloads, fees, limits, place, contacts, basis, FAQ, version', async () => {
      const { status, body } = await html(`/items/${items.licence.code}`);
      assert.equal(status, 200);
      for (const text of [
        '受理条件',
        '申请材料',
        '食品经营许可申请书',
        '纸质/电子化',
        '材料类型',
        '原件',
        '2 份',
        '申请人自备',
        '办理流程',
        '收费标准',
        '工本费',
        '每证10元',
        '法定办结时限',
        '20个工作日',
        '承诺办结时限',
        '10个工作日',
        '办理地点',
        '平鲁区政务服务中心二楼12号窗口',
        '工作日 8:30-17:30',
        '咨询方式',
        '0349-6012345',
        '监督投诉方式',
        '设定依据',
        '《中华人民共和国食品安全法》',
        '常见问题',
        '办理需要多长时间？',
        '第 2 版',
      ]) {
        assert.ok(body.includes(text), `guide shows ${text}`);
      }
      assert.match(
        body,
        /空白表格：<a href="https:\/\/example.gov.cn\/blank.docx" rel="noopener noreferrer">申请书空白表格.docx<\/a>/,
      );
      assert.match(body, /示例样表：<a href="https:\/\/example.gov.cn\/sample.pdf"/);
      assert.match(
        body,
        new RegExp(
          `<a class="button primary online" href="${t.ctx.config.jurisdiction.platformChannelUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`,
        ),
        'Art. 10: no own system → the platform channel',
      );
      assert.match(body, /<form class="ask-form" method="post" action="\/items\/[0-9A-Z]+\/explanations">/);
      assert.match(body, /name="_form" value="\d+\.[\w-]+"/);
    });

    it("Art. 10–11: the unit's own system when it has one; an exempt item states its legal reason instead of a button", async () => {
      const own = (await html(`/items/${items.own.code}`)).body;
      assert.match(own, /<a class="button primary online" href="https:\/\/bdc.example.gov.cn\/ban"/);
      const exempt = (await html(`/items/${items.exempt.code}`)).body;
      assert.doesNotMatch(exempt, /class="button primary online"/);
      assert.match(
        exempt,
        /本事项不实行网上办理。<\/strong>依据《办法》第十一条，涉及国家秘密：依据《保守国家秘密法》第二十八条，涉及国家秘密。请按“办理地点和时间”到窗口办理/,
      );
      assert.doesNotMatch(exempt, /。。/, 'a reason ending with 。 gets no second one');
    });

    it('a suspended item says so and offers no online button; a cancelled one answers 410 with when and why; an unknown code 404', async () => {
      const suspended = (await html(`/items/${items.suspended.code}`)).body;
      assert.match(
        suspended,
        /本事项已暂停办理。<\/strong><span id="suspension-reason">暂停原因：测试：专项整治暂停受理。<\/span>暂停期间不受理新的申请/,
      );
      const api = (await app.inject({ method: 'GET', url: `/api/public/v1/items/${items.suspended.code}` })).json();
      assert.deepEqual(
        { kind: api.lastPublication.kind, note: api.lastPublication.note },
        { kind: 'suspend', note: '测试：专项整治暂停受理' },
      );
      assert.doesNotMatch(suspended, /class="button primary online"/);
      const gone = await html(`/items/${items.cancelled.code}`);
      assert.equal(gone.status, 410);
      assert.match(
        gone.body,
        /<html lang="zh-CN">[\s\S]*旧版查封登记[\s\S]*该事项已于 2026年3月2日 取消[\s\S]*取消事由：国务院和省、市人民政府决定取消/,
      );
      assert.doesNotMatch(gone.body, /请改为办理/, 'a plain cancellation names no successor');
      assert.match(gone.body, /说明：省政府决定取消<\/p>/, 'the note without the ground it repeats');
      assert.equal(gone.body.match(/国务院和省、市人民政府决定取消/g)?.length, 1);
      const unknown = await html(`/items/${items.cancelled.code.slice(0, -1)}X`);
      assert.equal(unknown.status, 404);
      assert.match(unknown.body, /页面不存在/);
    });

    it('最近调整 lists every 新增/变更/取消/暂停 with ground and date; the cancelled item stays listed, linked to its cancellation notice', async () => {
      const { body } = await html('/adjustments');
      assert.match(body, /kind-cancel">取消<\/span>[\s\S]*?旧版查封登记/);
      assert.match(body, /国务院和省、市人民政府决定取消（第十六条第（二）项）/);
      assert.match(body, /kind-suspend">暂停[\s\S]*?预告登记/);
      assert.match(body, /kind-change">变更[\s\S]*?食品经营许可（新办）/);
      assert.match(body, new RegExp(`href="/items/${items.cancelled.code}">旧版查封登记`));
      assert.match(body, /<time datetime="2026-03-02">2026年3月2日<\/time>/);
      const onlyCancel = (await html('/adjustments?kind=cancel')).body;
      assert.doesNotMatch(onlyCancel, /kind-add/);
    });

    it('a page number past the end shows the last page (not 第 999 / 1 页 with nothing); the 最近调整 unit filter lists only units with records', async () => {
      const items999 = (await html('/items?page=999')).body;
      assert.ok(items999.includes('不动产登记资料查询'), 'the last (here: only) page of items');
      assert.doesNotMatch(items999, /第 999/);
      const adjust999 = (await html('/adjustments?page=999')).body;
      assert.match(adjust999, /kind-add/);
      assert.doesNotMatch(adjust999, /第 999/);
      const search999 = (await html(`/search?q=${encodeURIComponent('登记')}&page=999`)).body;
      assert.ok(search999.includes('不动产登记资料查询'));
      assert.doesNotMatch(search999, /第 999/);

      // A later updated_at moves the publication stamp, so the cached catalogue knows the new unit (a write that
      // is not a publication, here straight into the table, shows within the stamp's time to live).
      const idle = await makeUnit(t.ctx, {
        name: '尚无调整记录的测试单位',
        updated_at: new Date(t.clock.now().getTime() + 1000).toISOString(),
      });
      await new Promise((resolve) => setTimeout(resolve, STAMP_TTL_MS + 5));
      assert.equal((await html(`/units/${idle.id}`)).status, 200, 'the catalogue knows the unit');
      const adjustments = (await html('/adjustments')).body;
      const select = /<select id="a-unit"[\s\S]*?<\/select>/.exec(adjustments)![0];
      assert.ok(select.includes(`value="${unitOwn}"`), 'a unit with records is offered');
      assert.ok(!select.includes(`value="${idle.id}"`), 'a unit without records is not');
      assert.ok(
        (await html(`/adjustments?unit=${idle.id}`)).body.includes(`value="${idle.id}" selected`),
        'a unit asked for stays selected',
      );
    });

    it('search page: name matches first; an empty result says so', async () => {
      const { body } = await html(`/search?q=${encodeURIComponent('登记')}`);
      assert.ok(body.indexOf('不动产登记资料查询') > 0);
      assert.doesNotMatch(body, /旧版查封登记/);
      assert.match((await html(`/search?q=${encodeURIComponent('不存在的事项')}`)).body, /共找到 0 个事项/);
    });

    it("search page: the placeholder's 社保 finds an item named 社会保险… (abbreviation table), as a name match", async () => {
      assert.match((await html('/')).body, /placeholder="[^"]*社保/);
      const insurance = await publishItem(t.ctx, unitOwn, { name: '社会保险参保信息查询' });
      const { body } = await html(`/search?q=${encodeURIComponent('社保')}`);
      assert.match(body, /共找到 1 个事项/);
      assert.match(body, new RegExp(`href="/items/${insurance.code}"`));
      const api = (
        await app.inject({ method: 'GET', url: `/api/public/v1/search?q=${encodeURIComponent('社保')}` })
      ).json();
      assert.deepEqual(
        api.hits.map((h: { match: string }) => h.match),
        ['name'],
      );
    });

    it('feeds: Atom and JSON Feed of changes, whole catalogue and per unit, with the publication sequence', async () => {
      const atom = await app.inject({ method: 'GET', url: '/feeds/changes.atom' });
      assert.equal(atom.statusCode, 200);
      assert.match(String(atom.headers['content-type']), /application\/atom\+xml/);
      assert.match(atom.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
      assert.match(atom.body, /<title type="text">【取消】旧版查封登记<\/title>/);
      assert.match(atom.body, /\/adjustments#seq-\d+/, 'a cancelled item links to the log');
      const json = (await app.inject({ method: 'GET', url: '/feeds/changes.json' })).json();
      assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
      assert.equal(json._shixiang.seq, (await publicCatalogue(t.ctx)).stamp.seq);
      assert.equal(json.items[0]._shixiang.seq, json._shixiang.seq, 'newest first');
      const unitFeed = (await app.inject({ method: 'GET', url: `/feeds/units/${unitOwn}/changes.json` })).json();
      assert.ok(
        unitFeed.items.every((i: { authors: Array<{ name: string }> }) => i.authors[0]!.name === '测试不动产登记中心'),
      );
      assert.equal((await app.inject({ method: 'GET', url: '/feeds/units/nobody/changes.atom' })).statusCode, 404);
    });

    it('IN-03: script and markup payloads in item fields and unit names are escaped on every public page, feed and API body', async () => {
      const urls = [
        '/',
        `/units/${unitPlain}`,
        '/units',
        '/items',
        `/items?theme=${encodeURIComponent(`主题${XSS.img}`)}`,
        `/items/${items.evil.code}`,
        `/search?q=${encodeURIComponent('恶意')}`,
        `/search?q=${encodeURIComponent(XSS.script)}`,
        '/adjustments',
        '/track',
        '/feeds/changes.atom',
        '/feeds/changes.json',
        `/feeds/units/${unitPlain}/changes.atom`,
        `/api/public/v1/items/${items.evil.code}`,
        '/api/public/v1/units',
        `/api/public/v1/search?q=${encodeURIComponent('恶意')}`,
      ];
      for (const url of urls) {
        const res = await html(url);
        assert.ok(res.status < 500, `${url}: ${res.status}`);
        assertNoMarkup(res.body, url);
      }
      const guide = (await html(`/items/${items.evil.code}`)).body;
      assert.ok(guide.includes('恶意事项&lt;script&gt;window.__xss=1&lt;/script&gt;'), 'the payload is shown as text');
      assert.ok(guide.includes('javascript:window.__xss=1'), 'a javascript: URL is shown as text, not linked');
      assert.doesNotMatch(guide, /href="javascript:/i);
      const atom = (await html('/feeds/changes.atom')).body;
      assert.ok(atom.includes('恶意事项&lt;script&gt;'), 'escaped in XML');
    });

    it('static export: the same pages and JSON as files, relative links, and an index.json with the live catalogue hash', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shixiang-export-'));
      try {
        const result = await exportSite(t.ctx, dir);
        const cat = await publicCatalogue(t.ctx);
        assert.equal(result.hash, (await cat.manifest(null)).hash);
        const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
        assert.deepEqual(
          parseStatusDocument(index),
          { seq: cat.stamp.seq, hash: (await cat.manifest(null)).hash },
          'a hosted export can be polled for sync status',
        );
        const guide = fs.readFileSync(path.join(dir, 'items', `${items.licence.code}.html`), 'utf8');
        assert.match(guide, /<link rel="stylesheet" href="..\/portal.css">/);
        assert.match(guide, new RegExp(`href="../units/${unitPlain}.html"`));
        assert.match(guide, /到门户网站提交说明解释申请/);
        assert.ok(fs.existsSync(path.join(dir, 'portal.css')));
        assert.ok(fs.existsSync(path.join(dir, 'adjustments.html')));
        assert.ok(fs.existsSync(path.join(dir, 'browse', 'type-01.html')));
        assert.ok(!fs.existsSync(path.join(dir, 'items', `${items.cancelled.code}.html`)));
        const apiItem = JSON.parse(
          fs.readFileSync(path.join(dir, 'api', 'items', `${items.licence.code}.json`), 'utf8'),
        );
        const liveItem = (
          await app.inject({ method: 'GET', url: `/api/public/v1/items/${items.licence.code}` })
        ).json();
        assert.deepEqual(apiItem, liveItem, "the export has the API's shape and content");
        for (const file of walk(dir)) assertNoMarkup(fs.readFileSync(file, 'utf8'), file);
        // IN-05: the hosted pages carry the served pages' CSP in a meta tag (frame-ancestors cannot be set there;
        // forms go to the live portal, so form-action names it).
        const served = String(
          (await app.inject({ method: 'GET', url: `/items/${items.licence.code}`, headers: { accept: 'text/html' } }))
            .headers['content-security-policy'],
        );
        const live = new URL(t.ctx.config.http.publicBaseUrl).origin;
        const expected = served
          .split('; ')
          .filter((d) => !d.startsWith('frame-ancestors'))
          .map((d) => (d === "form-action 'self'" ? `form-action 'self' ${live}` : d))
          .join('; ');
        for (const file of walk(dir).filter((f) => f.endsWith('.html'))) {
          const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(
            fs.readFileSync(file, 'utf8'),
          );
          assert.equal(meta?.[1]?.replaceAll('&#39;', "'"), expected, file);
        }

        const out: string[] = [];
        const code = await exportSiteCommand.run([path.join(dir, 'cli')], {
          out: (x) => out.push(x),
          err: (x) => out.push(x),
          env: t.env,
        });
        assert.equal(code, 0, out.join('\n'));
        assert.match(
          out.join('\n'),
          new RegExp(`at publication ${cat.stamp.seq} .*\\ncatalogue hash ${(await cat.manifest(null)).hash}`),
        );
        assert.equal(
          await exportSiteCommand.run([path.join(dir, 'x'), '--unit', 'nobody'], {
            out: () => undefined,
            err: () => undefined,
            env: t.env,
          }),
          2,
        );

        const unitDir = path.join(dir, 'unit');
        const unitResult = await exportSite(t.ctx, unitDir, { unitId: unitOwn });
        assert.equal(unitResult.hash, (await cat.manifest(unitOwn)).hash);
        assert.match(fs.readFileSync(path.join(unitDir, 'index.html'), 'utf8'), /<h1>测试不动产登记中心<\/h1>/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('[sqlite] public legal-basis pages', sqliteOnly, () => {
  it('a citation with a register link leads to the document page with its status and articles', async () => {
    const { createTestContext } = await import('../support/context.js');
    const { buildApp } = await import('../../src/http/app.js');
    const t = await createTestContext('sqlite');
    const app = await buildApp(t.ctx);
    try {
      const now = t.clock.now().toISOString();
      await t.ctx.db.kysely
        .insertInto('legal_documents')
        .values({
          id: 'law-test',
          kind: 'law',
          title: '《测试法》<script>x</script>',
          issuer: '全国人大常委会',
          doc_no: '主席令第1号',
          published_on: '2020-01-01',
          effective_on: '2020-03-01',
          amended_on: null,
          repealed_on: '2026-01-01',
          status: 'repealed',
          created_at: now,
          updated_at: now,
        } as never)
        .execute();
      const res = await app.inject({ method: 'GET', url: '/laws/law-test' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /已废止/);
      assert.doesNotMatch(res.body, /<script>x<\/script>/);
      assert.equal((await app.inject({ method: 'GET', url: '/laws/nope' })).statusCode, 404);
    } finally {
      await app.close();
      await t.cleanup();
    }
  });
});
