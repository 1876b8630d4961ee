import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/main.js';
import { buildApp, type App } from '../../src/http/app.js';
import { canonicalJson } from '../../src/shared/json.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';
import { REAL_GUIDES } from '../support/real-guides.js';

interface Finding {
  rule: string;
  path: string;
  severity: string;
  message: string;
}

/**
 * The wording findings of the 办事指南精准化 lint on a guide, as `rule path`. The lint's missing-element rules
 * (a material without its basis or paper copies) are left out: real guides rarely publish a basis per material,
 * and a draft may lack elements.
 */
const MISSING_ELEMENT_RULES = new Set(['guide.material-basis', 'guide.paper-copies', 'guide.source-note']);
const guideFindings = (findings: Finding[]) =>
  findings
    .filter((f) => f.rule.startsWith('guide.') && !MISSING_ELEMENT_RULES.has(f.rule))
    .map((f) => `${f.rule} ${f.path}`)
    .sort();

describe('real guides fixture', () => {
  it('holds at least 20 guides from at least 8 provinces, each with its source address', () => {
    assert.ok(REAL_GUIDES.length >= 20, `${REAL_GUIDES.length} guides`);
    const provinces = new Set(REAL_GUIDES.map((g) => g.province).filter((p) => /(省|自治区|市)$/.test(p)));
    assert.ok(provinces.size >= 8, [...provinces].join('、'));
    for (const g of REAL_GUIDES) assert.match(g.source, /^https?:\/\/\S+$/);
  });

  it('`shixiang check` accepts every guide (no schema error) and raises only the reviewed guide findings', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shixiang-guides-'));
    try {
      const file = path.join(dir, 'guides.jsonl');
      writeFileSync(
        file,
        REAL_GUIDES.map((g) => JSON.stringify({ granularity: 'main', content: g.content })).join('\n'),
      );
      const out: string[] = [];
      await runCli(['check', file, '--json'], {
        out: (t) => out.push(t),
        err: () => {},
        env: { JURISDICTION_AREA_CODE: '0349' },
      });
      // The report comes a batch of lines at a time; one JSON object per line.
      const results = out
        .join('\n')
        .split('\n')
        .map(
          (line) => JSON.parse(line) as { line: number; name: string; findings: Finding[]; schemaErrors: unknown[] },
        );
      assert.equal(results.length, REAL_GUIDES.length);
      for (const [i, r] of results.entries()) {
        assert.deepEqual(r.schemaErrors, [], `${r.name}: ${JSON.stringify(r.schemaErrors)}`);
        assert.deepEqual(
          guideFindings(r.findings),
          [...REAL_GUIDES[i]!.guideFindings].sort(),
          `${r.name}: ${r.findings
            .filter((f) => f.rule.startsWith('guide.'))
            .map((f) => f.message)
            .join(' | ')}`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const dialect of testDialects()) {
  describe(`[${dialect}] real guides through the API`, () => {
    let t: TestContext;
    let app: App;
    let clerk: Client;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      const unit = await makeUnit(t.ctx);
      clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, '10.12.0.1');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('saves each real guide as a draft and reads every element back unchanged', async () => {
      for (const guide of REAL_GUIDES) {
        const created = await clerk.post('/api/v1/items', { granularity: 'main', content: guide.content });
        assert.equal(created.statusCode, 201, `${guide.content.name} (${guide.source}): ${created.body}`);
        const back = await clerk.get(`/api/v1/items/${created.json().id}`);
        assert.equal(canonicalJson(back.json().content), canonicalJson(guide.content), guide.source);
        assert.deepEqual(guideFindings(back.json().findings), [...guide.guideFindings].sort(), guide.source);
      }
    });
  });
}
