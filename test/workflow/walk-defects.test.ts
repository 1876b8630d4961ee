import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { App } from '../../src/http/app.js';
import type { Client } from '../support/client.js';
import { testDialects } from '../support/context.js';
import { licenceContent } from '../support/factories.js';
import { freshCode, oneUnitDistrict, passWorkflow } from '../support/workflow.js';
import { lawBody } from '../legal/support.js';

/** Defects seen walking the workflow as every role (issue 13), each pinned by a test. */
for (const dialect of testDialects()) {
  describe(`[${dialect}] defects seen walking the workflow`, () => {
    const fixture = oneUnitDistrict({ dialect, now: '2026-03-03T02:00:00.000Z', ipBase: '10.13.6' });
    let app: App;
    let clerk: Client;
    let verifier: Client;
    let publisher: Client;
    before(() => void ({ app, clerk, verifier, publisher } = fixture));

    const portal = (url: string) => app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

    it('public version numbers count publications: a first publication after a return is 第 1 版', async () => {
      const created = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode(), name: '版本号测试许可' }),
        })
      ).json();
      await clerk.post(`/api/v1/items/${created.id}/submit`, { attestation: true });
      const returned = await verifier.post(`/api/v1/items/${created.id}/return`, { comment: '请补充' });
      await clerk.put(`/api/v1/items/${created.id}`, {
        version: returned.json().version,
        content: licenceContent({ catalogCode: created.catalogCode, name: '版本号测试许可', faqs: [] }),
      });
      await passWorkflow(created.id, clerk, verifier, publisher);
      assert.ok(
        (await clerk.get(`/api/v1/items/${created.id}/versions`)).json().versions.length >= 2,
        'two internal versions',
      );
      const api = (
        await app.inject({
          method: 'GET',
          url: `/api/public/v1/items/${created.taskCode}`,
          headers: { host: 'zwfw.example.gov.cn' },
        })
      ).json();
      assert.equal(api.version, 1);
      // PUBLIC_BASE_URL is not set here: the API's links are relative, never http://localhost.
      assert.deepEqual(api.links, {
        guide: `/items/${created.taskCode}`,
        api: `/api/public/v1/items/${created.taskCode}`,
      });
      assert.match((await portal(`/items/${created.taskCode}`)).body, /本页为第 1 版办事指南/);
    });

    it("the portal's 404 page does not claim 当前发布序号 0", async () => {
      const res = await portal('/items/NOSUCHCODE');
      assert.equal(res.statusCode, 404);
      assert.doesNotMatch(res.body, /当前发布序号 <span class="seq" data-publication-seq="0">/);
    });

    it('register ids are not shown as text; a repealed 设定依据 is announced on the guide and in the public API; the obligation of a 业务办理项 names its code and its outcome', async () => {
      assert.equal(
        (await verifier.post('/api/v1/legal/documents', lawBody('law-walk-repealed', '中华人民共和国走查测试法')))
          .statusCode,
        201,
      );
      const setBasis = [{ docId: 'law-walk-repealed', title: '《中华人民共和国走查测试法》', article: '第十条' }];
      const code = freshCode();
      const main = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: code, name: '走查许可', setBasis }),
        })
      ).json();
      await passWorkflow(main.id, clerk, verifier, publisher);
      const handling = (
        await clerk.post('/api/v1/items', {
          granularity: 'handling',
          parentId: main.id,
          content: licenceContent({ catalogCode: code, name: '走查许可（延续）', setBasis }),
        })
      ).json();
      await passWorkflow(handling.id, clerk, verifier, publisher);
      const page = await clerk.get(`/console/items/${main.id}`);
      assert.doesNotMatch(page.body, />law-walk-repealed</, 'the register id is not what people read');
      assert.match(page.body, /href="\/console\/legal\/law-walk-repealed">已关联法律法规库（查看）</);

      const event = await verifier.post('/api/v1/legal/events', {
        docId: 'law-walk-repealed',
        kind: 'repealed',
        effectiveOn: '2026-03-02',
        noticeDocNo: '主席令第十号',
      });
      assert.equal(event.statusCode, 201, event.body);
      const api = (await app.inject({ method: 'GET', url: `/api/public/v1/items/${main.taskCode}` })).json();
      assert.equal(api.basisNotice, '设定依据《中华人民共和国走查测试法》已于 2026-03-02 废止，事项正在调整中');
      assert.match(
        (await portal(`/items/${main.taskCode}`)).body,
        /<p class="flash flash-info" role="note">设定依据《中华人民共和国走查测试法》已于 2026-03-02 废止，事项正在调整中<\/p>/,
      );

      const obligation = (await clerk.get(`/api/v1/obligations?itemId=${handling.id}`)).json().obligations[0];
      assert.equal(obligation.handlingCode, handling.handlingCode);
      assert.match(
        (await clerk.get(`/console/obligations/${obligation.id}`)).body,
        new RegExp(`业务办理项 <code>${handling.handlingCode}</code>`),
      );
      assert.equal((await clerk.post(`/api/v1/obligations/${obligation.id}/change`, {})).statusCode, 201);
      await passWorkflow(handling.id, clerk, verifier, publisher);
      const closed = (await clerk.get(`/console/obligations/${obligation.id}`)).body;
      assert.match(closed, /已完成，调整已发布/);
      assert.doesNotMatch(closed, /已发起/);
      // The worklist names the 业务办理项 by its own code and shows the closed state, not 已发起.
      const list = (await clerk.get(`/console/obligations?status=resolved`)).body;
      const row = list.slice(
        list.indexOf(`/console/obligations/${obligation.id}"`),
        list.indexOf('</tr>', list.indexOf(`/console/obligations/${obligation.id}"`)),
      );
      assert.match(
        row,
        new RegExp(`<code>${handling.taskCode}</code> / 业务办理项 <code>${handling.handlingCode}</code>`),
      );
      assert.match(row, /已办结/);
      assert.doesNotMatch(row, /已发起/);
    });

    it('the live check tells the edit page how many findings the typed content has (the 检查结果 box is not left stale)', async () => {
      const created = (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode(), name: '实时检查许可' }),
        })
      ).json();
      const res = await clerk.form(`/console/items/${created.id}/check`, {
        'content[name]': '实时检查许可',
        'content[type]': '01',
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.ok(body.summary.errors > 0, 'a content with most elements missing has errors');
      assert.equal(typeof body.summary.warnings, 'number');
    });
  });
}
