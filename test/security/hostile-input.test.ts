import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, testDialects, type TestContext } from '../support/context.js';
import { licenceContent, makeAccount, makeUnit } from '../support/factories.js';
import { freshCode } from '../support/workflow.js';

/**
 * IN-01/IN-02 for hostile text: text is normalised once for every route (NFC; control characters, bidi
 * overrides, lone surrogates and invalid UTF-8 refused with a Chinese 400 naming the field; line breaks only
 * in multi-line fields; minimum lengths count visible characters), and malformed, empty, oversized bodies and
 * over-long headers or query strings get the project's error body in Chinese, never Fastify's English.
 */
for (const dialect of testDialects()) {
  describe(`[${dialect}] hostile text and malformed requests`, () => {
    let t: TestContext;
    let app: App;
    let clerk: Client;
    before(async () => {
      t = await createTestContext(dialect);
      app = await buildApp(t.ctx);
      const unitId = (await makeUnit(t.ctx)).id;
      clerk = await signedIn(app, await makeAccount(t.ctx, ['unit_clerk'], unitId), t.clock, '10.50.0.1');
    });
    after(async () => {
      await app.close();
      await t.cleanup();
    });

    const createWithName = (name: string) =>
      clerk.post('/api/v1/items', { granularity: 'main', content: licenceContent({ catalogCode: freshCode(), name }) });
    const assertRefused = (res: { statusCode: number; json(): any }, path: string, message: RegExp) => {
      assert.equal(res.statusCode, 400);
      const { error } = res.json();
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.equal(error.issues[0].path, path);
      assert.match(error.issues[0].message, message);
      assert.ok(error.requestId);
    };

    it('IN-02: control characters, bidi overrides, lone surrogates and invalid UTF-8 are refused, naming the field', async () => {
      assertRefused(await createWithName('食品经营许可\u0007'), 'content.name', /事项名称不能包含控制字符/);
      assertRefused(await createWithName('食品经营许可\u001b[31m'), 'content.name', /控制字符/);
      assertRefused(await createWithName('许可\u202Egnp.exe'), 'content.name', /改变文字方向/);
      assertRefused(await createWithName('许可\u2066隐藏\u2069'), 'content.name', /改变文字方向/);
      const surrogate = JSON.stringify({
        granularity: 'main',
        content: { ...licenceContent({ catalogCode: freshCode() }), name: 'x\ud800y' },
      });
      assert.match(surrogate, /\\ud800/, 'the lone surrogate travels as an escape');
      assertRefused(
        await clerk.post('/api/v1/items', surrogate, { 'content-type': 'application/json' }),
        'content.name',
        /无效的字符编码/,
      );
      const body = Buffer.from(
        JSON.stringify({
          granularity: 'main',
          content: { ...licenceContent({ catalogCode: freshCode() }), name: 'AB' },
        }),
      );
      const at = body.indexOf('"AB"') + 1;
      body[at] = 0xff; // invalid UTF-8 inside the string
      assertRefused(
        await clerk.post('/api/v1/items', body, { 'content-type': 'application/json' }),
        'content.name',
        /无效的字符编码/,
      );
      assertRefused(await clerk.get('/api/v1/items?q=%E2%80%AEabc'), 'querystring.q', /改变文字方向/);
    });

    it('IN-02: line breaks only in multi-line fields; minimum lengths count visible characters', async () => {
      assertRefused(
        await clerk.post('/api/v1/auth/login', { username: 'a\nb', password: 'x' }),
        'username',
        /只能填写一行/,
      );
      assertRefused(await createWithName('\u200b\u200b\u200d'), 'content.name', /不能为空或只含空白、不可见字符/);
      assertRefused(await createWithName(' \u3000\ufeff'), 'content.name', /不能为空/);
      const multiLine = await clerk.post('/api/v1/items', {
        granularity: 'main',
        content: licenceContent({
          catalogCode: freshCode(),
          name: '多行测试许可',
          acceptCondition: '一、申请人应当具备条件；\n二、\t材料齐全。',
        }),
      });
      assert.equal(multiLine.statusCode, 201, multiLine.body);
    });

    it('IN-02: text is stored NFC-normalised', async () => {
      const res = await createWithName('Cafe\u0301 经营许可');
      assert.equal(res.statusCode, 201, res.body);
      const item = (await clerk.get(`/api/v1/items/${res.json().id}`)).json();
      assert.equal(item.content?.name ?? item.workingVersion?.content?.name ?? item.name, 'Caf\u00e9 经营许可');
    });

    it('malformed, empty and oversized JSON bodies get the error body in Chinese', async () => {
      for (const payload of ['{"granularity":', '{granularity: 1}', '']) {
        const res = await clerk.post('/api/v1/items', payload, { 'content-type': 'application/json' });
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        const { error } = res.json();
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.match(error.message, /请求体/);
        assert.doesNotMatch(res.body, /[Uu]nexpected|Body cannot|JSON at position|Bad Request/);
        assert.ok(error.requestId);
      }
      const huge = await clerk.post('/api/v1/items', JSON.stringify({ x: 'y'.repeat(2 * 1024 * 1024) }), {
        'content-type': 'application/json',
      });
      assert.equal(huge.statusCode, 413);
      assert.equal(huge.json().error.code, 'PAYLOAD_TOO_LARGE');
      assert.match(huge.json().error.message, /请求体过大/);
    });

    it('over-long headers and query strings get 431 with the error body in Chinese', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const get = (path: string, headers: Record<string, string> = {}) =>
        new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (body += c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
            );
          });
          req.on('error', reject);
        });
      for (const res of [
        await get('/api/public/v1/items', { 'x-padding': 'a'.repeat(20_000) }),
        await get(`/api/public/v1/items?q=${'a'.repeat(20_000)}`),
        await get(`/api/public/v1/items?q=${'a'.repeat(9_000)}`),
      ]) {
        assert.equal(res.status, 431, res.body);
        assert.match(res.type, /application\/json/);
        const { error } = JSON.parse(res.body);
        assert.equal(error.code, 'HEADERS_TOO_LARGE');
        assert.match(error.message, /过长/);
        assert.ok(error.requestId);
      }
      assert.equal((await get('/api/public/v1/items')).status, 200, 'the server still answers');
    });
  });
}
