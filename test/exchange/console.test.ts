import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { trackImport } from '../../src/exchange/import-progress.js';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';

const boundary = '----shixiangexchange';
const upload = (client: Client, url: string, name: string, text: string, fields: Record<string, string> = {}) =>
  client.request(
    'POST',
    url,
    [
      `--${boundary}`,
      'Content-Disposition: form-data; name="_csrf"',
      '',
      client.csrf,
      ...Object.entries(fields).flatMap(([k, v]) => [
        `--${boundary}`,
        `Content-Disposition: form-data; name="${k}"`,
        '',
        v,
      ]),
      `--${boundary}`,
      `Content-Disposition: form-data; name="file"; filename="${name}"`,
      'Content-Type: application/octet-stream',
      '',
      text,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
    { 'content-type': `multipart/form-data; boundary=${boundary}` },
  );

for (const dialect of testDialects()) {
  describe(`[${dialect}] console: 导入导出 page`, () => {
    let t: TestContext;
    let app: App;
    let clerk: Client;
    let verifier: Client;
    let line: (uscc: string, i: number) => string;
    let own: string;
    let other: string;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      const [u1, u2] = [await makeUnit(t.ctx), await makeUnit(t.ctx)];
      own = u1.uscc;
      other = u2.uscc;
      line = (uscc, i) => {
        const catalogCode = `00011705400${i}`;
        return JSON.stringify({
          taskCode: composeTaskCode({ uscc, level: t.ctx.config.jurisdiction.level, catalogCode }),
          granularity: 'main',
          content: licenceContent({ name: `控制台导入${i}`, catalogCode }),
        });
      };
      clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], u1.id), t.clock, '10.6.0.1');
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.6.0.2');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it("a clerk downloads the template and imports own items: dry run, then apply; another unit's item is refused with nothing written", async () => {
      const pageRes = await clerk.get('/console/exchange');
      assert.equal(pageRes.statusCode, 200);
      assert.match(pageRes.body, /批量导入/);
      assert.doesNotMatch(pageRes.body, /与省级系统对账|初始迁移/);
      const template = await clerk.get('/console/exchange/template.xlsx');
      assert.equal(template.statusCode, 200);
      assert.match(String(template.headers['content-type']), /spreadsheetml/);
      assert.equal(template.rawPayload.subarray(0, 2).toString(), 'PK');

      const dry = await upload(clerk, '/console/exchange/import', 'items.jsonl', line(own, 1));
      assert.equal(dry.statusCode, 200, dry.body);
      assert.match(dry.body, /试导入（未写入任何数据）：新增 1 项/);
      const applied = await upload(clerk, '/console/exchange/import', 'items.jsonl', line(own, 1), { apply: '1' });
      assert.match(applied.body, /已导入：新增 1 项/);

      const refused = await upload(
        clerk,
        '/console/exchange/import',
        'items.jsonl',
        `${line(own, 2)}\n${line(other, 3)}`,
        { apply: '1' },
      );
      assert.equal(refused.statusCode, 400);
      assert.match(
        refused.body,
        /JSON Lines 第2行 「实施编码」：实施编码前18位的统一社会信用代码 \w+ 没有对应的本单位实施单位/,
      );
      const names = await t.ctx.db.kysely.selectFrom('items').select('name').execute();
      assert.deepEqual(
        names.map((n) => n.name),
        ['控制台导入1'],
      );
    });

    it('progress: the form carries a token and loads the polling script; the poll answers only the importing account, while it runs', async () => {
      const pageRes = await clerk.get('/console/exchange');
      const token = /name="progress" value="([0-9A-Za-z_-]+)"/.exec(pageRes.body)?.[1];
      assert.ok(token, 'the upload form carries a progress token');
      assert.match(pageRes.body, /<script src="\/static\/exchange\.js" defer><\/script>/);
      assert.match(pageRes.body, /id="import-progress"[^>]*role="status"/);
      // Nothing runs under this token (yet, or any more): 404; the import itself with the token works as before.
      assert.equal((await clerk.get(`/console/exchange/import/progress?token=${token}`)).statusCode, 404);
      const dry = await upload(clerk, '/console/exchange/import', 'items.jsonl', line(own, 5), { progress: token! });
      assert.equal(dry.statusCode, 200, dry.body);
      assert.equal((await clerk.get(`/console/exchange/import/progress?token=${token}`)).statusCode, 404);
      // While an import runs (tracked as the upload route does): its account sees the counts, another does not.
      const clerkId = (
        await t.ctx.db.kysely
          .selectFrom('users')
          .select('id')
          .where('roles', 'like', '%unit_clerk%')
          .executeTakeFirstOrThrow()
      ).id;
      const tracked = trackImport(token!, clerkId);
      tracked.onProgress(500, 2000);
      const polled = await clerk.get(`/console/exchange/import/progress?token=${token}`);
      assert.equal(polled.statusCode, 200);
      assert.deepEqual({ ...JSON.parse(polled.body), rate: 0, eta: 0 }, { done: 500, total: 2000, rate: 0, eta: 0 });
      assert.equal((await verifier.get(`/console/exchange/import/progress?token=${token}`)).statusCode, 404);
      tracked.end();
      assert.equal((await clerk.get(`/console/exchange/import/progress?token=${token}`)).statusCode, 404);
    });

    it('the centre exports JSON Lines and reconciles a provincial file', async () => {
      const exported = await verifier.get('/console/exchange/export?format=jsonl');
      assert.equal(exported.statusCode, 200);
      assert.equal(exported.body.trim().split('\n').length, 1);
      const rec = await upload(verifier, '/console/exchange/reconcile', 'province.jsonl', line(other, 4));
      assert.equal(rec.statusCode, 200, rec.body);
      assert.match(rec.body, /仅本系统有 0 项，仅省级系统有 1 项/);
    });

    it('the sample files: the workbook imports cleanly for the clerk; the provincial sample reconciles', async () => {
      const sample = await clerk.get('/console/exchange/sample.xlsx');
      assert.equal(sample.statusCode, 200);
      const boundaryBuf = (name: string) =>
        Buffer.from(
          [
            `--${boundary}`,
            'Content-Disposition: form-data; name="_csrf"',
            '',
            clerk.csrf,
            `--${boundary}`,
            `Content-Disposition: form-data; name="file"; filename="${name}"`,
            'Content-Type: application/octet-stream',
            '',
            '',
          ].join('\r\n'),
        );
      const body = Buffer.concat([
        boundaryBuf('sample.xlsx'),
        sample.rawPayload,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const dry = await clerk.request('POST', '/console/exchange/import', body, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
      assert.equal(dry.statusCode, 200, dry.body);
      assert.match(dry.body, /试导入（未写入任何数据）：新增 1 项/);
      assert.equal((await verifier.get('/console/exchange/sample-province.json')).statusCode, 200);
    });
  });
}
