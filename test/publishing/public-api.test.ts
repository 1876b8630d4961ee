import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createContext, type AppContext } from '../../src/app/context.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { loadConfig } from '../../src/config/config.js';
import { sm3Hex } from '../../src/crypto/sm.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createItem } from '../../src/items/item.service.js';
import { SEARCH_LIMIT } from '../../src/publishing/public-search.js';
import { canonicalJson } from '../../src/shared/json.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeUnit } from '../support/factories.js';
import {
  cancelItem,
  nextCatalogCode,
  publishItem,
  republishItem,
  suspendItem,
  type PublishedItem,
} from '../support/publishing.js';
import pino from 'pino';

/**
 * The public read API (`/api/public/v1`): only published content, filters and paging, changes since a
 * sequence number, search with name hits first, ETag / Last-Modified / 304, CORS, the publication sequence
 * and a content hash on every response, and caches that follow a publication at once, on one instance
 * and on two instances sharing one database.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] public API`, () => {
    let t: TestContext;
    let app: App;
    let unitA: string;
    let unitB: string;
    const it_ = {} as Record<'passport' | 'card' | 'text' | 'corp' | 'gone', PublishedItem>;

    const get = (url: string, headers: Record<string, string> = {}, ip = '10.20.0.1') =>
      app.inject({ method: 'GET', url, headers, remoteAddress: ip });
    const maxSeq = async () =>
      Number(
        (
          await t.ctx.db.kysely
            .selectFrom('publications')
            .select((eb) => eb.fn.max<number>('seq').as('m'))
            .executeTakeFirstOrThrow()
        ).m,
      );

    before(async () => {
      t = await createTestContext(dialect);
      t.clock.set('2026-03-02T02:00:00.000Z');
      app = await buildApp(t.ctx);
      unitA = (await makeUnit(t.ctx, { name: '测试公安分局', online_system_url: 'https://ga.example.gov.cn/ban' })).id;
      unitB = (await makeUnit(t.ctx, { name: '测试社会保险中心' })).id;
      it_.passport = await publishItem(t.ctx, unitA, {
        name: '护照签发',
        type: '07',
        serviceObjects: ['1'],
        ext: { personThemes: ['出境入境'] },
      });
      it_.card = await publishItem(t.ctx, unitB, {
        name: '社保卡申领',
        type: '20',
        serviceObjects: ['1'],
        ext: { personThemes: ['社会保障'] },
        online: { channel: 'platform' },
      });
      it_.text = await publishItem(t.ctx, unitB, {
        name: '失业保险金给付',
        type: '05',
        serviceObjects: ['1'],
        acceptCondition: '已参加失业保险（社保缴费满一年）。',
      });
      it_.corp = await publishItem(t.ctx, unitA, {
        name: '公章刻制备案',
        serviceObjects: ['2'],
        ext: { corporateThemes: ['准营准办'] },
      });
      it_.gone = await publishItem(t.ctx, unitB, { name: '社保关系转移（已取消）', type: '20', serviceObjects: ['1'] });
      await cancelItem(t.ctx, it_.gone.id);
      await suspendItem(t.ctx, it_.corp.id);
      // A draft never reaches the public, whatever its name.
      await createItem(
        { app: t.ctx, actor: SYSTEM_ACTOR, meta: {} },
        {
          unitId: unitB,
          granularity: 'main',
          content: licenceContent({ catalogCode: nextCatalogCode(), name: '社保待遇草稿' }),
        },
      );
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    it('every body starts with the publication (sequence, time, SM3 of the rest); headers repeat it', async () => {
      const res = await get('/api/public/v1/items');
      assert.equal(res.statusCode, 200);
      const body = res.json();
      const seq = await maxSeq();
      assert.equal(body.publication.seq, seq);
      assert.equal(res.headers['x-publication-seq'], String(seq));
      const { publication, ...data } = body;
      assert.equal(publication.contentHash, sm3Hex(canonicalJson(data)));
      assert.equal(res.headers['x-content-hash'], publication.contentHash);
      assert.match(String(res.headers.etag), new RegExp(`^"${seq}-[0-9a-f]{32}"$`));
      assert.ok(res.headers['last-modified']);
      assert.equal(res.headers['cache-control'], 'no-cache');
    });

    it('lists only published, not cancelled items, with filters by unit, type, audience and theme, and paging', async () => {
      const all = (await get('/api/public/v1/items?limit=100')).json();
      const names = all.items.map((i: { name: string }) => i.name).sort();
      assert.deepEqual(names, ['公章刻制备案', '失业保险金给付', '护照签发', '社保卡申领'].sort());
      assert.equal(all.total, 4);
      const byUnit = (await get(`/api/public/v1/items?unit=${unitB}`)).json();
      assert.deepEqual(byUnit.items.map((i: { name: string }) => i.name).sort(), ['失业保险金给付', '社保卡申领']);
      assert.equal((await get('/api/public/v1/items?type=20')).json().items[0].name, '社保卡申领');
      assert.deepEqual(
        (await get('/api/public/v1/items?audience=corporate')).json().items.map((i: { name: string }) => i.name),
        ['公章刻制备案'],
      );
      assert.deepEqual(
        (await get(`/api/public/v1/items?audience=person&theme=${encodeURIComponent('社会保障')}`))
          .json()
          .items.map((i: { name: string }) => i.name),
        ['社保卡申领'],
      );
      const page1 = (await get('/api/public/v1/items?limit=3')).json();
      const page2 = (await get('/api/public/v1/items?limit=3&offset=3')).json();
      assert.equal(page1.items.length, 3);
      assert.equal(page2.items.length, 1);
      assert.equal(new Set([...page1.items, ...page2.items].map((i: { code: string }) => i.code)).size, 4);
      assert.equal((await get('/api/public/v1/items?limit=1000')).statusCode, 400);
      assert.equal((await get('/api/public/v1/items?type=99')).statusCode, 400);
    });

    it('one item by 实施编码: every public element, its online channel, no internal overrides; a draft is 404, a cancelled item 410 GONE with when and why', async () => {
      const res = await get(`/api/public/v1/items/${it_.passport.code}`);
      assert.equal(res.statusCode, 200);
      const item = res.json();
      assert.equal(item.name, '护照签发');
      assert.equal(item.content.materials.length, 2);
      assert.equal(item.content.overrides, undefined);
      assert.equal(item.itemId, undefined, 'internal ids stay inside');
      assert.deepEqual(item.onlineHandling, {
        channel: 'platform',
        url: t.ctx.config.jurisdiction.platformChannelUrl,
        reason: null,
      });
      assert.equal(item.lastPublication.kind, 'add');
      const gone = await get(`/api/public/v1/items/${it_.gone.code}`);
      assert.equal(gone.statusCode, 410);
      assert.equal(gone.json().error.code, 'GONE');
      assert.ok(gone.json().error.details.cancelledAt && gone.json().error.details.groundLabel, gone.body);
      assert.deepEqual(gone.json().error.details.successors, []);
      assert.equal((await get('/api/public/v1/items/1114060300000000XX4000000000000')).statusCode, 404);
      const suspended = (await get(`/api/public/v1/items/${it_.corp.code}`)).json();
      assert.equal(suspended.lifeState, 'suspended');
    });

    it('units with their item counts; a unit with its catalogue hash, equal to the catalogue manifest', async () => {
      const units = (await get('/api/public/v1/units')).json().units;
      assert.equal(units.find((u: { id: string }) => u.id === unitB).itemCount, 2);
      const unit = (await get(`/api/public/v1/units/${unitB}`)).json();
      const catalogue = (await get(`/api/public/v1/catalogue?unit=${unitB}`)).json();
      assert.equal(unit.catalogue.hash, catalogue.catalogue.hash);
      assert.equal(catalogue.items.length, 2);
      assert.equal(catalogue.catalogue.hash, sm3Hex(canonicalJson(catalogue.items)));
      const byUscc = (
        await get(`/api/public/v1/units/${units.find((u: { id: string }) => u.id === unitB).uscc}`)
      ).json();
      assert.equal(byUscc.unit.id, unitB);
      assert.equal((await get('/api/public/v1/units/nobody')).statusCode, 404);
    });

    it('changes since a sequence number, ascending, paged by `next`; the cancellation stays in the log', async () => {
      const first = (await get('/api/public/v1/changes?since=0&limit=3')).json();
      assert.deepEqual(
        first.changes.map((c: { seq: number }) => c.seq),
        [1, 2, 3],
      );
      assert.equal(first.next, 3);
      assert.equal(first.hasMore, true);
      const rest = (await get(`/api/public/v1/changes?since=${first.next}`)).json();
      assert.equal(rest.hasMore, false);
      const kinds = [...first.changes, ...rest.changes].map((c: { kind: string }) => c.kind);
      assert.deepEqual(kinds, ['add', 'add', 'add', 'add', 'add', 'cancel', 'suspend']);
      const cancel = rest.changes.find((c: { kind: string }) => c.kind === 'cancel');
      assert.equal(cancel.isPublic, false);
      assert.equal(cancel.ground, 'art16.2');
      assert.match(cancel.groundLabel, /国务院和省、市人民政府决定取消/);
      assert.deepEqual((await get(`/api/public/v1/changes?since=${await maxSeq()}`)).json().changes, []);
      assert.equal((await get(`/api/public/v1/changes?unit=${unitA}`)).json().changes.length, 3);
    });

    it('search: a 2-character query finds names first, then guide texts; filters by unit and type; drafts and cancelled items are not found', async () => {
      const res = (await get(`/api/public/v1/search?q=${encodeURIComponent('社保')}`)).json();
      assert.deepEqual(
        res.hits.map((h: { match: string; item: { name: string } }) => [h.match, h.item.name]),
        [
          ['name', '社保卡申领'],
          ['text', '失业保险金给付'],
        ],
      );
      assert.equal(res.total, 2);
      assert.equal((await get(`/api/public/v1/search?q=${encodeURIComponent('社保')}&type=20`)).json().total, 1);
      assert.equal((await get(`/api/public/v1/search?q=${encodeURIComponent('社保')}&unit=${unitA}`)).json().total, 0);
      assert.equal(
        (await get(`/api/public/v1/search?q=${encodeURIComponent('护照')}`)).json().hits[0].item.code,
        it_.passport.code,
      );
      assert.equal((await get('/api/public/v1/search?q=%20')).statusCode, 400);
    });

    it('ETag and Last-Modified: 304 until the next publication, then 200 with the new sequence', async () => {
      const url = `/api/public/v1/items/${it_.card.code}`;
      const first = await get(url);
      const etag = String(first.headers.etag);
      const again = await get(url, { 'if-none-match': etag });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      assert.equal(again.headers['x-publication-seq'], first.headers['x-publication-seq']);
      assert.equal((await get(url, { 'if-modified-since': String(first.headers['last-modified']) })).statusCode, 304);
      t.clock.advance(60_000);
      await republishItem(t.ctx, it_.card.id, { transactTime: '工作日 9:00-17:00' });
      const fresh = await get(url, { 'if-none-match': etag });
      assert.equal(fresh.statusCode, 200);
      assert.notEqual(fresh.headers.etag, etag);
      assert.equal(fresh.json().content.transactTime, '工作日 9:00-17:00');
      assert.equal(fresh.json().publication.seq, await maxSeq());
      assert.equal((await get(url, { 'if-modified-since': String(first.headers['last-modified']) })).statusCode, 200);
    });

    it('CORS: open to every origin without credentials, preflight answered, errors readable too', async () => {
      const res = await get('/api/public/v1/units', { origin: 'https://www.unit.example.gov.cn' });
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['access-control-allow-credentials'], undefined);
      assert.match(String(res.headers['access-control-expose-headers']), /X-Publication-Seq/);
      const pre = await app.inject({
        method: 'OPTIONS',
        url: '/api/public/v1/items?unit=x',
        headers: {
          origin: 'https://a.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'if-none-match',
        },
      });
      assert.equal(pre.statusCode, 204);
      assert.match(String(pre.headers['access-control-allow-headers']), /If-None-Match/);
      assert.equal(
        (await get('/api/public/v1/items/1114060300000000XX4000000000000', { origin: 'https://a.example' })).headers[
          'access-control-allow-origin'
        ],
        '*',
      );
      assert.equal(
        (await get('/api/v1/items', { origin: 'https://a.example' })).headers['access-control-allow-origin'],
        undefined,
        'the staff API is not CORS-open',
      );
    });

    it('IN-07: search is rate-limited per address: 429 with Retry-After', async () => {
      const ip = '10.20.9.9';
      for (let i = 0; i < SEARCH_LIMIT.perMinute; i++)
        assert.equal((await get(`/api/public/v1/search?q=${encodeURIComponent('护照')}`, {}, ip)).statusCode, 200);
      const limited = await get(`/api/public/v1/search?q=${encodeURIComponent('护照')}`, {}, ip);
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      assert.equal(limited.json().error.code, 'RATE_LIMITED');
      assert.equal(
        (await get(`/api/public/v1/search?q=${encodeURIComponent('护照')}`, {}, '10.20.9.10')).statusCode,
        200,
        'another address is not affected',
      );
    });

    it('a publication is visible at once on API, portal and feeds of a warmed-up instance', async () => {
      const urls = [
        `/api/public/v1/items?unit=${unitA}`,
        `/units/${unitA}`,
        '/feeds/changes.atom',
        '/feeds/changes.json',
        `/api/public/v1/search?q=${encodeURIComponent('驾驶')}`,
      ];
      for (const url of urls) await get(url); // warm every cache
      const added = await publishItem(t.ctx, unitA, { name: '驾驶证补领', serviceObjects: ['1'] });
      const seq = String(await maxSeq());
      for (const url of urls) {
        const res = await get(url);
        assert.equal(res.headers['x-publication-seq'], seq, url);
        assert.match(res.body, /驾驶证补领/, url);
      }
      assert.equal((await get(`/items/${added.code}`)).statusCode, 200);
    });

    it('two app instances on one database: a publication through one is served by the other within 100 ms', async () => {
      const other: AppContext = await createContext(loadConfig(t.env), {
        clock: t.clock,
        log: pino({ level: 'silent' }),
      });
      const second = await buildApp(other);
      try {
        const url = `/api/public/v1/items?unit=${unitB}&limit=100`;
        const before = await second.inject({ method: 'GET', url });
        assert.doesNotMatch(before.body, /医保备案/);
        const etag = String(before.headers.etag);
        await second.inject({ method: 'GET', url: '/' }); // its portal cache is warm too
        await publishItem(t.ctx, unitB, { name: '异地就医医保备案', serviceObjects: ['1'] });
        // The other instance reads the publication stamp at most every STAMP_TTL_MS: poll it as a client would.
        const published = performance.now();
        let afterRes = await second.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
        while (afterRes.statusCode === 304 && performance.now() - published < 1000) {
          await new Promise((resolve) => setTimeout(resolve, 2));
          afterRes = await second.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
        }
        const visibleAfter = performance.now() - published;
        assert.equal(afterRes.statusCode, 200, 'the other instance does not keep answering 304 with the old content');
        assert.ok(visibleAfter < 100, `visible on the other instance after ${visibleAfter.toFixed(1)} ms`);
        assert.match(afterRes.body, /异地就医医保备案/);
        assert.equal(afterRes.headers['x-publication-seq'], String(await maxSeq()));
        assert.match(
          (await second.inject({ method: 'GET', url: '/' })).body,
          new RegExp(`data-publication-seq="${await maxSeq()}"`),
        );
      } finally {
        await second.close();
        await other.db.close();
      }
    });
  });
}
