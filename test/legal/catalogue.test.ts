import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { buildApp, type App } from '../../src/http/app.js';
import type { Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent } from '../support/factories.js';
import { district, passWorkflow, tableCounts } from './support.js';

type Entry = {
  catalogCode: string;
  name: string;
  type: string;
  setBasis: Array<{ title: string; article?: string }>;
  useLevels: string[];
  localCatalogCode?: string;
  parentCode?: string;
};
const basis = (article: string) => [{ title: '《中华人民共和国测试许可法》', article }];
const entry = (code: string, name: string, extra: Partial<Entry> = {}): Entry => ({
  catalogCode: code,
  name,
  type: '01',
  setBasis: basis('第十条'),
  useLevels: ['3', '4'],
  ...extra,
});

/** Version 1 of the provincial catalogue, and version 2 with exactly these changes:
 *  A renamed, B's 设定依据 changed, K's type changed (all claimed → flagged); G 行使层级 and H 地方基本编码
 *  changed (not inherited → not flagged); C unchanged (claimed, not flagged); D added; E withdrawn; F level 3 only. */
const V1: Entry[] = [
  entry('CAT00000000A', '测试许可甲'),
  entry('CAT00000000B', '测试许可乙'),
  entry('CAT00000000C', '测试许可丙'),
  entry('CAT00000000E', '测试许可戊'),
  entry('CAT00000000F', '测试许可己', { useLevels: ['3'] }),
  entry('CAT00000000G', '测试许可庚', { useLevels: ['4'] }),
  entry('CAT00000000H', '测试许可辛', { localCatalogCode: 'SX-H-1' }),
  entry('CAT00000000K', '测试许可癸'),
];
const V2: Entry[] = [
  entry('CAT00000000A', '测试许可甲（新办）'),
  entry('CAT00000000B', '测试许可乙', { setBasis: basis('第十二条') }),
  entry('CAT00000000C', '测试许可丙'),
  entry('CAT00000000D', '测试许可丁'),
  entry('CAT00000000F', '测试许可己', { useLevels: ['3'] }),
  entry('CAT00000000G', '测试许可庚', { useLevels: ['3', '4'] }),
  entry('CAT00000000H', '测试许可辛', { localCatalogCode: 'SX-H-2' }),
  entry('CAT00000000K', '测试许可癸', { type: '07' }),
];
const version = (label: string, effectiveOn: string, entries: Entry[]) => ({
  label,
  sourceLevel: '2',
  docNo: '晋政办发〔2024〕1号',
  effectiveOn,
  entries,
});

