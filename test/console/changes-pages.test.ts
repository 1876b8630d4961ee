import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Client } from '../support/client.js';
import type { TestContext } from '../support/context.js';
import { licenceContent } from '../support/factories.js';
import { freshCode, oneUnitDistrict, publishedItem } from '../support/workflow.js';

/** Change requests of every kind from the console forms (the API tests cover the rules; these the forms). */
describe('[sqlite] console: change-request forms', () => {
  const fixture = oneUnitDistrict({ dialect: 'sqlite', now: '2026-03-03T02:00:00.000Z', ipBase: '10.6.5' });
  let t: TestContext;
  let clerk: Client;
  let verifier: Client;
  let publisher: Client;
  before(() => void ({ t, clerk, verifier, publisher } = fixture));

  const published = async (catalogCode: string, name: string) =>
    (await publishedItem(clerk, verifier, publisher, { catalogCode, name })).id;
  const lineage = async (crId: string) =>
    (await clerk.get(`/api/v1/changes/${crId}`)).json().lineage as Array<{
      role: string;
      itemId: string;
      name: string;
    }>;
  // The list is ordered by urgency, so find the newest by creation time (the test clock moves a second per request below).
  const latestChange = async () => {
    const all = (await clerk.get('/api/v1/changes?pageSize=100')).json().changes as Array<{
      id: string;
      createdAt: string;
    }>;
    const [newest] = [...all].sort((x, y) => y.createdAt.localeCompare(x.createdAt));
    assert.ok(newest, 'a change request exists');
    return newest;
  };

  it('新增 with a chosen item type', async () => {
    const res = await clerk.form('/console/changes/new', {
      kind: 'add',
      ground: 'art17.1',
      groundArisenOn: '2026-03-02',
      'newItems[0][name]': '新设事项',
      'newItems[0][catalogCode]': '000117151000',
      'newItems[0][type]': '07',
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.match(String(res.headers.location), /\/edit\?msg=change_created$/);
    const item = await t.ctx.db.kysely
      .selectFrom('items')
      .select(['type', 'name'])
      .where('catalog_code', '=', '000117151000')
      .executeTakeFirstOrThrow();
    assert.deepEqual(item, { type: '07', name: '新设事项' });
  });

  it('impossible calendar dates are refused as such (form and API), not stored or called 晚于今天', async () => {
    const code = freshCode();
    const base = {
      kind: 'add',
      ground: 'art17.1',
      'newItems[0][name]': '日期校验',
      'newItems[0][catalogCode]': code,
      'newItems[0][type]': '07',
    };
    const badArisen = await clerk.form('/console/changes/new', { ...base, groundArisenOn: '2026-13-45' });
    assert.equal(badArisen.statusCode, 400);
    assert.match(badArisen.body, /事由发生日期不是有效日期/);
    assert.doesNotMatch(badArisen.body, /不能晚于今天/);
    const badEffective = await clerk.form('/console/changes/new', {
      ...base,
      groundArisenOn: '2026-03-02',
      docTitle: '婚姻登记工作规范',
      docEffective: '2026-99-99',
    });
    assert.equal(badEffective.statusCode, 400);
    assert.match(badEffective.body, /依据文件生效日期不是有效日期/);
    const api = await clerk.post('/api/v1/changes', {
      kind: 'add',
      ground: 'art17.1',
      groundArisenOn: '2026-03-02',
      groundDocument: { title: '婚姻登记工作规范', effectiveDate: '2026-02-30' },
      newItems: [{ granularity: 'main', content: licenceContent({ catalogCode: code }) }],
    });
    assert.equal(api.statusCode, 400, api.body);
    const stored = await t.ctx.db.kysely
      .selectFrom('change_requests')
      .select('id')
      .where('ground_document', 'like', '%2026-99-99%')
      .execute();
    assert.deepEqual(stored, []);
  });

  it('依据文件 reads as cited: 《名称》（文号），条款，日期 起施行', async () => {
    const res = await clerk.form('/console/changes/new', {
      kind: 'add',
      ground: 'art17.1',
      groundArisenOn: '2026-03-02',
      'newItems[0][name]': '依据显示',
      'newItems[0][catalogCode]': freshCode(),
      'newItems[0][type]': '07',
      docNo: '民政部令第1号',
      docTitle: '婚姻登记工作规范',
      docArticle: '第五条',
      docEffective: '2026-02-25',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const cr = await t.ctx.db.kysely
      .selectFrom('change_requests')
      .select('id')
      .where('ground_document', 'like', '%民政部令第1号%')
      .executeTakeFirstOrThrow();
    const page = await clerk.get(`/console/changes/${cr.id}`);
    assert.match(page.body, /《婚姻登记工作规范》（民政部令第1号），第五条，2026-02-25 起施行/);
    const edit = await clerk.get(String(res.headers.location).replace(/\?.*$/, ''));
    assert.match(edit.body, /《婚姻登记工作规范》（民政部令第1号），第五条，2026-02-25 起施行/);
  });

  it('调整申请 status and deadline stay truthful after 撤销 and after 撤回 of a submitted version', async () => {
    const open = await clerk.post('/api/v1/changes', {
      kind: 'add',
      ground: 'art17.1',
      groundArisenOn: '2026-03-02',
      newItems: [{ granularity: 'main', content: licenceContent({ catalogCode: freshCode() }) }],
    });
    assert.equal(open.statusCode, 201, open.body);
    assert.equal((await clerk.post(`/api/v1/changes/${open.json().id}/withdraw`, {})).statusCode, 200);
    const withdrawn = await clerk.get(`/console/changes/${open.json().id}`);
    assert.match(withdrawn.body, /已撤销，不再计算期限/);
    assert.doesNotMatch(withdrawn.body, /已于 — 提交/);

    const item = await published(freshCode(), '撤回取消');
    const cancel = await clerk.post('/api/v1/changes', {
      kind: 'cancel',
      itemId: item,
      ground: 'art16.1',
      groundArisenOn: '2026-03-02',
    });
    assert.equal(cancel.statusCode, 201, cancel.body);
    assert.equal((await clerk.post(`/api/v1/items/${item}/submit`, { attestation: true })).statusCode, 200);
    assert.match((await clerk.get(`/console/changes/${cancel.json().id}`)).body, /<dd>审核中<\/dd>/);
    assert.equal((await clerk.post(`/api/v1/items/${item}/withdraw`, {})).statusCode, 200);
    const back = await clerk.get(`/console/changes/${cancel.json().id}`);
    assert.doesNotMatch(back.body, /<dd>审核中<\/dd>/, 'the version is back in draft: nothing is under review');
    assert.match(back.body, /尚有 1 个事项待提交/);
  });

  it('合并 request page lists every item still to submit, with its state', async () => {
    const a = await published(freshCode(), '丙');
    const b = await published(freshCode(), '丁');
    const cr = await clerk.post('/api/v1/changes', {
      kind: 'merge',
      sourceItemIds: [a, b],
      ground: 'art18.2',
      groundArisenOn: '2026-03-02',
      newItems: [{ granularity: 'main', content: licenceContent({ catalogCode: freshCode(), name: '丙丁合并' }) }],
    });
    assert.equal(cr.statusCode, 201, cr.body);
    assert.equal((await clerk.post(`/api/v1/items/${a}/submit`, { attestation: true })).statusCode, 200);
    const page = await clerk.get(`/console/changes/${cr.json().id}`);
    assert.match(page.body, /合并须将以下每个事项都提交核验/);
    assert.match(page.body, /丙<\/a> <span class="badge badge-submitted">待核验/);
    assert.match(page.body, /丁<\/a> <span class="badge badge-draft">草稿/);
    assert.match(page.body, /尚有 2 个事项待提交/);
  });

  it('the confirmation of a 取消 version, or of a merge source, says confirming will cancel the item', async () => {
    const item = await published(freshCode(), '将取消');
    assert.equal(
      (
        await clerk.post('/api/v1/changes', {
          kind: 'cancel',
          itemId: item,
          ground: 'art16.1',
          groundArisenOn: '2026-03-02',
        })
      ).statusCode,
      201,
    );
    const submit = await clerk.get(`/console/items/${item}/act/submit`);
    assert.match(submit.body, /发布后该事项将被取消/);
    await clerk.post(`/api/v1/items/${item}/submit`, { attestation: true });
    assert.match((await verifier.get(`/console/items/${item}/act/verify`)).body, /发布后该事项将被取消/);
    const a = await published(freshCode(), '戊');
    const b = await published(freshCode(), '己');
    assert.equal(
      (
        await clerk.post('/api/v1/changes', {
          kind: 'merge',
          sourceItemIds: [a, b],
          ground: 'art18.2',
          groundArisenOn: '2026-03-02',
          newItems: [{ granularity: 'main', content: licenceContent({ catalogCode: freshCode(), name: '戊己合并' }) }],
        })
      ).statusCode,
      201,
    );
    assert.match(
      (await clerk.get(`/console/items/${a}/act/submit`)).body,
      /合并的原事项）：<\/strong>内容与已发布版本相同，发布后该事项将被取消/,
    );
  });

  it('新增 without a name for the new item says the name is required', async () => {
    for (const [name, catalogCode] of [
      ['', ''],
      ['', '000117159000'],
      ['  ', '000117159000'],
    ] as const) {
      const res = await clerk.form('/console/changes/new', {
        kind: 'add',
        ground: 'art17.1',
        groundArisenOn: '2026-03-02',
        'newItems[0][name]': name,
        'newItems[0][catalogCode]': catalogCode,
        'newItems[0][type]': '07',
      });
      assert.equal(res.statusCode, 400, `${JSON.stringify([name, catalogCode])}: ${res.body.slice(0, 300)}`);
      assert.match(res.body, /新事项 1 名称不能为空/);
      assert.doesNotMatch(res.body, /须提供 1 个新事项/);
    }
  });

  it("合并 from the form: chosen sources, one new item starting from the first source's content", async () => {
    const a = await published('000117152000', '甲');
    const b = await published('000117153000', '乙');
    const page = await clerk.get(`/console/changes/new?itemId=${a}&kind=merge`);
    assert.match(page.body, /name="sourceItemIds\[\]" value="[^"]+" checked/);
    t.clock.advance(1000);
    const res = await clerk.form('/console/changes/new', {
      kind: 'merge',
      itemId: a,
      'sourceItemIds[]': [a, b],
      ground: 'art18.2',
      groundArisenOn: '2026-03-02',
      'newItems[0][name]': '甲乙合并',
      'newItems[0][catalogCode]': '000117154000',
    });
    assert.equal(res.statusCode, 303, res.body);
    const cr = await latestChange();
    const l = await lineage(cr.id);
    assert.deepEqual(
      l
        .filter((x) => x.role === 'source')
        .map((x) => x.itemId)
        .sort(),
      [a, b].sort(),
    );
    const target = l.find((x) => x.role === 'target')!;
    assert.equal(target.name, '甲乙合并');
    const detail = (await clerk.get(`/api/v1/items/${target.itemId}`)).json();
    assert.equal(
      detail.content.acceptCondition,
      licenceContent().acceptCondition,
      "the new item starts from the source's content",
    );
    assert.ok(licenceContent().online, 'the fixture has online-handling links');
    assert.equal(
      detail.content.online,
      undefined,
      "but not the old item's online-handling links: the clerk sets them for the new item",
    );
  });

  it('拆分 from the form: blank rows are ignored; fewer than two new items is refused with the form kept', async () => {
    const s = await published('000117155000', '丙');
    const one = await clerk.form('/console/changes/new', {
      kind: 'split',
      itemId: s,
      ground: 'art18.2',
      groundArisenOn: '2026-03-02',
      'newItems[0][name]': '丙一',
      'newItems[0][catalogCode]': '000117156000',
      'newItems[1][name]': '',
      'newItems[1][catalogCode]': '',
    });
    assert.equal(one.statusCode, 400);
    assert.match(one.body, /丙一/);
    t.clock.advance(1000);
    const two = await clerk.form('/console/changes/new', {
      kind: 'split',
      itemId: s,
      ground: 'art18.2',
      groundArisenOn: '2026-03-02',
      'newItems[0][name]': '丙一',
      'newItems[0][catalogCode]': '000117156000',
      'newItems[1][name]': '丙二',
      'newItems[1][catalogCode]': '000117157000',
    });
    assert.equal(two.statusCode, 303, two.body);
    const cr = await latestChange();
    assert.equal((await lineage(cr.id)).filter((x) => x.role === 'target').length, 2);
  });

  it('拆分 of a 子项 from the form: 业务办理项 under it by default, codes derived, online channel only when the clerk confirms it', async () => {
    const mainCode = freshCode();
    const main = await published(mainCode, '取水许可');
    const subCode = freshCode();
    const sub = (
      await clerk.post('/api/v1/items', {
        granularity: 'sub',
        parentId: main,
        content: licenceContent({
          catalogCode: subCode,
          name: '取水许可（地表水）',
          online: { channel: 'own', url: 'https://old.example.gov.cn/qs' },
        }),
      })
    ).json();
    for (const step of ['submit']) await clerk.post(`/api/v1/items/${sub.id}/${step}`, { attestation: true });
    await verifier.post(`/api/v1/items/${sub.id}/verify`, {});
    await publisher.post(`/api/v1/items/${sub.id}/publish`, {});
    const page = await clerk.get(`/console/changes/new?itemId=${sub.id}&kind=split`);
    assert.match(page.body, /<option value="handling" selected>/);
    assert.match(
      page.body,
      new RegExp(`<option value="${sub.id}" selected>取水许可（地表水）（子项，${sub.taskCode}）`),
      'the 上级事项 picker shows names and codes',
    );
    assert.match(
      page.body,
      new RegExp(`name="newItems\\[0\\]\\[catalogCode\\]" pattern="\\[0-9A-Z\\]\\{12,17\\}" value="${subCode}"`),
      'the 基本编码 is reused',
    );
    assert.match(page.body, /网上办理沿用原事项的渠道「本单位网办系统」/);
    assert.match(page.body, /value="https:\/\/old\.example\.gov\.cn\/qs"/);
    t.clock.advance(1000);
    const res = await clerk.form('/console/changes/new', {
      kind: 'split',
      itemId: sub.id,
      ground: 'art18.2',
      groundArisenOn: '2026-03-02',
      'newItems[0][name]': '取水许可（地表水）（变更）',
      'newItems[0][granularity]': 'handling',
      'newItems[0][parentId]': sub.id,
      'newItems[0][catalogCode]': '',
      'newItems[0][onlineConfirmed]': '1',
      'newItems[0][onlineUrl]': 'https://new.example.gov.cn/qs-bg',
      'newItems[1][name]': '取水许可（地表水）（延续）',
      'newItems[1][granularity]': 'handling',
      'newItems[1][parentId]': sub.id,
      'newItems[1][catalogCode]': subCode,
      'newItems[1][onlineUrl]': 'https://old.example.gov.cn/qs',
    });
    assert.equal(res.statusCode, 303, res.body);
    const l = await lineage((await latestChange()).id);
    assert.deepEqual(
      l.filter((x) => x.role === 'parent').map((x) => x.itemId),
      [sub.id],
    );
    const targets = await Promise.all(
      l.filter((x) => x.role === 'target').map(async (x) => (await clerk.get(`/api/v1/items/${x.itemId}`)).json()),
    );
    const [changed, extended] = targets.sort((x, y) => x.handlingCode.localeCompare(y.handlingCode));
    assert.deepEqual(
      [changed.granularity, changed.parentId, changed.handlingCode, extended.handlingCode],
      ['handling', sub.id, `${sub.taskCode}01`, `${sub.taskCode}02`],
    );
    assert.deepEqual(
      changed.content.online,
      { channel: 'own', url: 'https://new.example.gov.cn/qs-bg' },
      'confirmed, with the address the clerk set',
    );
    assert.equal(extended.content.online, undefined, 'not confirmed: nothing copied');
  });

  it('a withdrawn 拆分 leaves its never-published new items readable (no 500): shown as withdrawn, not editable', async () => {
    const s = await published('000117159000', '戊');
    t.clock.advance(1000);
    await clerk.form('/console/changes/new', {
      kind: 'split',
      itemId: s,
      ground: 'art18.2',
      groundArisenOn: '2026-03-02',
      'newItems[0][name]': '戊一',
      'newItems[0][catalogCode]': '000117160000',
      'newItems[1][name]': '戊二',
      'newItems[1][catalogCode]': '000117161000',
    });
    const cr = await latestChange();
    const targets = (await lineage(cr.id)).filter((x) => x.role === 'target');
    assert.equal((await clerk.form(`/console/changes/${cr.id}/withdraw`, {})).statusCode, 303);
    for (const target of targets) {
      const page = await clerk.get(`/console/items/${target.itemId}`);
      assert.equal(page.statusCode, 200, page.body.slice(0, 500));
      assert.match(page.body, /已撤回/);
      assert.equal((await clerk.get(`/api/v1/items/${target.itemId}`)).statusCode, 200);
      assert.ok((await clerk.get(`/console/items/${target.itemId}/edit`)).statusCode < 500);
      assert.equal((await clerk.post(`/api/v1/items/${target.itemId}/submit`, { attestation: true })).statusCode, 409);
    }
  });

  it('撤销 asks for confirmation first', async () => {
    const x = await published('000117158000', '丁');
    t.clock.advance(1000);
    await clerk.form('/console/changes/new', {
      kind: 'change',
      itemId: x,
      ground: 'art18.3',
      groundArisenOn: '2026-03-02',
    });
    const cr = await latestChange();
    const confirm = await clerk.get(`/console/changes/${cr.id}/withdraw`);
    assert.match(confirm.body, /确认撤销/);
    assert.equal(
      (await clerk.get(`/api/v1/changes/${cr.id}`)).json().status,
      'open',
      'viewing the confirmation changes nothing',
    );
    const done = await clerk.form(`/console/changes/${cr.id}/withdraw`, {});
    assert.equal(done.statusCode, 303);
    assert.equal((await clerk.get(`/api/v1/changes/${cr.id}`)).json().status, 'withdrawn');
  });
});

/** The confirmation pages of item transitions: bad input is a page with a Chinese message, never a 500 or a field key. */
describe('[sqlite] console: item transition forms', () => {
  const fixture = oneUnitDistrict({ dialect: 'sqlite', now: '2026-03-03T02:00:00.000Z', ipBase: '10.6.6' });
  let t: TestContext;
  let clerk: Client;
  let verifier: Client;
  let publisher: Client;
  before(() => void ({ t, clerk, verifier, publisher } = fixture));

  const submitted = async () => {
    const created = await clerk.post('/api/v1/items', {
      granularity: 'main',
      content: licenceContent({ catalogCode: freshCode() }),
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(
      (await clerk.post(`/api/v1/items/${created.json().id}/submit`, { attestation: true })).statusCode,
      200,
    );
    return created.json().id as string;
  };

  it('退回 without a comment names what is missing, not the field key', async () => {
    const id = await submitted();
    const res = await verifier.form(`/console/items/${id}/act/return`, { comment: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /退回时必须填写意见/);
    assert.doesNotMatch(res.body, /comment[:：]/);
  });

  it('定时发布: a malformed time is a 400 with a Chinese message; a datetime-local value with seconds is accepted as China time', async () => {
    const id = await submitted();
    assert.equal((await verifier.post(`/api/v1/items/${id}/verify`, {})).statusCode, 200);
    for (const publishAt of ['garbage', '2026-12-01', '2026-02-30T08:00', '2026-12-01T24:00']) {
      const res = await publisher.form(`/console/items/${id}/act/schedule`, { publishAt });
      assert.equal(res.statusCode, 400, `${publishAt}: ${res.body.slice(0, 200)}`);
      assert.match(res.body, /生效时间格式不正确/);
      assert.doesNotMatch(res.body, /publishAt[:：]/);
    }
    const past = await publisher.form(`/console/items/${id}/act/schedule`, { publishAt: '2026-03-01T08:00' });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /生效时间须晚于当前时间/);
    assert.doesNotMatch(past.body, /publishAt[:：]/);
    const ok = await publisher.form(`/console/items/${id}/act/schedule`, { publishAt: '2026-12-01T08:00:30' });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
    const row = await t.ctx.db.kysely
      .selectFrom('item_versions')
      .select('publish_at')
      .where('item_id', '=', id)
      .where('publish_at', 'is not', null)
      .executeTakeFirstOrThrow();
    assert.equal(row.publish_at, '2026-12-01T00:00:30.000Z');
  });

  it('the detail page gives the publication time in China time, not as an ISO instant', async () => {
    const { id } = await publishedItem(clerk, verifier, publisher);
    const page = await clerk.get(`/console/items/${id}`);
    assert.match(page.body, /已发布版本<\/dt><dd>第 1 版，发布于 2026-03-03 10:00/);
    assert.doesNotMatch(page.body, /\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });
});
