import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { renderRulesDoc, RULES_DOC_URL } from './generate-docs.js';
import { RULES } from './index.js';

describe('docs/rules.md', () => {
  it('is the committed output of renderRulesDoc() (run `npm run docs:rules` after changing a rule)', () => {
    assert.equal(readFileSync(RULES_DOC_URL, 'utf8'), renderRulesDoc());
  });

  it('lists every rule', () => {
    const doc = renderRulesDoc();
    for (const rule of RULES) assert.ok(doc.includes(`| \`${rule.id}\` | ${rule.severity} |`), rule.id);
  });
});