async function xlsx(
  rows: unknown[][],
  header = ['基本编码', '事项名称', '事项类型', '行使层级', '设定依据', '地方基本编码'],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('基本目录');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] base catalogue versions, 认领 with read-only inherited elements, 需复核 and take-over`, () => {
    let t: TestContext;
    let app: App;
    let d: Awaited<ReturnType<typeof district>>;
    const items: Record<string, { id: string; clerk: Client }> = {};
    let v1Id = '';
    let v2Id = '';

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2024-03-04T02:00:00.000Z');
      app = await buildApp(t.ctx);
      d = await district(t, app, 2, '10.32.0');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    const claim = async (clerk: Client, code: string) => {
      const res = await clerk.post(`/api/v1/catalogue/${code}/claim`, {});
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    };
    /** Completes a claimed draft (its own elements) without touching the inherited ones, then publishes it. */
    const completeAndPublish = async (
      clerk: Client,
      item: { id: string; version: number; content: Record<string, unknown> },
    ) => {
      const { name, catalogCode, type, setBasis } = item.content;
      const saved = await clerk.put(`/api/v1/items/${item.id}`, {
        version: item.version,
        content: { ...licenceContent(), name, catalogCode, type, setBasis },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      await passWorkflow(item.id, clerk, d.verifier, d.publisher);
    };

    it('imports version 1 from JSON; units claim entries and get items inheriting name, 基本编码, type and 设定依据', async () => {
      const [u0, u1] = d.units;
      assert.equal(
        (await u0!.clerk.post('/api/v1/catalogue/versions', version('v1', '2024-01-01', V1))).statusCode,
        403,
      );
      const res = await d.verifier.post(
        '/api/v1/catalogue/versions',
        version('山西省基本目录（2024年第1版）', '2024-01-01', V1),
      );
      assert.equal(res.statusCode, 201, res.body);
      v1Id = res.json().version.id;
      assert.deepEqual(res.json().version.summary, { added: 8, removed: 0, changed: 0, unchanged: 0, flagged: 0 });

      for (const code of ['A', 'B', 'C'])
        items[`${code}0`] = { id: (await claim(u0!.clerk, `CAT00000000${code}`)).id, clerk: u0!.clerk };
      for (const code of ['A', 'H', 'K'])
        items[`${code}1`] = { id: (await claim(u1!.clerk, `CAT00000000${code}`)).id, clerk: u1!.clerk };
      const a0 = (await u0!.clerk.get(`/api/v1/items/${items.A0!.id}`)).json();
      assert.deepEqual(
        [a0.origin, a0.content.name, a0.content.catalogCode, a0.content.type, a0.content.setBasis],
        ['claimed', '测试许可甲', 'CAT00000000A', '01', basis('第十条')],
      );
      assert.equal(
        (await u0!.clerk.post('/api/v1/catalogue/CAT00000000A/claim', {})).statusCode,
        409,
        'claiming twice would reuse the 实施编码',
      );
      assert.equal(
        (await u0!.clerk.post('/api/v1/catalogue/CAT00000000F/claim', {})).json().error.issues[0].path,
        'catalogCode',
        'F is not exercised at 县级',
      );
      assert.equal(
        (await d.verifier.post('/api/v1/catalogue/CAT00000000G/claim', {})).statusCode,
        403,
        'only unit clerks claim',
      );
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', items.A0!.id)
        .execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['catalogue.claimed', 'item.created']);
    });

    it('an inherited element cannot be changed through the API (400 naming the field) nor through the console form', async () => {
      const clerk = items.A0!.clerk;
      const current = (await clerk.get(`/api/v1/items/${items.A0!.id}`)).json();
      for (const [path, patch] of [
        ['content.name', { name: '本地改名' }],
        ['content.type', { type: '07' }],
        ['content.setBasis', { setBasis: basis('第十一条') }],
      ] as const) {
        const res = await clerk.put(`/api/v1/items/${items.A0!.id}`, {
          version: current.version,
          content: { ...current.content, ...patch },
        });
        assert.equal(res.statusCode, 400, path);
        assert.deepEqual(
          res.json().error.issues.map((i: { path: string }) => i.path),
          [path],
        );
      }
      assert.equal(
        (
          await clerk.put(`/api/v1/items/${items.A0!.id}`, {
            version: current.version,
            content: { ...current.content, catalogCode: 'CAT00000000Z' },
          })
        ).statusCode,
        400,
      );

      const page = await clerk.get(`/console/items/${items.A0!.id}/edit`);
      assert.match(
        page.body,
        /id="f-content-name" name="content\[name\]"[^>]* readonly/,
        'the name is read-only in the form',
      );
      assert.match(page.body, /继承自基本目录/);
      const form = new URLSearchParams({
        _csrf: clerk.csrf,
        version: String(current.version),
        'content[name]': '控制台改名',
        'content[type]': '07',
        'content[catalogCode]': 'CAT00000000A',
        'content[useLevels][]': '4',
        'content[acceptCondition]': '申请人具备相应条件。',
      });
      const posted = await clerk.request('POST', `/console/items/${items.A0!.id}/edit`, form.toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      });
      assert.equal(posted.statusCode, 303, posted.body);
      const after = (await clerk.get(`/api/v1/items/${items.A0!.id}`)).json();
      assert.deepEqual(
        [after.content.name, after.content.type, after.content.setBasis],
        ['测试许可甲', '01', basis('第十条')],
        'inherited elements kept',
      );
      assert.equal(after.content.acceptCondition, '申请人具备相应条件。', "the unit's own elements were saved");
    });

    it('importing a changed version flags exactly the claimed items whose inherited elements changed, with obligations, and the comparison shows the differences', async () => {
      for (const key of ['A0', 'B0', 'A1', 'H1']) {
        const item = (await items[key]!.clerk.get(`/api/v1/items/${items[key]!.id}`)).json();
        await completeAndPublish(items[key]!.clerk, item);
      }
      const res = await d.verifier.post(
        '/api/v1/catalogue/versions',
        version('山西省基本目录（2024年第2版）', '2024-03-04', V2),
      );
      assert.equal(res.statusCode, 201, res.body);
      v2Id = res.json().version.id;
      assert.deepEqual(res.json().version.summary, { added: 1, removed: 1, changed: 5, unchanged: 2, flagged: 4 });

      const reviews = await t.ctx.db.kysely
        .selectFrom('catalogue_reviews as r')
        .innerJoin('obligations as o', 'o.id', 'r.obligation_id')
        .select(['r.item_id', 'r.fields', 'o.kind', 'o.ground', 'o.due_on', 'o.unit_id'])
        .where('r.version_id', '=', v2Id)
        .execute();
      const byItem = new Map(reviews.map((r) => [r.item_id, r]));
      assert.deepEqual(
        new Set(byItem.keys()),
        new Set([items.A0!.id, items.A1!.id, items.B0!.id, items.K1!.id]),
        'C (unchanged) and H (地方基本编码 only) are not flagged',
      );
      assert.deepEqual(
        [JSON.parse(byItem.get(items.A0!.id)!.fields), byItem.get(items.A0!.id)!.ground],
        [['name'], 'art18.2'],
      );
      assert.deepEqual(
        [JSON.parse(byItem.get(items.B0!.id)!.fields), byItem.get(items.B0!.id)!.ground],
        [['setBasis'], 'art18.1'],
      );
      assert.deepEqual(
        [JSON.parse(byItem.get(items.K1!.id)!.fields), byItem.get(items.K1!.id)!.ground],
        [['type'], 'art18.2'],
      );
      assert.ok(
        reviews.every((r) => r.kind === 'change' && r.due_on === '2024-03-07'),
        '3 working days after the effective date 2024-03-04',
      );

      const flagged = (await items.A0!.clerk.get('/api/v1/catalogue/claims?needsReview=true'))
        .json()
        .claims.map((c: { itemId: string }) => c.itemId);
      assert.deepEqual(new Set(flagged), new Set([items.A0!.id, items.B0!.id]));
      const unit1Obligations = (await items.A1!.clerk.get('/api/v1/obligations?sourceType=catalogue_version')).json();
      assert.equal(unit1Obligations.total, 2);

      const cmp = (await d.verifier.get(`/api/v1/catalogue/versions/${v2Id}/compare`)).json();
      assert.equal(cmp.from.id, v1Id);
      assert.deepEqual(
        cmp.added.map((e: { catalogCode: string }) => e.catalogCode),
        ['CAT00000000D'],
      );
      assert.deepEqual(
        cmp.removed.map((e: { catalogCode: string }) => e.catalogCode),
        ['CAT00000000E'],
      );
      const changed = Object.fromEntries(
        cmp.changed.map(
          (c: {
            catalogCode: string;
            changes: Array<{ field: string; before: unknown; after: unknown; inherited: boolean }>;
          }) => [c.catalogCode, c.changes],
        ),
      );
      assert.deepEqual(Object.keys(changed).sort(), [
        'CAT00000000A',
        'CAT00000000B',
        'CAT00000000G',
        'CAT00000000H',
        'CAT00000000K',
      ]);
      assert.deepEqual(changed.CAT00000000A, [
        { field: 'name', label: '事项名称', before: '测试许可甲', after: '测试许可甲（新办）', inherited: true },
      ]);
      assert.deepEqual(
        changed.CAT00000000B.map((c: { field: string; after: unknown }) => [c.field, c.after]),
        [['setBasis', basis('第十二条')]],
      );
      assert.deepEqual(
        changed.CAT00000000G.map((c: { field: string; inherited: boolean }) => [c.field, c.inherited]),
        [['useLevels', false]],
      );

      const side = (await items.A0!.clerk.get(`/api/v1/catalogue/claims/${items.A0!.id}`)).json();
      assert.deepEqual(
        [side.local.name, side.entry.name, side.differences, side.review.fields, side.takeOverBlocked],
        ['测试许可甲', '测试许可甲（新办）', ['name'], ['name'], null],
      );
      // The 需复核 comparison names the article (条) on both sides, not only the law's title.
      const bPage = (await items.B0!.clerk.get(`/console/catalogue/claims/${items.B0!.id}`)).body;
      const basisRow = bPage.slice(
        bPage.indexOf('<th scope="row">设定依据'),
        bPage.indexOf('</tr>', bPage.indexOf('<th scope="row">设定依据')),
      );
      assert.match(
        basisRow,
        /<td><ul class="basis"><li>《中华人民共和国测试许可法》第十条<\/li><\/ul><\/td><td><ul class="basis"><li>《中华人民共和国测试许可法》第十二条<\/li><\/ul><\/td>/,
      );
      const a0 = (await items.A0!.clerk.get(`/api/v1/items/${items.A0!.id}`)).json();
      assert.ok(
        a0.findings.some((f: { rule: string }) => f.rule === 'legal.catalogue-name'),
        'the rules engine agrees: the name no longer matches',
      );
    });

    it('"采用新文本" is one click: a published item gets a 变更 request carrying the new text, which clears the review once published; a draft is updated in place', async () => {
      const { clerk, id } = items.A0!;
      const res = await clerk.post(`/api/v1/catalogue/claims/${id}/take-over`, {});
      assert.equal(res.statusCode, 200, res.body);
      const cr = res.json().changeRequest;
      assert.deepEqual([cr.kind, cr.ground], ['change', 'art18.2']);
      const working = (await clerk.get(`/api/v1/items/${id}`)).json();
      assert.equal(working.content.name, '测试许可甲（新办）');
      assert.equal(working.current.state, 'draft');
      assert.equal((await clerk.get(`/api/v1/obligations/${cr.obligationId}`)).json().status, 'in_change');
      assert.equal(
        (await clerk.post(`/api/v1/catalogue/claims/${id}/take-over`, {})).statusCode,
        409,
        'nothing left to take over',
      );
      await passWorkflow(id, clerk, d.verifier, d.publisher);
      assert.equal((await clerk.get(`/api/v1/obligations/${cr.obligationId}`)).json().status, 'resolved');
      assert.equal((await clerk.get(`/api/v1/items/${id}`)).json().name, '测试许可甲（新办）');
      assert.equal((await clerk.get(`/api/v1/catalogue/claims/${id}`)).json().review, null, 'no longer 需复核');

      const k1 = items.K1!;
      const draft = await k1.clerk.post(`/api/v1/catalogue/claims/${k1.id}/take-over`, {});
      assert.equal(draft.statusCode, 200, draft.body);
      assert.equal(draft.json().changeRequest, null);
      assert.equal((await k1.clerk.get(`/api/v1/items/${k1.id}`)).json().content.type, '07');
      assert.equal(
        draft.json().comparison.review,
        null,
        'an unpublished item has nothing public to adjust: the review is done',
      );
      const actions = (
        await t.ctx.db.kysely
          .selectFrom('audit_log')
          .select('action')
          .where('target_id', '=', id)
          .orderBy('seq')
          .execute()
      ).map((a) => a.action);
      assert.ok(actions.includes('catalogue.taken_over'));
    });

    it('bad import files get 4xx naming the row and column, and nothing is written', async () => {
      const before = await tableCounts(t);
      const badType = await d.verifier.post(
        '/api/v1/catalogue/versions',
        version('坏版本', '2024-03-04', [V2[0]!, { ...V2[1]!, type: '99' }]),
      );
      assert.equal(badType.statusCode, 400);
      assert.equal(badType.json().error.issues[0].path, 'entries.1.type');
      const dup = await d.verifier.post(
        '/api/v1/catalogue/versions',
        version('坏版本', '2024-03-04', [
          V2[0]!,
          V2[1]!,
          { ...V2[2]!, catalogCode: V2[0]!.catalogCode },
          { ...V2[3]!, parentCode: 'CAT0000000ZZ' },
        ]),
      );
      assert.equal(dup.statusCode, 400);
      assert.deepEqual(
        dup.json().error.issues.map((i: { path: string }) => i.path),
        ['entries.2.catalogCode', 'entries.3.parentCode'],
      );
      assert.match(dup.json().error.issues[0].message, /重复.*第1条/);

      const upload = (body: Buffer, qs = 'label=x&sourceLevel=2&effectiveOn=2024-03-04') =>
        d.verifier.request('POST', `/api/v1/catalogue/versions/xlsx?${qs}`, body, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        });
      const cell = await upload(
        await xlsx([
          ['CAT00000000A', '测试许可甲（新办）', '行政许可', '市级、县级', '《中华人民共和国测试许可法》第十条'],
          ['CAT00000000B', '测试许可乙', '行政审批', '3,4', '《中华人民共和国测试许可法》第十二条'],
        ]),
      );
      assert.equal(cell.statusCode, 400, cell.body);
      assert.deepEqual(
        cell.json().error.issues.map((i: { path: string }) => i.path),
        ['C3'],
      );
      assert.match(cell.json().error.issues[0].message, /第3行 C列「事项类型」/);
      const header = await upload(await xlsx([['CAT00000000A', '测试许可甲']], ['基本编码', '事项名称']));
      assert.deepEqual([header.statusCode, header.json().error.issues[0].path], [400, 'A1']);
      const numeric = await upload(await xlsx([[123456789012, '测试', '01', '4', '《测试法》第一条']]));
      assert.deepEqual([numeric.statusCode, numeric.json().error.issues[0].path], [400, 'A2']);
      const garbage = await upload(Buffer.from('this is not a workbook'));
      assert.deepEqual([garbage.statusCode, garbage.json().error.issues[0].path], [400, 'file']);
      const noMeta = await upload(await xlsx([]), 'label=x');
      assert.equal(noMeta.statusCode, 400);
      const json = await d.verifier.request('POST', '/api/v1/catalogue/versions', '{"label":', {
        'content-type': 'application/json',
      });
      assert.equal(json.statusCode, 400);
      assert.deepEqual(await tableCounts(t), before, 'nothing written');
    });

    it('an xlsx with the same text as the current version imports and flags nothing', async () => {
      const rows = V2.map((e) => [
        e.catalogCode,
        e.name,
        e.type,
        e.useLevels.join(','),
        e.setBasis.map((c) => `${c.title}${c.article ?? ''}`).join('\n'),
        e.localCatalogCode ?? '',
      ]);
      const res = await d.verifier.request(
        'POST',
        '/api/v1/catalogue/versions/xlsx?label=' +
          encodeURIComponent('第3版（xlsx）') +
          '&sourceLevel=2&effectiveOn=2024-03-05&fileName=v3.xlsx',
        await xlsx(rows),
        { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      );
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().version.summary, { added: 0, removed: 0, changed: 0, unchanged: 8, flagged: 0 });
      assert.equal(res.json().version.fileFormat, 'xlsx');
    });

    it('coverage lists the applicable entries no unit has claimed (应认尽认); divergences are recorded requests, not edits', async () => {
      const cov = (await d.supervisor.get('/api/v1/catalogue/coverage')).json();
      assert.deepEqual(
        cov.unclaimed.map((e: { catalogCode: string }) => e.catalogCode),
        ['CAT00000000D', 'CAT00000000G'],
        'F is not exercised at this level; E was withdrawn',
      );
      assert.deepEqual([cov.applicable, cov.claimed, cov.uncovered], [7, 5, 2]);
      // A unit enters G itself instead of claiming it: still unclaimed (it inherits nothing), but no longer a gap.
      const self = await d.units[1]!.clerk.post('/api/v1/items', {
        granularity: 'main',
        content: licenceContent({ catalogCode: 'CAT00000000G', name: '测试许可庚' }),
      });
      assert.equal(self.statusCode, 201, self.body);
      const after = (await d.supervisor.get('/api/v1/catalogue/coverage')).json();
      assert.deepEqual(
        after.unclaimed.map((e: { catalogCode: string; selfItems: number }) => [e.catalogCode, e.selfItems]),
        [
          ['CAT00000000D', 0],
          ['CAT00000000G', 1],
        ],
      );
      assert.equal(after.uncovered, 1);
      const gaps = (await d.supervisor.get('/api/v1/catalogue/coverage?uncoveredOnly=true')).json();
      assert.deepEqual(
        [gaps.unclaimed.map((e: { catalogCode: string }) => e.catalogCode), gaps.total],
        [['CAT00000000D'], 1],
      );
      const page = await d.supervisor.get('/console/catalogue/coverage?uncovered=1');
      assert.match(page.body, /其中 1 项没有任何单位实施/);
      assert.match(page.body, /CAT00000000D/);
      assert.doesNotMatch(page.body, /CAT00000000G/);
      const count = async () =>
        (await d.supervisor.get('/api/v1/catalogue?q=CAT00000000G')).json().entries[0].claimCount;
      assert.equal(await count(), 1);
      // A cancelled item no longer implements the entry: the list's count agrees with 应认尽认.
      await t.ctx.db.kysely
        .updateTable('items')
        .set({ life_state: 'cancelled' })
        .where('id', '=', self.json().id)
        .execute();
      assert.equal(await count(), 0);
      await t.ctx.db.kysely
        .updateTable('items')
        .set({ life_state: 'active' })
        .where('id', '=', self.json().id)
        .execute();

      const { clerk, id } = items.B0!;
      const req = await clerk.post('/api/v1/catalogue/divergences', {
        itemId: id,
        field: 'name',
        proposed: '测试许可乙（本区）',
        reason: '本区实施范围限于小型项目，名称需体现。',
      });
      assert.equal(req.statusCode, 201, req.body);
      assert.equal(
        (await clerk.get(`/api/v1/items/${id}`)).json().content.name,
        '测试许可乙',
        'the item does not change',
      );
      const answered = await d.verifier.post(`/api/v1/catalogue/divergences/${req.json().id}/answer`, {
        status: 'forwarded',
        answer: '已报省审改办',
      });
      assert.deepEqual([answered.statusCode, answered.json().status], [200, 'forwarded']);
      assert.equal(
        (await d.units[1]!.clerk.get('/api/v1/catalogue/divergences')).json().divergences.length,
        0,
        'another unit does not see it',
      );
    });
  });
}
