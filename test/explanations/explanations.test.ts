import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { overdueCounts } from '../../src/workflow/worklist.queries.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { EXPLANATION_LIMITS } from '../../src/explanations/explanation.routes.js';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { makeAccount, makeUnit } from '../support/factories.js';
import { publishItem, type PublishedItem } from '../support/publishing.js';

const PHONE = '13800138000';

/**
 * 说明解释申请 (Art. 21) end to end: the form on the guide (no account; a signed form token and a
 * same-origin check instead of a session; rate-limited), contact details encrypted at rest with a blind
 * index, the deadline on the working-day calendar, the unit's answer (masked contact, audited reveal),
 * the tracking page, FAQ publication on the centre's approval, and overdue requests in supervision.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] explanation requests`, () => {
    let t: TestContext;
    let app: App;
    let unitId: string;
    let item: PublishedItem;
    let clerk: Client;
    let otherClerk: Client;
    let verifier: Client;
    let publisher: Client;
    let supervisor: Client;
    let receipt: { trackingNo: string; key: string; id: string };

    const page = (url: string) => app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
    const tokenFor = async (code: string) =>
      /name="_form" value="([^"]+)"/.exec((await page(`/items/${code}`)).body)![1]!;
    const post = (
      url: string,
      fields: Record<string, string>,
      o: { ip?: string; headers?: Record<string, string> } = {},
    ) =>
      app.inject({
        method: 'POST',
        url,
        remoteAddress: o.ip ?? '10.40.0.1',
        payload: new URLSearchParams(fields).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'text/html',
          origin: 'http://localhost:80',
          ...o.headers,
        },
      });
    const ask = async (
      fields: Record<string, string>,
      o: { ip?: string; headers?: Record<string, string>; code?: string } = {},
    ) =>
      post(`/items/${o.code ?? item.code}/explanations`, { _form: await tokenFor(o.code ?? item.code), ...fields }, o);
    const track = (trackingNo: string, key: string) => post('/track', { trackingNo, key }, { ip: '10.40.9.1' });

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-03-02T02:00:00.000Z'); // Monday 10:00 in China
      app = await buildApp(t.ctx);
      unitId = (await makeUnit(t.ctx, { name: '测试市场监管局' })).id;
      const otherUnit = (await makeUnit(t.ctx)).id;
      item = await publishItem(t.ctx, unitId, { name: '食品经营许可（新办）' });
      clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitId), t.clock, '10.41.0.1');
      otherClerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], otherUnit), t.clock, '10.41.0.2');
      verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.41.0.3');
      publisher = await signedIn(app, await makeAccount(t.ctx, ['publisher']), t.clock, '10.41.0.7');
      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.41.0.4');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('a citizen asks from the guide page without an account and gets a tracking number and a key; the deadline is 10 working days', async () => {
      const res = await ask({ name: '张三', contact: PHONE, question: '材料中的“营业执照”可以用电子营业执照代替吗？' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      const trackingNo = /id="tracking-no">([^<]+)</.exec(res.body)![1]!;
      const key = /id="tracking-key">([^<]+)</.exec(res.body)![1]!;
      assert.match(trackingNo, /^SJ20260302\d{6}$/);
      assert.match(key, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const row = await t.ctx.db.kysely
        .selectFrom('explanation_requests')
        .selectAll()
        .where('tracking_no', '=', trackingNo)
        .executeTakeFirstOrThrow();
      receipt = { trackingNo, key, id: row.id };
      assert.equal(row.due_on, '2026-03-16', '10 working days after Monday 2 March, that day not counted');
      assert.equal(row.unit_id, unitId);
      assert.equal(row.status, 'open');
      assert.match(res.body, /2026年3月16日/);
      const notes = await t.ctx.db.kysely
        .selectFrom('notifications as n')
        .innerJoin('users as u', 'u.id', 'n.user_id')
        .select(['n.title', 'n.link', 'u.unit_id'])
        .where('n.kind', '=', 'explanation')
        .execute();
      assert.ok(
        notes.length >= 1 && notes.every((n) => n.unit_id === unitId),
        "the item's unit is notified, no one else",
      );
      assert.equal(notes[0]!.link, `/console/explanations/${row.id}`);
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'actor_role', 'details'])
        .where('target_id', '=', row.id)
        .execute();
      assert.equal(audit[0]!.action, 'explanation.created');
      assert.equal(audit[0]!.actor_role, 'public');
    });

    it('CRY-04/05: name and contact are SM4-encrypted bound to row and column, no blind index links requests, and the phone number is nowhere in the database', async () => {
      const row = await t.ctx.db.kysely
        .selectFrom('explanation_requests')
        .selectAll()
        .where('id', '=', receipt.id)
        .executeTakeFirstOrThrow();
      assert.ok(row.contact && !row.contact.includes(PHONE));
      assert.ok(row.requester_name && !row.requester_name.includes('张三'));
      assert.equal(t.ctx.fieldCrypto.decrypt(row.contact, `explanation_requests.contact:${row.id}`), PHONE);
      assert.throws(
        () => t.ctx.fieldCrypto.decrypt(row.contact!, `explanation_requests.requester_name:${row.id}`),
        'bound to its column',
      );
      // DATA-03: no deterministic index of the contact is kept (it could only link one citizen's requests).
      assert.equal('contact_index' in row, false);
      assert.ok(!Object.values(row).includes(t.ctx.fieldCrypto.blindIndex(PHONE)));
      if (t.ctx.config.db.kind === 'sqlite') {
        const file = t.ctx.config.db.file;
        for (const f of [file, `${file}-wal`])
          if (fs.existsSync(f))
            assert.equal(fs.readFileSync(f).includes(PHONE), false, `${f} holds the phone number in clear`);
      } else {
        for (const table of ['explanation_requests', 'audit_log', 'notifications', 'mail_outbox']) {
          const { rows } = await sql<{
            n: number;
          }>`select count(*)::int as n from ${sql.table(table)} t where t::text like ${`%${PHONE}%`}`.execute(
            t.ctx.db.kysely,
          );
          assert.equal(rows[0]!.n, 0, table);
        }
      }
    });

    it('DATA-01: name and contact are optional; only the question is required', async () => {
      assert.equal((await ask({ question: '承诺时限从哪天开始计算？' }, { ip: '10.40.0.2' })).statusCode, 201);
      const empty = await ask({ question: '  ' }, { ip: '10.40.0.2' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /请写明需要说明解释的内容/);
      // IN-02: the minimum counts visible characters: zero-width ones do not make a question.
      const invisible = await ask({ question: '\u200b\u200c\u200d\u2060\ufeff问' }, { ip: '10.40.0.2' });
      assert.equal(invisible.statusCode, 400);
      assert.match(invisible.body, /请写明需要说明解释的内容/);
      const tooLong = await ask({ question: '问'.repeat(2001) }, { ip: '10.40.0.2' });
      assert.equal(tooLong.statusCode, 400);
    });

    it("the contact must be a phone number or an e-mail address; the form states the question's minimum length", async () => {
      const form = (await page(`/items/${item.code}`)).body;
      assert.match(form, /需要说明解释的内容（必填，不少于 5 个字）/);
      assert.match(form, /minlength="5"/);
      let n = 0;
      const ip = () => `10.40.7.${++n}`; // five submissions an hour per address
      const bad = await ask({ contact: 'abc', question: '承诺时限从哪天开始计算？' }, { ip: ip() });
      assert.equal(bad.statusCode, 400);
      assert.match(
        bad.body,
        /id="ask-contact-error">请填写有效的联系电话（7–20 位数字，可含 \+、-、空格和括号）或电子邮箱/,
      );
      assert.match(bad.body, /aria-invalid="true" aria-describedby="ask-contact-error ask-contact-help"/);
      assert.match(bad.body, /value="abc"/, 'the input is kept');
      for (const contact of ['12345', '1234567890123456789012', '138-0013-800a', 'a@b', '@example.com']) {
        assert.equal(
          (await ask({ contact, question: '承诺时限从哪天开始计算？' }, { ip: ip() })).statusCode,
          400,
          contact,
        );
      }
      const both = await ask({ contact: 'abc', question: '短' }, { ip: ip() });
      assert.match(both.body, /ask-question-error/);
      assert.match(both.body, /ask-contact-error/);
      for (const contact of ['+86 (571) 8765-4321', '0571-87654321', 'zhang.san@example.com.cn']) {
        assert.equal(
          (await ask({ contact, question: '承诺时限从哪天开始计算？' }, { ip: ip() })).statusCode,
          201,
          contact,
        );
      }
    });

    it('IN-04 without a session: a cross-site post or a post without our form token is refused; an expired token re-shows the form with the text kept', async () => {
      assert.equal(
        (
          await ask(
            { question: '跨站提交的问题内容' },
            { ip: '10.40.0.3', headers: { origin: 'https://evil.example' } },
          )
        ).statusCode,
        403,
      );
      assert.equal(
        (
          await ask(
            { question: '跨站提交的问题内容' },
            { ip: '10.40.0.3', headers: { 'sec-fetch-site': 'cross-site' } },
          )
        ).statusCode,
        403,
      );
      assert.equal(
        (await post(`/items/${item.code}/explanations`, { question: '没有令牌的问题内容' }, { ip: '10.40.0.3' }))
          .statusCode,
        403,
      );
      assert.equal(
        (
          await post(
            `/items/${item.code}/explanations`,
            { _form: '1772416800000.forged', question: '伪造令牌的问题内容' },
            { ip: '10.40.0.3' },
          )
        ).statusCode,
        403,
      );
      const token = await tokenFor(item.code);
      t.clock.advance(25 * 3_600_000);
      const expired = await post(
        `/items/${item.code}/explanations`,
        { _form: token, question: '隔天才提交的问题内容' },
        { ip: '10.40.0.3' },
      );
      assert.equal(expired.statusCode, 400);
      assert.match(expired.body, /页面已过期/);
      assert.match(expired.body, /隔天才提交的问题内容/);
      t.clock.set('2026-03-02T02:30:00.000Z');
    });

    it('IN-07: at most 5 requests per address per hour: the 6th gets 429 with Retry-After', async () => {
      const ip = '10.40.5.5';
      for (let i = 0; i < EXPLANATION_LIMITS.submitPerHour; i++)
        assert.equal((await ask({ question: `第${i + 1}个问题，请说明。` }, { ip })).statusCode, 201);
      const limited = await ask({ question: '第6个问题，请说明。' }, { ip });
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.match(limited.body, /<html lang="zh-CN">[\s\S]*请求过于频繁/);
    });

    it('the tracking page needs the number and the key; a wrong key learns nothing', async () => {
      const open = await track(receipt.trackingNo, receipt.key.toLowerCase().replace(/-/g, ''));
      assert.equal(open.statusCode, 200);
      assert.match(open.body, /办理中/);
      assert.match(
        open.body,
        /答复后即可在本页查看，最迟不晚于答复期限（2026年3月16日）/,
        'an answer can come before the deadline',
      );
      assert.doesNotMatch(open.body, /答复期限后再来查看/);
      assert.match(open.body, /可以用电子营业执照代替吗/);
      const wrong = await track(receipt.trackingNo, 'AAAA-BBBB-CCCC');
      assert.equal(wrong.statusCode, 404);
      assert.match(wrong.body, /未找到该申请/);
      assert.equal((await track('SJ20990101000000', receipt.key)).statusCode, 404);
    });

    it('the unit sees the request with the contact masked; revealing it is audited; another unit gets 404', async () => {
      const list = (await clerk.get('/console/explanations')).body;
      assert.match(list, new RegExp(receipt.trackingNo));
      assert.match(list, /138\*\*\*\*8000/);
      assert.doesNotMatch(list, new RegExp(PHONE));
      assert.match(list, /剩余 10 个工作日/);
      assert.equal((await otherClerk.get(`/console/explanations/${receipt.id}`)).statusCode, 404);
      assert.doesNotMatch((await otherClerk.get('/console/explanations')).body, new RegExp(receipt.trackingNo));
      const detail = (await clerk.get(`/console/explanations/${receipt.id}`)).body;
      assert.doesNotMatch(detail, new RegExp(PHONE));
      const revealed = await clerk.form(`/console/explanations/${receipt.id}/reveal`);
      assert.equal(revealed.statusCode, 200);
      assert.match(revealed.body, new RegExp(`张三；${PHONE}`));
      assert.equal(revealed.headers['cache-control'], 'no-store');
      const audit = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('target_id', '=', receipt.id)
        .where('action', '=', 'explanation.viewed')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal((await otherClerk.form(`/console/explanations/${receipt.id}/reveal`)).statusCode, 404);
    });

    it('the unit answers and proposes an FAQ; the requester reads the answer on the tracking page', async () => {
      const res = await clerk.form(`/console/explanations/${receipt.id}/answer`, {
        answer: '可以。电子营业执照与纸质营业执照具有同等法律效力，网上申请时系统自动调取。',
        proposeFaq: '1',
        faqQuestion: '可以用电子营业执照代替纸质营业执照吗？',
      });
      assert.equal(res.statusCode, 303, res.body);
      const answered = await track(receipt.trackingNo, receipt.key);
      assert.match(answered.body, /已答复/);
      assert.match(answered.body, /电子营业执照与纸质营业执照具有同等法律效力/);
      assert.equal(
        (await clerk.form(`/console/explanations/${receipt.id}/answer`, { answer: '再答一次的内容' })).statusCode,
        400,
        'answered once',
      );
      const notes = await t.ctx.db.kysely
        .selectFrom('notifications')
        .select('link')
        .where('link', '=', `/console/faq-approvals/${receipt.id}`)
        .execute();
      assert.ok(notes.length >= 1, 'the centre is asked to decide');
    });

    it('the centre approves: the FAQ is published as a new version (publication, portal, API, search), the tracking page says so', async () => {
      assert.equal((await clerk.get('/console/faq-approvals')).statusCode, 403);
      assert.match((await verifier.get('/console/faq-approvals')).body, new RegExp(receipt.trackingNo));
      const before = Number(
        (
          await t.ctx.db.kysely
            .selectFrom('publications')
            .select((eb) => eb.fn.max<number>('seq').as('m'))
            .executeTakeFirstOrThrow()
        ).m,
      );
      // Publishing is the publisher's: a verifier's approval cannot put a new version on the portal.
      const byVerifier = await verifier.form(`/console/faq-approvals/${receipt.id}`, { decision: 'approve' });
      assert.equal(byVerifier.statusCode, 403, byVerifier.body);
      assert.match(byVerifier.body, /须由中心发布员批准/);
      assert.equal(
        (await t.ctx.db.kysely.selectFrom('publications').select('seq').where('seq', '>', before).execute()).length,
        0,
      );
      const res = await publisher.form(`/console/faq-approvals/${receipt.id}`, {
        decision: 'approve',
        question: '可以用电子营业执照代替纸质营业执照吗？',
        answer: '可以。电子营业执照与纸质营业执照具有同等法律效力，网上申请时系统自动调取。',
      });
      assert.equal(res.statusCode, 303, res.body);
      assert.match(String(res.headers.location), /msg=published/);
      const flash = (await publisher.get(String(res.headers.location))).body;
      assert.match(
        flash,
        /已发布，门户和公共接口已更新；各渠道的同步状态见“发布渠道”/,
        'channels catch up on their own: the flash does not claim they are in step',
      );
      assert.doesNotMatch(flash, /各渠道已同步/);
      const pub = await t.ctx.db.kysely.selectFrom('publications').selectAll().where('seq', '>', before).execute();
      assert.equal(pub.length, 1);
      assert.equal(pub[0]!.kind, 'change');
      assert.match(pub[0]!.summary ?? '', /新增常见问题/);
      const api = (await app.inject({ method: 'GET', url: `/api/public/v1/items/${item.code}` })).json();
      assert.equal(api.version, 2);
      assert.ok(
        api.content.faqs.some((f: { question: string }) => f.question === '可以用电子营业执照代替纸质营业执照吗？'),
      );
      assert.match((await page(`/items/${item.code}`)).body, /<dt>可以用电子营业执照代替纸质营业执照吗？<\/dt>/);
      const search = (
        await app.inject({ method: 'GET', url: `/api/public/v1/search?q=${encodeURIComponent('同等法律效力')}` })
      ).json();
      assert.equal(search.hits[0]?.item.code, item.code, 'the search index follows the FAQ publication');
      assert.match((await track(receipt.trackingNo, receipt.key)).body, /该答复已作为常见问题在办事指南中公布/);
      const row = await t.ctx.db.kysely
        .selectFrom('explanation_requests')
        .select(['faq_status', 'faq_seq'])
        .where('id', '=', receipt.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { faq_status: 'approved', faq_seq: pub[0]!.seq });
      const actions = (
        await t.ctx.db.kysely
          .selectFrom('audit_log')
          .select('action')
          .where('target_id', 'in', [receipt.id, item.id])
          .orderBy('seq')
          .execute()
      ).map((a) => a.action);
      assert.deepEqual(actions.slice(-2), ['explanation.faq_approved', 'item.published']);
    });

    it('when the unit is editing the item, an approved FAQ joins the working version; a version under review refuses it', async () => {
      const ids: string[] = [];
      for (const q of ['第一个需要公开的问题？', '第二个需要公开的问题？']) {
        await ask({ question: q }, { ip: '10.40.0.7' });
        const id = (
          await t.ctx.db.kysely
            .selectFrom('explanation_requests')
            .select('id')
            .where('question', '=', q)
            .executeTakeFirstOrThrow()
        ).id;
        await clerk.form(`/console/explanations/${id}/answer`, {
          answer: `对${q}的答复。`,
          proposeFaq: '1',
          faqQuestion: q,
        });
        ids.push(id);
      }
      const cr = await clerk.post('/api/v1/changes', {
        kind: 'change',
        itemId: item.id,
        ground: 'art18.1',
        groundArisenOn: '2026-03-02',
      });
      assert.equal(cr.statusCode, 201);
      const before = await t.ctx.db.kysely.selectFrom('publications').select('seq').execute();
      assert.equal((await verifier.form(`/console/faq-approvals/${ids[0]}`, { decision: 'approve' })).statusCode, 303);
      assert.equal(
        (await t.ctx.db.kysely.selectFrom('publications').select('seq').execute()).length,
        before.length,
        'no publication yet',
      );
      const draft = (await clerk.get(`/api/v1/items/${item.id}`)).json();
      assert.ok(draft.content.faqs.some((f: { question: string }) => f.question === '第一个需要公开的问题？'));
      assert.equal((await clerk.post(`/api/v1/items/${item.id}/submit`, { attestation: true })).statusCode, 200);
      const refused = await verifier.form(`/console/faq-approvals/${ids[1]}`, { decision: 'approve' });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /请在其发布后再批准/);
      const declined = await verifier.form(`/console/faq-approvals/${ids[1]}`, {
        decision: 'decline',
        note: '与已有常见问题重复',
      });
      assert.equal(declined.statusCode, 303);
    });

    it("a request unanswered past its deadline is overdue: the unit's list and the bureau's supervision show it", async () => {
      t.clock.set('2026-03-17T02:00:00.000Z');
      // Sessions do not survive two weeks: sign in again.
      supervisor = await signedIn(app, await makeAccount(t.ctx, ['supervisor']), t.clock, '10.41.0.5');
      clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitId), t.clock, '10.41.0.6');
      const counts = await overdueCounts({ app: t.ctx, actor: SYSTEM_ACTOR, meta: {} });
      const mine = counts.find((c) => c.unitId === unitId);
      assert.ok(mine && mine.explanations >= 1, 'counted per unit');
      const supervision = (await supervisor.get('/console/supervision')).body;
      assert.match(supervision, /测试市场监管局/);
      assert.match(supervision, /超期未答复的说明解释申请/);
      const overdue = (await clerk.get('/console/explanations?status=overdue')).body;
      assert.match(overdue, /已超期/);
      // The clerk's home lists the requests waiting for the unit's answer, with their deadlines, and links every notification.
      const home = (await clerk.get('/console/work')).body;
      const waiting = /<h2>待答复的说明解释申请（(\d+)）<\/h2>([\s\S]*?)<\/section>/.exec(home);
      assert.ok(waiting && Number(waiting[1]) >= 1, 'a section for open requests');
      assert.match(waiting[2]!, /href="\/console\/explanations\/[0-9a-f-]+"/);
      assert.match(waiting[2]!, /class="overdue"/);
      assert.match(home, /href="\/console\/inbox"/, 'all notifications, read ones included, stay reachable');
      // The bureau drills down from the count to the requests themselves: masked, read-only.
      const link = supervision.match(/href="(\/console\/explanations\?status=overdue&amp;unitId=[^"]+)"/);
      assert.ok(link, "the count links to the unit's overdue requests");
      const list = await supervisor.get(link[1]!.replace(/&amp;/g, '&'));
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /测试市场监管局/);
      const detailHref = list.body.match(/href="(\/console\/explanations\/[^"?]+)"/)![1]!;
      const detail = await supervisor.get(detailHref);
      assert.equal(detail.statusCode, 200);
      assert.doesNotMatch(
        detail.body,
        /name="answer"|查看完整联系方式/,
        'no answer form and no unmasking for the bureau',
      );
      assert.equal((await supervisor.form(`${detailHref}/answer`, { answer: '代答' })).statusCode, 403);
      assert.equal((await supervisor.form(`${detailHref}/reveal`, {})).statusCode, 403);
    });
  });
}
