import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';

/** A 14-character provincial 基本编码 (Sichuan's local form, domain.md §2.1.5). */
const PROVINCIAL = '511A0138000000';

interface Finding {
  rule: string;
  path: string;
  message: string;
}
const codeFindings = (findings: Finding[]) => findings.filter((f) => f.rule.startsWith('code.'));

/** Issue 12: longer provincial 基本编码 by deployment setting (CATALOG_CODE_LENGTHS), and 业务办理项编码 checked against the parent. */
for (const dialect of testDialects()) {
  for (const lengths of [undefined, '12,14'] as const) {
    describe(`[${dialect}] 基本编码 lengths ${lengths ?? '(default: 12)'}`, () => {
      let t: TestContext;
      let app: App;
      let clerk: Client;
      let uscc = '';
      before(async () => {
        t = await createTestContext(dialect, lengths ? { env: { CATALOG_CODE_LENGTHS: lengths } } : {});
        app = await buildApp(t.ctx);
        const unit = await makeUnit(t.ctx);
        uscc = unit.uscc;
        clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, '10.12.4.1');
      });
      after(async () => {
        await app.close();
        await t.cleanup();
      });

      it(
        lengths
          ? 'a 14-character provincial 基本编码 gives a 33-character 实施编码 with no code finding'
          : 'a 14-character 基本编码 is refused, naming the field and the national 12 characters',
        async () => {
          const res = await clerk.post('/api/v1/items', {
            granularity: 'main',
            content: licenceContent({ catalogCode: PROVINCIAL }),
          });
          if (!lengths) {
            assert.equal(res.statusCode, 400, res.body);
            assert.equal(res.json().error.issues[0].path, 'content.catalogCode');
            assert.match(
              res.json().error.issues[0].message,
              /（14位）格式不正确：本部署的基本编码为12位数字或大写字母/,
            );
            return;
          }
          assert.equal(res.statusCode, 201, res.body);
          assert.equal(res.json().taskCode, `${uscc}4${PROVINCIAL}`);
          assert.deepEqual(codeFindings(res.json().findings), []);
        },
      );

      it('a length the deployment does not list is refused (13 characters)', async () => {
        const res = await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: '0001170510001' }),
        });
        assert.equal(res.statusCode, 400, res.body);
        assert.match(
          res.json().error.issues[0].message,
          lengths ? /本部署的基本编码为12位或14位/ : /本部署的基本编码为12位数字/,
        );
      });

      it("a 14-character 业务办理项编码 must be the parent's 基本编码 plus two digits", async () => {
        const code = lengths ? '000117061000' : '000117062000';
        const main = (
          await clerk.post('/api/v1/items', { granularity: 'main', content: licenceContent({ catalogCode: code }) })
        ).json();
        const under = (handlingCode: string) =>
          clerk.post('/api/v1/items', {
            granularity: 'handling',
            parentId: main.id,
            handlingCode,
            content: licenceContent({ catalogCode: code, name: `食品经营许可（${handlingCode}）` }),
          });
        const wrong = await under('00011705100001');
        assert.equal(wrong.statusCode, 201, 'a draft saves; the finding blocks submission');
        assert.deepEqual(
          codeFindings(wrong.json().findings).map((f) => [f.rule, f.path]),
          [['code.handling-code-catalog', 'handlingCode']],
        );
        assert.match(codeFindings(wrong.json().findings)[0]!.message, new RegExp(`不是上级事项的基本编码「${code}」`));
        const right = await under(`${code}01`);
        assert.deepEqual(codeFindings(right.json().findings), []);
      });
    });
  }
}
