import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';
import { publishItem, type PublishedItem } from '../support/publishing.js';

/**
 * Public feedback (公众反映): the guide page's "这个指南对您有帮助吗？" vote without an account or a script (a plain
 * form with a signed per-page token, same origin only, rate-limited per address, nothing personal kept), searches
 * that found nothing (counted per normalised query and day), and the bureau's list of items whose feedback reached
 * the configured thresholds (here 2 "没帮助" or 2 explanation requests), reviewed with an audited note.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] public feedback`, () => {
    let t: TestContext;
    let app: App;
    let item: PublishedItem;
    let other: PublishedItem;
    let supervisor: Client;
    let centre: Client;

    const page = (url: string) => app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
    const voteToken = async (code: string) =>
      /action="\/items\/[^"]+\/feedback">\s*<input type="hidden" name="_form" value="([^"]+)"/.exec(
        (await page(`/items/${code}`)).body,
      )![1]!;
    const post = (
      url: string,
      fields: Record<string, string>,
      o: { ip?: string; headers?: Record<string, string> } = {},
    ) =>
      app.inject({
        method: 'POST',
        url,
        remoteAddress: o.ip ?? '10.70.0.1',
        payload: new URLSearchParams(fields).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'text/html',
          origin: 'http://localhost:80',
          ...o.headers,
        },
      });
    const vote = async (code: string, helpful: 'yes' | 'no', o: { ip?: string; reason?: string } = {}) =>
      post(`/items/${code}/feedback`, { _form: await voteToken(code), helpful, reason: o.reason ?? '' }, o);
    const counts = async (itemId: string) =>
      await t.ctx.db.kysely
        .selectFrom('guide_votes')
        .select(['day', 'helpful', 'unhelpful'])
        .where('item_id', '=', itemId)
        .execute();

    before(async () => {
      t = await createTestContext(dialect, {
        env: { FEEDBACK_FLAG_UNHELPFUL: '2', FEEDBACK_FLAG_EXPLANATIONS: '2', FEEDBACK_WINDOW_DAYS: '30' },
      });
      t.clock.set('2026-03-02T02:00:00.000Z');
      app = await buildApp(t.ctx);
      const unitId = (await makeUnit(t.ctx, { name: '反馈测试局' })).id;
      item = await publishItem(t.ctx, unitId, { name: '反馈测试许可' });
      other = await publishItem(t.ctx, unitId, { name: '另一个反馈测试事项' });
      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.71.0.1');
      centre = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.71.0.2');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('shows the vote on the guide page as a plain form and counts a vote per day, with its reason as text only', async () => {
      const guide = await page(`/items/${item.code}`);
      assert.match(guide.body, /<h2 id="feedback-h">这个指南对您有帮助吗？<\/h2>/);
      assert.match(
        guide.body,
        /<button type="submit" name="helpful" value="yes">有帮助<\/button> <button type="submit" name="helpful" value="no">没帮助<\/button>/,
      );
      const res = await vote(item.code, 'no', { reason: '没有写明需要几份复印件', ip: '10.70.1.1' });
      assert.equal(res.statusCode, 201, res.body);
      assert.match(res.body, /感谢您的评价/);
      assert.match(res.body, /申请说明解释/);
      assert.equal((await vote(item.code, 'yes', { ip: '10.70.1.2' })).statusCode, 201);
      assert.deepEqual(await counts(item.id), [{ day: '2026-03-02', helpful: 1, unhelpful: 1 }]);
      const reasons = await t.ctx.db.kysely.selectFrom('guide_vote_reasons').selectAll().execute();
      assert.deepEqual(
        reasons.map((r) => [r.item_id, r.day, r.helpful, r.reason]),
        [[item.id, '2026-03-02', 0, '没有写明需要几份复印件']],
      );
    });

    it('keeps no address: the rate-limit buckets hold a keyed hash, and a second vote on the same guide the same day is not counted', async () => {
      const again = await vote(item.code, 'no', { ip: '10.70.1.1' });
      assert.equal(again.statusCode, 429);
      assert.match(again.body, /您今天已评价过本指南/);
      assert.deepEqual(await counts(item.id), [{ day: '2026-03-02', helpful: 1, unhelpful: 1 }]);
      const buckets = await t.ctx.db.kysely
        .selectFrom('rate_limits')
        .select('bucket')
        .where('bucket', 'like', 'vote:%')
        .execute();
      assert.ok(buckets.length >= 2);
      assert.ok(
        buckets.every((b) => !b.bucket.includes('10.70.')),
        'no address in the database',
      );
      for (const table of ['guide_votes', 'guide_vote_reasons'] as const) {
        const rows = JSON.stringify(await t.ctx.db.kysely.selectFrom(table).selectAll().execute());
        assert.doesNotMatch(rows, /10\.70\./);
      }
    });

    it('refuses a post without our token, from another site, or with no choice or an overlong reason', async () => {
      assert.equal(
        (await post(`/items/${item.code}/feedback`, { helpful: 'no' }, { ip: '10.70.2.1' })).statusCode,
        403,
      );
      assert.equal(
        (
          await post(
            `/items/${item.code}/feedback`,
            { _form: '1772416800000.forged', helpful: 'no' },
            { ip: '10.70.2.1' },
          )
        ).statusCode,
        403,
      );
      const token = await voteToken(item.code);
      assert.equal(
        (await post(`/items/${other.code}/feedback`, { _form: token, helpful: 'no' }, { ip: '10.70.2.1' })).statusCode,
        403,
        'a token is for one guide',
      );
      assert.equal(
        (
          await post(
            `/items/${item.code}/feedback`,
            { _form: token, helpful: 'no' },
            { ip: '10.70.2.1', headers: { origin: 'https://evil.example' } },
          )
        ).statusCode,
        403,
      );
      const none = await post(`/items/${item.code}/feedback`, { _form: token }, { ip: '10.70.2.1' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /请选择“有帮助”或“没帮助”/);
      const long = await post(
        `/items/${other.code}/feedback`,
        { _form: await voteToken(other.code), helpful: 'no', reason: '长'.repeat(301) },
        { ip: '10.70.2.2' },
      );
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /不超过 300 个字/);
      assert.match(long.body, /长{300}/, 'the reason is given back to correct');
      const corrected = await post(
        `/items/${other.code}/feedback`,
        { _form: await voteToken(other.code), helpful: 'no', reason: '长'.repeat(300) },
        { ip: '10.70.2.2' },
      );
      assert.equal(corrected.statusCode, 201, "the refused post did not use up the day's vote");
      assert.equal(
        (await post('/items/NO-SUCH-CODE/feedback', { _form: token, helpful: 'no' }, { ip: '10.70.2.1' })).statusCode,
        404,
      );
      assert.deepEqual(await counts(item.id), [{ day: '2026-03-02', helpful: 1, unhelpful: 1 }], 'nothing counted');
      await t.ctx.db.kysely.deleteFrom('guide_votes').where('item_id', '=', other.id).execute();
      await t.ctx.db.kysely.deleteFrom('guide_vote_reasons').where('item_id', '=', other.id).execute();
    });

    it('counts one vote per guide, address and day; the next day counts again', async () => {
      t.clock.set('2026-03-09T02:00:00.000Z');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await vote(other.code, 'yes', { ip: '10.70.4.1' })).statusCode);
      t.clock.set('2026-03-10T01:00:00.000Z');
      statuses.push((await vote(other.code, 'yes', { ip: '10.70.4.1' })).statusCode);
      assert.deepEqual(statuses, [201, 429, 429, 201]);
      assert.deepEqual((await counts(other.id)).map((c) => [c.day, c.helpful]).sort(), [
        ['2026-03-09', 1],
        ['2026-03-10', 1],
      ]);
    });

    it('counts public searches that found nothing, normalised, per day; filtered searches and found ones are not counted', async () => {
      t.clock.set('2026-03-10T02:00:00.000Z');
      assert.equal((await page(`/search?q=${encodeURIComponent('  无人机  飞行许可 ')}`)).statusCode, 200);
      assert.equal(
        (await app.inject({ method: 'GET', url: `/api/public/v1/search?q=${encodeURIComponent('无人机 飞行许可')}` }))
          .statusCode,
        200,
      );
      await page(`/search?q=${encodeURIComponent('ＵＡＶ登记')}`);
      await page(`/search?q=${encodeURIComponent('无人机')}&type=01`);
      await page(`/search?q=${encodeURIComponent('反馈测试许可')}`);
      const rows = await t.ctx.db.kysely.selectFrom('search_misses').selectAll().orderBy('query').execute();
      assert.deepEqual(
        rows.map((r) => [r.query, r.day, r.count]),
        [
          ['uav登记', '2026-03-10', 1],
          ['无人机 飞行许可', '2026-03-10', 2],
        ],
      );
    });

    it('flags items whose feedback reached a threshold; the bureau reviews them (audited) and only new feedback flags them again', async () => {
      t.clock.set('2026-03-11T02:00:00.000Z');
      // Sessions time out when the clock jumps days ahead: sign in again, as people would.
      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.71.0.1');
      centre = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.71.0.2');
      const list = async () => {
        const res = await supervisor.get('/console/evaluation/feedback?period=2026-03', { accept: 'text/html' });
        assert.equal(res.statusCode, 200);
        return res.body;
      };
      assert.doesNotMatch(await list(), new RegExp(`id="flag-${item.id}"`), 'one "没帮助" so far');
      assert.equal((await vote(item.code, 'no', { ip: '10.70.5.1' })).statusCode, 201);
      let body = await list();
      assert.match(body, new RegExp(`id="flag-${item.id}"`));
      assert.match(body, /2 人认为指南没帮助（阈值 2）/);
      assert.match(body, /没有写明需要几份复印件/);
      assert.match(body, /无人机 飞行许可<\/td><td class="num">2/);

      // Explanation requests flag the other item.
      for (const q of ['请问这个事项需要本人到场吗？', '请问网上办理的入口在哪里？']) {
        const token = /name="_form" value="([^"]+)"/.exec((await page(`/items/${other.code}`)).body)![1]!;
        assert.equal(
          (await post(`/items/${other.code}/explanations`, { _form: token, question: q }, { ip: '10.70.6.1' }))
            .statusCode,
          201,
        );
      }
      body = await list();
      assert.match(body, new RegExp(`id="flag-${other.id}"`));
      assert.match(body, /2 件说明解释申请（阈值 2）/);

      assert.equal(
        (await centre.form(`/console/evaluation/feedback/${item.id}/review`, { note: '已核查' })).statusCode,
        403,
      );
      const short = await supervisor.form(`/console/evaluation/feedback/${item.id}/review`, { note: '好' });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /不少于4个字/);
      assert.equal(
        (await supervisor.form(`/console/evaluation/feedback/${item.id}/review`, { note: '已要求单位补充复印件份数' }))
          .statusCode,
        303,
      );
      assert.doesNotMatch(await list(), new RegExp(`id="flag-${item.id}"`));
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'target_id'])
        .where('action', '=', 'feedback.reviewed')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.target_id),
        [item.id],
      );

      t.clock.set('2026-03-12T02:00:00.000Z');
      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.71.0.1');
      await vote(item.code, 'no', { ip: '10.70.7.1' });
      assert.doesNotMatch(await list(), new RegExp(`id="flag-${item.id}"`), 'one new "没帮助" since the review');
      await vote(item.code, 'no', { ip: '10.70.7.2' });
      assert.match(await list(), new RegExp(`id="flag-${item.id}"`));

      // Outside the window (30 days), old feedback no longer counts.
      t.clock.set('2026-04-20T02:00:00.000Z');
      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.71.0.3');
      assert.match(await list(), /没有达到阈值的事项/);
    });
  });
}
