import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { canonicalJson } from '../../src/shared/json.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import { fullContent } from '../support/full-content.js';

for (const dialect of testDialects()) {
  describe(`[${dialect}] items API`, () => {
    let t: TestContext;
    let app: App;
    let clerkA: Client;
    let clerkB: Client;
    let verifier: Client;
    let unitA: string;
    let unitB: string;

    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      unitA = (await makeUnit(t.ctx)).id;
      unitB = (await makeUnit(t.ctx)).id;
      clerkA = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitA), t.clock, '10.2.0.1');
      clerkB = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitB), t.clock, '10.2.0.2');
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.2.0.3');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('stores every element of domain.md §3.3 and reads it back unchanged', async () => {
      const content = fullContent();
      const created = await clerkA.post('/api/v1/items', { granularity: 'main', content });
      assert.equal(created.statusCode, 201, created.body);
      const back = await clerkA.get(`/api/v1/items/${created.json().id}`);
      assert.equal(canonicalJson(back.json().content), canonicalJson(content));
      const updated = await clerkA.put(`/api/v1/items/${created.json().id}`, { version: back.json().version, content });
      assert.equal(canonicalJson(updated.json().content), canonicalJson(content));
    });

    it('saves a draft with nothing but its name; completeness blocks submission; a 基本编码 filled in later gives the 实施编码', async () => {
      const created = await clerkA.post('/api/v1/items', { granularity: 'main', content: { name: '只有名称的草稿' } });
      assert.equal(created.statusCode, 201, created.body);
      const draft = created.json();
      const rules = draft.findings.map((f: { rule: string }) => f.rule);
      for (const rule of [
        'completeness.task-code',
        'completeness.catalog-code',
        'completeness.type',
        'completeness.set-basis',
      ])
        assert.ok(rules.includes(rule), rule);
      assert.ok(!rules.includes('code.task-code-format'), 'a provisional code is missing, not malformed');
      const refused = await clerkA.post(`/api/v1/items/${draft.id}/submit`, { attestation: true });
      assert.equal(refused.statusCode, 422, refused.body);
      const content = licenceContent({ catalogCode: '000117099000' });
      const filled = await clerkA.put(`/api/v1/items/${draft.id}`, { version: draft.version, content });
      assert.equal(filled.statusCode, 200, filled.body);
      const unit = await t.ctx.db.kysely
        .selectFrom('units')
        .select('uscc')
        .where('id', '=', unitA)
        .executeTakeFirstOrThrow();
      assert.equal(filled.json().taskCode, `${unit.uscc}4000117099000`);
      assert.equal(filled.json().summary.errors, 0, JSON.stringify(filled.json().findings));
      const again = await clerkA.put(`/api/v1/items/${draft.id}`, {
        version: filled.json().version,
        content: { ...content, catalogCode: '000117098000' },
      });
      assert.equal(again.statusCode, 400, 'the 基本编码 is identity once given');
    });

    it('composes the 实施编码 from the unit USCC, the jurisdiction level and the 基本编码', async () => {
      const res = await clerkA.post('/api/v1/items', {
        granularity: 'main',
        content: licenceContent({ catalogCode: '000117052000' }),
      });
      const unit = await t.ctx.db.kysely
        .selectFrom('units')
        .select('uscc')
        .where('id', '=', unitA)
        .executeTakeFirstOrThrow();
      assert.equal(res.json().taskCode, `${unit.uscc}4000117052000`);
      assert.equal(res.json().workflowState, 'draft');
      assert.equal(res.json().summary.errors, 0, JSON.stringify(res.json().findings));
    });

    it('a stale version gets 409 and leaves the stored item unchanged (REL-05)', async () => {
      const created = (
        await clerkA.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: '000117053000' }),
        })
      ).json();
      const v = created.version;
      const first = await clerkA.put(`/api/v1/items/${created.id}`, {
        version: v,
        content: licenceContent({ catalogCode: '000117053000', name: '食品经营许可（A改）' }),
      });
      assert.equal(first.statusCode, 200);
      const stale = await clerkA.put(`/api/v1/items/${created.id}`, {
        version: v,
        content: licenceContent({ catalogCode: '000117053000', name: '食品经营许可（B改）' }),
      });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      assert.equal(stale.json().error.details.currentVersion, v + 1);
      const now = (await clerkA.get(`/api/v1/items/${created.id}`)).json();
      assert.equal(now.content.name, '食品经营许可（A改）');
      assert.equal(now.version, v + 1);
    });

    it("AC-01: another unit's item answers 404 on read and write, and nothing changes", async () => {
      const created = (
        await clerkA.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: '000117054000' }),
        })
      ).json();
      const before = await t.ctx.db.kysely
        .selectFrom('items')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      assert.equal((await clerkB.get(`/api/v1/items/${created.id}`)).statusCode, 404);
      assert.equal(
        (
          await clerkB.put(`/api/v1/items/${created.id}`, {
            version: created.version,
            content: licenceContent({ catalogCode: '000117054000', name: 'x' }),
          })
        ).statusCode,
        404,
      );
      assert.equal((await clerkB.post(`/api/v1/items/${created.id}/check`)).statusCode, 404);
      const after = await t.ctx.db.kysely
        .selectFrom('items')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(after, before);
      assert.equal((await verifier.get(`/api/v1/items/${created.id}`)).statusCode, 200, 'the centre sees every unit');
    });

    it("AC-02: a unit clerk's list never shows another unit, even when filtering for it", async () => {
      await clerkB.post('/api/v1/items', {
        granularity: 'main',
        content: licenceContent({ catalogCode: '000117055000', name: '乙单位事项' }),
      });
      const list = (await clerkA.get(`/api/v1/items?unitId=${unitB}&pageSize=200`)).json();
      assert.equal(list.total, 0);
      const mine = (await clerkA.get('/api/v1/items?pageSize=200')).json();
      assert.ok(mine.items.every((i: { unitId: string }) => i.unitId === unitA));
    });

    it('AC-03: a clerk cannot create an item for another unit, nor set state or version through the body', async () => {
      const other = await clerkA.post('/api/v1/items', {
        unitId: unitB,
        granularity: 'main',
        content: licenceContent({ catalogCode: '000117056000' }),
      });
      assert.equal(other.statusCode, 400);
      const massAssign = await clerkA.post('/api/v1/items', {
        granularity: 'main',
        workflowState: 'published',
        content: licenceContent({ catalogCode: '000117056000' }),
      });
      assert.equal(massAssign.statusCode, 400);
      assert.equal(massAssign.json().error.issues[0].path, 'workflowState');
    });

    it('malformed input gets 400 with the field path and the reason', async () => {
      const res = await clerkA.post('/api/v1/items', {
        granularity: 'main',
        content: { ...licenceContent(), promiseLimit: { value: 'five', unit: '1' } },
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.match(res.json().error.issues[0].path, /^content\.promiseLimit\.value/);
      const badCode = await clerkA.post('/api/v1/items', {
        granularity: 'main',
        taskCode: '123',
        content: licenceContent({ catalogCode: '000117057000' }),
      });
      assert.equal(badCode.statusCode, 400);
      assert.equal(badCode.json().error.issues[0].path, 'taskCode');
    });

    it('bad query parameters are named, with a Chinese reason', async () => {
      const res = await clerkA.get('/api/v1/items?pageSize=0&page=2&nonsense=1');
      assert.equal(res.statusCode, 400);
      const issues = res.json().error.issues as Array<{ path: string; message: string }>;
      assert.deepEqual(issues.map((i) => i.path).sort(), ['querystring.nonsense', 'querystring.pageSize']);
      assert.ok(
        issues.every((i) => /[\u4e00-\u9fff]/.test(i.message)),
        JSON.stringify(issues),
      );
    });

    it('a 实施编码 is never reused, also when the first item is cancelled', async () => {
      const body = { granularity: 'main', content: licenceContent({ catalogCode: '000117058000' }) };
      const first = (await clerkA.post('/api/v1/items', body)).json();
      await t.ctx.db.kysely.updateTable('items').set({ life_state: 'cancelled' }).where('id', '=', first.id).execute();
      const again = await clerkA.post('/api/v1/items', body);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'DUPLICATE');
    });

    it('check returns findings by rule and path; fixing the content clears them', async () => {
      const bad = licenceContent({
        catalogCode: '000117059000',
        projectType: '1',
        promiseLimit: { value: 5, unit: '1' },
      });
      const created = (await clerkA.post('/api/v1/items', { granularity: 'main', content: bad })).json();
      const check = (await clerkA.post(`/api/v1/items/${created.id}/check`)).json();
      assert.ok(
        check.findings.some(
          (f: { severity: string; path: string }) => f.severity === 'error' && f.path.startsWith('content.'),
        ),
        JSON.stringify(check),
      );
      const fixed = await clerkA.put(`/api/v1/items/${created.id}`, {
        version: created.version,
        content: licenceContent({ catalogCode: '000117059000' }),
      });
      assert.equal(fixed.json().summary.errors, 0);
    });

    it('text filters take % and _ literally and ignore the case of latin letters, on both engines', async () => {
      await clerkA.post('/api/v1/items', {
        granularity: 'main',
        content: licenceContent({ catalogCode: '00011705B000', name: 'ICP备案_测试100%' }),
      });
      const underscore = (await clerkA.get(`/api/v1/items?q=${encodeURIComponent('_')}&pageSize=200`)).json();
      assert.deepEqual(
        underscore.items.map((i: { name: string }) => i.name),
        ['ICP备案_测试100%'],
      );
      const percent = (await clerkA.get(`/api/v1/items?q=${encodeURIComponent('100%')}`)).json();
      assert.equal(percent.total, 1);
      const lower = (await clerkA.get('/api/v1/items?q=icp')).json();
      assert.equal(lower.total, 1);
    });

    it('lists filter by type and text, with paging', async () => {
      const list = (await verifier.get('/api/v1/items?type=01&q=食品&page=1&pageSize=2')).json();
      assert.ok(list.total >= 3);
      assert.equal(list.items.length, 2);
      assert.equal(list.pageSize, 2);
    });

    it('every change writes exactly one audit record', async () => {
      const created = (
        await clerkA.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: '00011705A000' }),
        })
      ).json();
      await clerkA.put(`/api/v1/items/${created.id}`, {
        version: created.version,
        content: licenceContent({ catalogCode: '00011705A000', name: '改名' }),
      });
      const rows = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', created.id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.action),
        ['item.created', 'item.updated'],
      );
    });
  });
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] 实施编码 ownership`, () => {
    it("a clerk cannot enter an item under another unit's code (nor learn whether it exists)", async () => {
      const t = await createTestContext(dialect);
      const app = await buildApp(t.ctx);
      try {
        const a = await makeUnit(t.ctx);
        const b = await makeUnit(t.ctx);
        const clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], a.id), t.clock, '10.2.9.1');
        const res = await clerk.post('/api/v1/items', {
          granularity: 'main',
          taskCode: `${b.uscc}4000117051000`,
          content: licenceContent(),
        });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().error.issues[0].path, 'taskCode');
        assert.match(res.json().error.message, /统一社会信用代码/);
        const other = await clerk.post('/api/v1/items', {
          granularity: 'main',
          taskCode: `${a.uscc}4000117052000`,
          content: licenceContent({ catalogCode: '000117051000' }),
        });
        assert.equal(other.statusCode, 400, "the code must end with the item's 基本编码");
        const own = await clerk.post('/api/v1/items', {
          granularity: 'main',
          taskCode: `${a.uscc}3000117051000`,
          content: licenceContent(),
        });
        assert.equal(own.statusCode, 201, 'an own code at another 行使层级 (e.g. imported) is accepted');
      } finally {
        await app.close();
        await t.cleanup();
      }
    });
  });
}
