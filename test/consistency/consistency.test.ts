import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';

const basis = (article: string) => [{ title: '《中华人民共和国一致性测试法》', article }];

for (const dialect of testDialects()) {
  describe(`[${dialect}] Art. 8 consistency report`, () => {
    let t: TestContext;
    let app: App;
    let verifier: Client;
    let supervisor: Client;
    const clerks: Client[] = [];
    const unitIds: string[] = [];
    const ids: Record<string, string> = {};

    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      for (const [i, region] of ['140603', '140602', '140621'].entries()) {
        const unit = await makeUnit(t.ctx, { region_code: region });
        unitIds.push(unit.id);
        clerks.push(
          await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, `10.33.0.${i + 1}`),
        );
      }
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.33.0.101');
      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.33.0.102');

      const entry = async (code: string, name: string, status = 'active') => {
        const res = await verifier.put(`/api/v1/catalogue/${code}`, {
          catalogCode: code,
          name,
          type: '01',
          setBasis: basis('第一条'),
          useLevels: ['4'],
          sourceLevel: '2',
          status,
        });
        assert.equal(res.statusCode, 200, res.body);
      };
      await entry('CSA000000001', '甲许可');
      await entry('CSA000000002', '乙许可');
      await entry('CSA000000003', '丙许可');
      await entry('CSA000000004', '丁许可', 'cancelled');
      await entry('CSA000000005', '戊许可');

      const item = async (
        key: string,
        unit: number,
        code: string,
        name: string,
        extra: Record<string, unknown> = {},
      ) => {
        const res = await clerks[unit]!.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: code, name, setBasis: basis('第一条'), ...extra }),
        });
        assert.equal(res.statusCode, 201, res.body);
        ids[key] = res.json().id;
      };
      // Consistent with the catalogue and with each other, in three regions.
      await item('ok1', 0, 'CSA000000001', '甲许可');
      await item('ok2', 1, 'CSA000000001', '甲许可');
      await item('ok3', 2, 'CSA000000002', '乙许可');
      await item('ok4', 0, 'CSA000000003', '丙许可');
      // Injected inconsistencies.
      await item('nameMismatch', 1, 'CSA000000002', '乙许可（试行）');
      await item('typeMismatch', 2, 'CSA000000003', '丙许可', { type: '07' });
      await item('basisMismatch', 0, 'CSA000000002', '乙许可', { setBasis: basis('第二条') });
      await item('entryCancelled', 1, 'CSA000000004', '丁许可');
      await item('nameConflictA', 0, 'CSX000000001', '己许可');
      await item('nameConflictB', 1, 'CSX000000001', '己许可（新）');
      await item('typeConflictA', 0, 'CSX000000002', '庚许可');
      await item('typeConflictB', 2, 'CSX000000002', '庚许可', { type: '07' });
      await item('basisConflictA', 1, 'CSX000000003', '辛许可');
      await item('basisConflictB', 2, 'CSX000000003', '辛许可', { setBasis: basis('第三条') });
      await item('codeConflictA', 0, 'CSX000000004', '壬许可');
      await item('codeConflictB', 1, 'CSX000000005', '壬许可');
      await item('codeMismatch', 2, 'CSX000000006', '戊许可');
      await item('formula', 2, 'CSX000000007', '=HYPERLINK("http://evil.example")');
      // Not examined: a 业务办理项 (its own name under its parent's code) and a cancelled item.
      const handling = await clerks[0]!.post('/api/v1/items', {
        granularity: 'handling',
        parentId: ids.ok1,
        handlingCode: '01',
        content: licenceContent({ catalogCode: 'CSA000000001', name: '甲许可（新办）', setBasis: basis('第一条') }),
      });
      assert.equal(handling.statusCode, 201, handling.body);
      await item('cancelled', 2, 'CSA000000001', '甲许可（旧）');
      await t.ctx.db.kysely
        .updateTable('items')
        .set({ life_state: 'cancelled' })
        .where('id', '=', ids.cancelled!)
        .execute();
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('finds every injected inconsistency and nothing else, grouped by unit', async () => {
      assert.equal(
        (await clerks[0]!.get('/api/v1/consistency')).statusCode,
        403,
        'units do not read the district report',
      );
      const res = await supervisor.get('/api/v1/consistency');
      assert.equal(res.statusCode, 200, res.body);
      const report = res.json();
      const found = new Set<string>();
      const keyOf = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
      for (const u of report.units) {
        for (const f of u.findings) {
          found.add(`${f.kind}:${keyOf.get(f.itemId)}`);
          assert.ok(f.link.endsWith(f.itemId), 'each finding links to the item to fix');
          assert.ok(unitIds.includes(u.unitId));
        }
      }
      const expected = [
        'name_mismatch:nameMismatch',
        'type_mismatch:typeMismatch',
        'basis_mismatch:basisMismatch',
        'entry_cancelled:entryCancelled',
        'name_conflict:nameConflictA',
        'name_conflict:nameConflictB',
        'type_conflict:typeConflictA',
        'type_conflict:typeConflictB',
        'basis_conflict:basisConflictA',
        'basis_conflict:basisConflictB',
        'code_conflict:codeConflictA',
        'code_conflict:codeConflictB',
        'code_mismatch:codeMismatch',
        ...[
          'nameConflictA',
          'nameConflictB',
          'typeConflictA',
          'typeConflictB',
          'basisConflictA',
          'basisConflictB',
          'codeConflictA',
          'codeConflictB',
          'codeMismatch',
          'formula',
        ].map((k) => `no_base_entry:${k}`),
      ];
      assert.deepEqual([...found].sort(), expected.sort());
      assert.equal(report.findingCount, expected.length);
      assert.equal(
        report.itemCount,
        18,
        '4 consistent + 14 injected; the 业务办理项 and the cancelled item are not examined',
      );
      assert.deepEqual(
        report.units.map((u: { regionCode: string }) => u.regionCode),
        ['140602', '140603', '140621'],
        'grouped by unit, regions in order',
      );
      const msg = report.units
        .flatMap((u: { findings: unknown[] }) => u.findings)
        .find((f: { kind: string }) => f.kind === 'name_mismatch').message;
      assert.match(msg, /乙许可（试行）.*乙许可/);
      const basisMsg = report.units
        .flatMap((u: { findings: unknown[] }) => u.findings)
        .find((f: { kind: string }) => f.kind === 'basis_mismatch').message;
      assert.match(
        basisMsg,
        /本事项为：《中华人民共和国一致性测试法》第二条；基本目录为：《中华人民共和国一致性测试法》第一条/,
        "both citations, the item's first",
      );

      const onlyUnit = (await supervisor.get(`/api/v1/consistency?unitId=${unitIds[1]}&kind=name_conflict`)).json();
      assert.deepEqual(
        onlyUnit.units.flatMap((u: { findings: Array<{ itemId: string }> }) =>
          u.findings.map((f) => keyOf.get(f.itemId)),
        ),
        ['nameConflictB'],
      );
    });

    it('exports CSV with a BOM, one line per finding and formula injection neutralised', async () => {
      const res = await verifier.get('/api/v1/consistency/export');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/csv/);
      const body = res.rawPayload.toString('utf8');
      assert.ok(body.startsWith('\uFEFF行政区划,实施单位,事项名称,实施编码,基本编码,问题,说明,修正链接\r\n'));
      assert.ok(body.includes(`"'=HYPERLINK(""http://evil.example"")"`), 'a cell starting with = is prefixed');
      assert.equal(body.split('\r\n').filter(Boolean).length, 1 + 23);
    });
  });
}
