import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { renderPolicyTable, SECURITY_DOC_URL, withGeneratedSections } from './generate-docs.js';
import { POLICY } from './policy.js';

describe('docs/security.md', () => {
  it('AC-07: its role × action table and audited-event list are the current POLICY and AUDIT_ACTIONS (run `npm run docs`)', () => {
    const doc = readFileSync(SECURITY_DOC_URL, 'utf8');
    assert.equal(doc, withGeneratedSections(doc));
  });

  it('lists every action of the policy once', () => {
    const table = renderPolicyTable();
    for (const action of Object.keys(POLICY)) assert.equal(table.split(`| \`${action}\` |`).length, 2, action);
  });
});
