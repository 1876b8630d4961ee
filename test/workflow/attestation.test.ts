import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Client } from '../support/client.js';
import type { App } from '../../src/http/app.js';
import { testDialects, type TestContext } from '../support/context.js';
import { signedIn } from '../support/client.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import { freshCode, oneUnitDistrict } from '../support/workflow.js';

const STATEMENT = '本单位对调整内容和依据的准确性、真实性和完整性负责';

for (const dialect of testDialects()) {
  describe(`[${dialect}] Art. 15: the submitter's statement of accuracy`, () => {
    const fixture = oneUnitDistrict({ dialect, now: '2026-03-03T02:00:00.000Z', ipBase: '10.13.2' });
    let t: TestContext;
    let app: App;
    let clerk: Client;
    before(() => void ({ t, app, clerk } = fixture));

    const draft = async () =>
      (
        await clerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode() }),
        })
      ).json().id as string;

    it('API: a submission with `attestation` is in the version history and the audit trail, with name and time', async () => {
      const id = await draft();
      assert.equal((await clerk.post(`/api/v1/items/${id}/submit`, { attestation: true })).statusCode, 200);
      const [v] = (await clerk.get(`/api/v1/items/${id}/versions`)).json().versions;
      assert.equal(v.attestations.length, 1);
      assert.equal(v.attestations[0].statement, STATEMENT);
      assert.equal(v.attestations[0].stage, 'submission');
      assert.match(v.attestations[0].name, /测试用户/);
      assert.equal(v.attestations[0].at, '2026-03-03T02:00:00.000Z');
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('details')
        .where('target_id', '=', id)
        .where('action', '=', 'item.submitted')
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(audit.details!).attestation.statement, STATEMENT);
    });

    it('API: submitting without `attestation: true` is refused naming the field, and nothing moves', async () => {
      const id = await draft();
      for (const body of [{}, { attestation: false }]) {
        const refused = await clerk.post(`/api/v1/items/${id}/submit`, body);
        assert.equal(refused.statusCode, 400, refused.body);
        assert.equal(refused.json().error.issues[0].path, 'attestation');
        assert.match(refused.json().error.issues[0].message, new RegExp(STATEMENT));
      }
      assert.equal((await clerk.get(`/api/v1/items/${id}`)).json().workflowState, 'draft');
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select('seq')
        .where('target_id', '=', id)
        .where('action', '=', 'item.submitted')
        .execute();
      assert.equal(audit.length, 0);
    });

    it("API: the unit review step needs the reviewer's own statement too", async () => {
      const unit = await makeUnit(t.ctx, { unit_review_enabled: 1 });
      const unitClerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unit.id), t.clock, '10.13.3.1');
      const reviewer = await signedIn(app, await makeAccount(t.ctx, ['unit_reviewer'], unit.id), t.clock, '10.13.3.2');
      const id = (
        await unitClerk.post('/api/v1/items', {
          granularity: 'main',
          content: licenceContent({ catalogCode: freshCode() }),
        })
      ).json().id as string;
      assert.equal(
        (await unitClerk.post(`/api/v1/items/${id}/submit`, { attestation: true })).json().workflowState,
        'unit_review',
      );
      const refused = await reviewer.post(`/api/v1/items/${id}/unit-approve`, {});
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(refused.json().error.issues[0].path, 'attestation');
      assert.equal(
        (await reviewer.post(`/api/v1/items/${id}/unit-approve`, { attestation: true })).json().workflowState,
        'submitted',
      );
      const [v] = (await unitClerk.get(`/api/v1/items/${id}/versions`)).json().versions;
      assert.deepEqual(v.attestations.map((a: { stage: string }) => a.stage).sort(), ['submission', 'unit_approval']);
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
