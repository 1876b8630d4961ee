import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';

const basis = [{ title: '《中华人民共和国编码测试法》', article: '第一条' }];

for (const dialect of testDialects()) {
  describe(`[${dialect}] Art. 8: 基本编码 checked against the loaded catalogue and across units`, () => {
    let t: TestContext;
    let app: App;
    let verifier: Client;
    let supervisor: Client;
    const clerks: Client[] = [];
    const names: string[] = [];

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-03-03T02:00:00.000Z');
      app = await buildApp(t.ctx);
      for (const i of [0, 1]) {
        const unit = await makeUnit(t.ctx, { region_code: '140603' });
        names.push(unit.name);
        clerks.push(
          await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, `10.13.3.${i + 1}`),
        );
      }
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.13.3.101');
      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.13.3.102');
      for (const [code, name] of [
        ['CDA000000001', '编码甲许可'],
        ['CDA000000002', '编码乙许可'],
      ]) {
        const res = await verifier.put(`/api/v1/catalogue/${code}`, {
          catalogCode: code,
          name,
          type: '01',
          setBasis: basis,
          useLevels: ['3', '4'],
          sourceLevel: '2',
          status: 'active',
        });
        assert.equal(res.statusCode, 200, res.body);
      }
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    const create = async (clerk: Client, catalogCode: string, name: string) => {
      const res = await clerk.post('/api/v1/items', {
        granularity: 'main',
        content: licenceContent({ catalogCode, name, setBasis: basis }),
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };

    it('an invented 基本编码 is refused at submission, unless a divergence request is on record', async () => {
      const id = await create(clerks[0]!, 'CDZ000000001', '自编事项');
      const refused = await clerks[0]!.post(`/api/v1/items/${id}/submit`, { attestation: true });
      assert.equal(refused.statusCode, 422, refused.body);
      assert.ok(
        refused.json().error.details.findings.some((f: { rule: string }) => f.rule === 'legal.catalogue-code-known'),
      );
      const asked = await clerks[0]!.post('/api/v1/catalogue/divergences', {
        itemId: id,
        field: 'catalogCode',
        proposed: 'CDZ000000001',
        reason: '上级尚未赋码，本事项依据省政府文件新设',
      });
      assert.equal(asked.statusCode, 201, asked.body);
      assert.equal((await clerks[0]!.post(`/api/v1/items/${id}/submit`, { attestation: true })).statusCode, 200);
    });

    it('a code the catalogue no longer holds is refused at verification', async () => {
      const id = await create(clerks[0]!, 'CDA000000002', '编码乙许可');
      assert.equal((await clerks[0]!.post(`/api/v1/items/${id}/submit`, { attestation: true })).statusCode, 200);
      // The upper level withdrew the entry after submission (a new catalogue version without it).
      await t.ctx.db.kysely.deleteFrom('catalogue_entries').where('catalog_code', '=', 'CDA000000002').execute();
      const res = await verifier.post(`/api/v1/items/${id}/verify`, {});
      assert.equal(res.statusCode, 422, res.body);
      assert.match(res.json().error.message, /基本编码「CDA000000002」不在已导入的基本目录中/);
    });

    it('the same 基本编码 in two units of one district: a warning on the item and a report line naming both items', async () => {
      const a = await create(clerks[0]!, 'CDA000000001', '编码甲许可');
      const b = await create(clerks[1]!, 'CDA000000001', '编码甲许可');
      const findings = (await clerks[1]!.get(`/api/v1/items/${b}`)).json().findings as Array<{
        rule: string;
        severity: string;
        message: string;
      }>;
      const shared = findings.find((f) => f.rule === 'legal.catalogue-code-shared');
      assert.equal(shared?.severity, 'warning');
      assert.match(shared!.message, new RegExp(`${names[0]}「编码甲许可」`));
      const report = (await supervisor.get('/api/v1/consistency?kind=shared_code')).json();
      const lines = report.units.flatMap((u: { findings: Array<{ itemId: string; message: string }> }) => u.findings);
      const line = lines.find((l: { itemId: string }) => l.itemId === a);
      assert.match(
        line.message,
        new RegExp(`基本编码 CDA000000001 同时由本单位「编码甲许可」和 ${names[1]}「编码甲许可」 使用`),
      );
      assert.ok(lines.some((l: { itemId: string }) => l.itemId === b));
    });
  });
}
