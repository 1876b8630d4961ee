import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn } from '../support/client.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeAccount } from '../support/factories.js';
import { district, publishedItem } from './support.js';

/**
 * The console pages of the legal basis, obligations, catalogue and consistency render for the roles that
 * may see them, and the centre's event flow (form → preview → confirm) works without JavaScript.
 * Rendering does not depend on the engine: SQLite only.
 */
describe('console: legal basis, obligations, base catalogue, consistency', () => {
  let t: TestContext;
  let app: App;
  let d: Awaited<ReturnType<typeof district>>;
  const form = (csrf: string, fields: Record<string, string | string[]>) => {
    const p = new URLSearchParams({ _csrf: csrf });
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
    return p.toString();
  };
  const postForm = (
    client: Awaited<ReturnType<typeof district>>['verifier'],
    url: string,
    fields: Record<string, string | string[]>,
  ) => client.request('POST', url, form(client.csrf, fields), { 'content-type': 'application/x-www-form-urlencoded' });

  before(async () => {
    t = await createTestContext('sqlite');
    t.clock.set('2024-03-04T02:00:00.000Z');
    app = await buildApp(t.ctx);
    d = await district(t, app, 2, '10.35.0');
  });
  after(async () => {
    await app.close();
    await t.cleanup();
  });

  it('registers a document, records a repeal through preview and confirmation, and the unit answers from its worklist', async () => {
    const { verifier, publisher, units } = d;
    const created = await postForm(verifier, '/console/legal/new', {
      id: 'law-console',
      kind: 'law',
      title: '控制台测试法',
      issuer: '全国人民代表大会常务委员会',
      articles: '第一条 为了测试。\n第十条 测试许可。\n（续）',
    });
    assert.equal(created.statusCode, 303, created.body);
    const detail = await verifier.get('/console/legal/law-console');
    assert.match(detail.body, /第十条<\/dt><dd class="pre">测试许可。\n（续）/);
    const item = await publishedItem(units[0]!.clerk, verifier, publisher, {
      setBasis: [{ docId: 'law-console', title: '《控制台测试法》', article: '第十条' }],
    });
    assert.match((await verifier.get('/console/legal/law-console')).body, new RegExp(item.id));

    const event = { docId: 'law-console', kind: 'repealed', effectiveOn: '2024-03-04', noticeDocNo: '主席令第十号' };
    const preview = await postForm(verifier, '/console/legal/events/preview', event);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.match(preview.body, /将产生 <strong>1<\/strong> 项调整义务/);
    assert.equal(
      (await t.ctx.db.kysely.selectFrom('obligations').selectAll().execute()).length,
      0,
      'the preview wrote nothing',
    );
    const recorded = await postForm(verifier, '/console/legal/events', event);
    assert.equal(recorded.statusCode, 303, recorded.body);
    assert.match(String(recorded.headers.location), /^\/console\/legal\/events\/[0-9a-f-]+\?msg=recorded$/);
    assert.match((await verifier.get(String(recorded.headers.location))).body, /产生的调整义务（1）/);
    assert.match((await units[0]!.clerk.get(String(recorded.headers.location))).body, /本单位的调整义务（1）/);
    assert.match(
      (await units[1]!.clerk.get(String(recorded.headers.location))).body,
      /本单位的调整义务（0）/,
      'a unit sees its own share, labelled as such',
    );

    const clerk = units[0]!.clerk;
    const worklist = await clerk.get('/console/obligations');
    assert.equal(worklist.statusCode, 200);
    const link = /href="\/console\/obligations\/([0-9a-f-]+)"/.exec(worklist.body);
    assert.ok(link, "the obligation is in the unit's worklist");
    assert.doesNotMatch(
      (await units[1]!.clerk.get('/console/obligations')).body,
      new RegExp(link[1]!),
      "not in another unit's",
    );
    const home = (await clerk.get('/console/work')).body;
    assert.match(
      home,
      new RegExp(`待处理的调整义务（1）[\\s\\S]*?href="/console/obligations/${link[1]}"`),
      "and on the clerk's home page, with its deadline",
    );
    assert.match(home, /应申请取消|取消<br><small>/);
    const page = await clerk.get(`/console/obligations/${link[1]}`);
    assert.match(page.body, /发起取消申请/);
    const opened = await postForm(clerk, `/console/obligations/${link[1]}/change`, {});
    assert.equal(opened.statusCode, 303, opened.body);
    assert.equal(opened.headers.location, `/console/items/${item.id}?msg=change_opened`);
    assert.match((await clerk.get(`/console/obligations/${link[1]}`)).body, /调整中/);
  });

  it('renders every page for the roles that may see it', async () => {
    const { verifier, supervisor, units } = d;
    await verifier.post('/api/v1/catalogue/versions', {
      label: '控制台测试目录',
      sourceLevel: '2',
      effectiveOn: '2024-03-01',
      entries: [
        {
          catalogCode: 'CON000000001',
          name: '控制台许可',
          type: '01',
          setBasis: [{ title: '《控制台测试法》', article: '第一条' }],
          useLevels: ['4'],
        },
      ],
    });
    const claimed = await units[1]!.clerk.post('/console/catalogue/CON000000001/claim', {});
    assert.equal(claimed.statusCode, 303);
    const itemId = /\/console\/items\/([0-9a-f-]+)\/edit/.exec(String(claimed.headers.location))![1]!;
    const version = (await verifier.get('/api/v1/catalogue/versions')).json().versions[0].id;
    const pages: Array<[typeof verifier, string, RegExp]> = [
      [verifier, '/console/legal', /控制台测试法/],
      [verifier, '/console/legal/new', /登记法律文件/],
      [verifier, '/console/legal/law-console/edit', /修改：控制台测试法/],
      [verifier, '/console/legal/events', /法律事件/],
      [verifier, '/console/legal/events/new?docId=law-console', /预览影响/],
      [verifier, '/console/directives', /上级决定/],
      [verifier, '/console/directives/new', /预览影响/],
      [verifier, '/console/catalogue', /控制台许可/],
      [verifier, '/console/catalogue/versions', /导入新版本/],
      [verifier, `/console/catalogue/versions/${version}`, /第一个导入的版本/],
      [units[1]!.clerk, '/console/catalogue/claims', /控制台许可/],
      [units[1]!.clerk, `/console/catalogue/claims/${itemId}`, /继承要素已与基本目录一致/],
      [units[1]!.clerk, `/console/items/${itemId}/edit`, /继承自基本目录/],
      [supervisor, '/console/catalogue/coverage', /尚未认领 0 项/],
      [units[1]!.clerk, '/console/catalogue/divergences', /没有调整建议/],
      [supervisor, '/console/consistency', /检查事项 2 项/],
      [supervisor, '/console/obligations?status=', /共 1 项/],
    ];
    for (const [client, url, expect] of pages) {
      const res = await client.get(url);
      assert.equal(res.statusCode, 200, `${url}: ${res.statusCode}`);
      assert.match(res.body, expect, url);
    }
    assert.equal((await units[0]!.clerk.get('/console/consistency')).statusCode, 403);

    const versionPage = (await verifier.get(`/console/catalogue/versions/${version}`)).body;
    assert.match(versionPage, /<dt>来源<\/dt><dd>通过接口提交（JSON）<\/dd>/);
    assert.match(versionPage, /<h2>与上一版本比较<\/h2>/);

    // Documents are picked by title: the event form and the item editor offer the register's citable documents.
    assert.equal(
      (
        await postForm(verifier, '/console/legal/new', {
          id: 'law-picker',
          kind: 'admin_regulation',
          title: '选择器测试条例',
          issuer: '国务院',
          docNo: '国务院令第1号',
        })
      ).statusCode,
      303,
    );
    const eventForm = (await verifier.get('/console/legal/events/new')).body;
    assert.match(eventForm, /<input id="docId" name="docId" type="text" value="" required list="legal-docs"/);
    const editor = (await units[1]!.clerk.get(`/console/items/${itemId}/edit`)).body;
    assert.match(
      editor,
      /<datalist id="legal-docs">[\s\S]*?<option value="law-picker">选择器测试条例（国务院令第1号）<\/option>/,
    );
    assert.doesNotMatch(editor, /<option value="law-console">/, 'a repealed document is not offered');
    // Picking is enough: the blank title and 文号 of the citation are taken from the register on save.
    const saved = await units[1]!.clerk.form(`/console/items/${itemId}/edit`, {
      version: '1',
      'content[implBasis][0][docId]': 'law-picker',
      'content[implBasis][0][article]': '第三条',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 3000));
    const impl = (await units[1]!.clerk.get(`/api/v1/items/${itemId}`)).json().content.implBasis;
    assert.deepEqual(impl, [
      { docId: 'law-picker', title: '选择器测试条例', docNo: '国务院令第1号', article: '第三条' },
    ]);
    assert.match(
      (await units[1]!.clerk.get(`/console/items/${itemId}`)).body,
      /<dt>法律文件<\/dt><dd><a href="\/console\/legal\/law-picker">已关联法律法规库（查看）<\/a><\/dd>/,
      'the item page links the cited document, without showing its register id',
    );
    assert.match(
      editor,
      /name="content\[implBasis\]\[0\]\[docId\]"[^>]*list="legal-docs"/,
      "a citation row's 法律文件 field",
    );
  });

  it("imports a version from the console upload form, and shows a bad file's problems without importing", async () => {
    const { verifier } = d;
    const boundary = '----shixiangtest';
    const multipart = (file: string, name: string) =>
      [
        `--${boundary}`,
        'Content-Disposition: form-data; name="_csrf"',
        '',
        verifier.csrf,
        `--${boundary}`,
        'Content-Disposition: form-data; name="label"',
        '',
        '',
        `--${boundary}`,
        `Content-Disposition: form-data; name="file"; filename="${name}"`,
        'Content-Type: application/json',
        '',
        file,
        `--${boundary}--`,
        '',
      ].join('\r\n');
    // 市级 entries: a catalogue that governed the district's level would (rightly, Art. 8) block the later tests'
    // items, whose 基本编码 are made up.
    const doc = {
      label: '控制台上传目录',
      sourceLevel: '2',
      effectiveOn: '2024-03-04',
      entries: [
        {
          catalogCode: 'CON000000001',
          name: '控制台许可',
          type: '01',
          setBasis: [{ title: '《控制台测试法》', article: '第一条' }],
          useLevels: ['3'],
        },
        { catalogCode: 'CON000000002', name: '控制台许可二', type: '01', setBasis: [], useLevels: ['3'] },
      ],
    };
    const ok = await verifier.request(
      'POST',
      '/console/catalogue/versions',
      multipart(JSON.stringify(doc), 'v2.json'),
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
    );
    assert.equal(ok.statusCode, 303, ok.body);
    const bad = await verifier.request(
      'POST',
      '/console/catalogue/versions',
      multipart(JSON.stringify({ ...doc, entries: [{ ...doc.entries[0], type: '99' }] }), 'bad.json'),
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(
      bad.body,
      /第1条：「事项类型」应为以下代码之一[^<]*（位置：entries\.0\.type）/,
      'the message first, then where to look in the file',
    );
    const broken = await verifier.request(
      'POST',
      '/console/catalogue/versions',
      multipart('{\n  "label": "x",\n  entries: []\n}', 'broken.json'),
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
    );
    assert.equal(broken.statusCode, 400);
    assert.match(broken.body, /不是有效的 JSON：第 3 行第 3 个字符附近有语法错误/);
    const badDate = await verifier.request(
      'POST',
      '/console/catalogue/versions',
      multipart(JSON.stringify({ ...doc, effectiveOn: '2024-02-30' }), 'date.json'),
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
    );
    assert.equal(badDate.statusCode, 400);
    assert.match(badDate.body, /「生效日期」格式不正确（应为日期，如 2026-03-01）/);
    assert.doesNotMatch(badDate.body, /start/);
    assert.equal((await verifier.get('/api/v1/catalogue/versions')).json().versions.length, 2);
  });

  it("无需调整: refusals say what is missing without field keys, and the centre's two note fields have their own ids", async () => {
    const { verifier, publisher, units } = d;
    const clerk = units[0]!.clerk;
    assert.equal(
      (
        await postForm(verifier, '/console/legal/new', {
          id: 'law-nochange',
          kind: 'law',
          title: '无需调整测试法',
          issuer: '全国人民代表大会常务委员会',
        })
      ).statusCode,
      303,
    );
    await publishedItem(clerk, verifier, publisher, {
      setBasis: [{ docId: 'law-nochange', title: '《无需调整测试法》', article: '第一条' }],
    });
    const event = { docId: 'law-nochange', kind: 'repealed', effectiveOn: '2024-03-04' };
    assert.equal((await postForm(verifier, '/console/legal/events', event)).statusCode, 303);
    const obligation = await t.ctx.db.kysely
      .selectFrom('obligations as o')
      .innerJoin('legal_events as e', 'e.id', 'o.source_id')
      .select('o.id')
      .where('e.doc_id', '=', 'law-nochange')
      .executeTakeFirstOrThrow();
    const url = `/console/obligations/${obligation.id}`;

    const short = await postForm(clerk, `${url}/no-change`, { justification: '不用' });
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /请说明无需调整的理由/);
    assert.doesNotMatch(short.body, /justification[:：]/);
    assert.equal(
      (
        await postForm(clerk, `${url}/no-change`, {
          justification: '该文件废止后由新条例的同一条款承接，本事项依据不变。',
        })
      ).statusCode,
      303,
    );

    const page = (await verifier.get(url)).body;
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(
      ids.filter((x, i) => ids.indexOf(x) !== i),
      [],
      'no id twice on the page',
    );
    assert.match(page, /<label for="confirm-note">[^<]*<\/label><input id="confirm-note" name="note"/);
    assert.match(page, /<label for="reject-note">[^<]*<\/label><textarea id="reject-note" name="note"/);
    const reject = await postForm(verifier, `${url}/reject`, { note: '' });
    assert.equal(reject.statusCode, 400);
    assert.match(reject.body, /请写明不同意的理由/);
    assert.doesNotMatch(reject.body, /note[:：]/);
  });

  // Moves the clock two weeks on: keep it last.
  it('超期未办 counts each kind apart and links to the list of exactly those: obligations to the obligations list', async () => {
    const { verifier, publisher, units } = d;
    const unit = units[1]!;
    assert.equal(
      (
        await postForm(verifier, '/console/legal/new', {
          id: 'law-overdue',
          kind: 'law',
          title: '超期测试法',
          issuer: '全国人民代表大会常务委员会',
        })
      ).statusCode,
      303,
    );
    await publishedItem(unit.clerk, verifier, publisher, {
      setBasis: [{ docId: 'law-overdue', title: '《超期测试法》', article: '第一条' }],
    });
    assert.equal(
      (
        await postForm(verifier, '/console/legal/events', {
          docId: 'law-overdue',
          kind: 'repealed',
          effectiveOn: '2024-03-04',
        })
      ).statusCode,
      303,
    );
    const obligation = await t.ctx.db.kysely
      .selectFrom('obligations as o')
      .innerJoin('legal_events as e', 'e.id', 'o.source_id')
      .select('o.id')
      .where('e.doc_id', '=', 'law-overdue')
      .executeTakeFirstOrThrow();
    t.clock.set('2024-03-25T02:00:00.000Z');
    // Sessions do not survive three weeks: sign in again.
    const supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.35.0.120');
    for (const page of ['/console/supervision', '/console/work']) {
      const body = (await supervisor.get(page)).body;
      const link = new RegExp(`href="(/console/obligations\\?unitId=${unit.id}&amp;overdue=true)">(\\d+)</a>`).exec(
        body,
      );
      assert.ok(link, `${page} links the unit's overdue obligations`);
      assert.equal(link[2], '1');
      assert.doesNotMatch(
        body,
        new RegExp(`/console/changes\\?unitId=${unit.id}`),
        `${page}: no change request of that unit is overdue, so no link to them`,
      );
      const list = await supervisor.get(link[1]!.replace(/&amp;/g, '&'));
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /共 1 项/);
      assert.match(list.body, new RegExp(`href="/console/obligations/${obligation.id}"`));
    }
  });
});
