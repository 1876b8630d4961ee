import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Client } from '../support/client.js';
import { testDialects, type TestContext } from '../support/context.js';
import { licenceContent } from '../support/factories.js';
import { freshCode, oneUnitDistrict } from '../support/workflow.js';

const STATEMENT = '本单位对调整内容和依据的准确性、真实性和完整性负责';

for (const dialect of testDialects()) {
  describe(`[${dialect}] Art. 15: the submitter's statement of accuracy`, () => {
    const fixture = oneUnitDistrict({ dialect, now: '2026-03-03T02:00:00.000Z', ipBase: '10.13.2' });
    let t: TestContext;
    let clerk: Client;
    before(() => void ({ t, clerk } = fixture));

    const draft = async () => (await clerk.post('/api/v1/items', { granularity: 'main', content: licenceContent({ catalogCode: freshCode() }) })).json().id as string;

    it('API: a submission with `attestation` is in the version history and the audit trail, with name and time', async () => {
      const id = await draft();
      assert.equal((await clerk.post(`/api/v1/items/${id}/submit`, { attestation: true })).statusCode, 200);
      const [v] = (await clerk.get(`/api/v1/items/${id}/versions`)).json().versions;
      assert.equal(v.attestations.length, 1);
      assert.equal(v.attestations[0].statement, STATEMENT);
      assert.equal(v.attestations[0].stage, 'submission');
      assert.match(v.attestations[0].name, /测试用户/);
      assert.equal(v.attestations[0].at, '2026-03-03T02:00:00.000Z');
      const audit = await t.ctx.db.kysely.selectFrom('audit_log').select('details').where('target_id', '=', id).where('action', '=', 'item.submitted').executeTakeFirstOrThrow();
      assert.equal(JSON.parse(audit.details!).attestation.statement, STATEMENT);
    });

    it('console: 提交 needs the box ticked; the item page lists the statement beside the version', async () => {
      const id = await draft();
      const page = await clerk.get(`/console/items/${id}/act/submit`);
      assert.match(page.body, new RegExp(`name="attestation" value="1" required> ${STATEMENT}`));
      const refused = await clerk.form(`/console/items/${id}/act/submit`, {});
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /请确认“本单位对调整内容和依据的准确性、真实性和完整性负责”后再提交核验/);
      assert.equal((await clerk.get(`/api/v1/items/${id}`)).json().workflowState, 'draft', 'nothing submitted');
      assert.equal((await clerk.form(`/console/items/${id}/act/submit`, { attestation: '1' })).statusCode, 303);
      const detail = await clerk.get(`/console/items/${id}`);
      assert.match(detail.body, new RegExp(`提交：测试用户\\d+，[^<]+<br><small>${STATEMENT}</small>`));
    });
  });
}
