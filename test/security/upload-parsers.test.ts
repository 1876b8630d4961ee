import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { XLSX_TYPE } from '../../src/catalogue/catalogue-version.routes.js';
import { buildApp, type App } from '../../src/http/app.js';
import { signedIn, type Client } from '../support/client.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeAccount } from '../support/factories.js';

const MB = 1024 * 1024;
const MULTIPART = 'multipart/form-data; boundary=----shixiang';

/**
 * Upload parsers (multipart, xlsx) and their 10–20 MB limits live in an encapsulated plugin with only the upload
 * routes: any other route refuses such a body (415) without reading it, the application's 1 MB default applies
 * everywhere else, and an anonymous upload is refused before its body is read. The upload routes still take
 * files larger than 1 MB. Runs on SQLite: body parsing does not depend on the engine.
 */
describe('upload parsers are scoped to the upload routes', () => {
  let t: TestContext;
  let app: App;
  let port = 0;
  let verifier: Client;

  before(async () => {
    t = await createTestContext('sqlite');
    app = await buildApp(t.ctx);
    verifier = await signedIn(app, await makeAccount(t.ctx, ['verifier']), t.clock, '10.9.0.1');
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  after(async () => {
    await app.close();
    await t.cleanup();
  });

  /**
   * Announces `total` bytes, sends only the first 64 KB and waits for the answer. A server that reads the
   * whole body before answering never answers (the rest never comes): the test fails after 3 s.
   */
  function partialPost(path: string, headers: Record<string, string>, total: number): Promise<number> {
    return new Promise((resolve, reject) => {
      let done = false;
      const req = http.request({
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { ...headers, 'content-length': String(total) },
      });
      const timer = setTimeout(
        () =>
          finish(new Error(`${path}: no answer after 64 KB of ${total} bytes — the server waits for the whole body`)),
        3_000,
      );
      const finish = (err: Error | null, status?: number) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        req.destroy();
        if (err) reject(err);
        else resolve(status!);
      };
      req.on('response', (res) => {
        res.resume();
        finish(null, res.statusCode);
      });
      req.on('error', (e) => finish(e));
      req.write(Buffer.alloc(64 * 1024, 0x61));
    });
  }

  it('a 5 MB multipart or xlsx body to a route that takes no files gets 415 before it is read (unauthenticated API, public /track)', async () => {
    assert.equal(await partialPost('/api/v1/items', { 'content-type': MULTIPART }, 5 * MB), 415);
    assert.equal(await partialPost('/track', { 'content-type': MULTIPART }, 5 * MB), 415);
    assert.equal(await partialPost('/api/v1/items', { 'content-type': XLSX_TYPE }, 5 * MB), 415);
    assert.equal(await partialPost('/console/login', { 'content-type': XLSX_TYPE }, 5 * MB), 415);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: { 'content-type': MULTIPART },
      payload: Buffer.alloc(64),
    });
    assert.equal(res.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('signed in does not change it: other routes keep the 1 MB default and take no files', async () => {
    const multipart = await verifier.request('POST', '/api/v1/changes', Buffer.alloc(2 * MB, 0x61), {
      'content-type': MULTIPART,
    });
    assert.equal(multipart.statusCode, 415);
    const json = await verifier.request('POST', '/api/v1/changes', JSON.stringify({ summary: 'x'.repeat(2 * MB) }), {
      'content-type': 'application/json',
    });
    assert.equal(json.statusCode, 413);
  });

  it("an anonymous upload is refused (401) before its body is read; an upload over the route's limit gets 413 at once", async () => {
    assert.equal(
      await partialPost(
        '/api/v1/catalogue/versions/xlsx?label=x&sourceLevel=2&effectiveOn=2024-03-04',
        { 'content-type': XLSX_TYPE },
        15 * MB,
      ),
      401,
    );
    assert.equal(await partialPost('/console/catalogue/versions', { 'content-type': MULTIPART }, 9 * MB), 401);
    assert.equal(
      await partialPost(
        '/api/v1/catalogue/versions/xlsx?label=x&sourceLevel=2&effectiveOn=2024-03-04',
        { 'content-type': XLSX_TYPE, authorization: 'Bearer sxt_x' },
        25 * MB,
      ),
      413,
    );
    assert.equal(
      await partialPost('/console/catalogue/versions', { 'content-type': MULTIPART, cookie: 'sx_session=x' }, 11 * MB),
      413,
    );
  });

  it('the upload routes still take files larger than the 1 MB default', async () => {
    const garbage = Buffer.alloc(2 * MB, 0x61);
    const xlsx = await verifier.request(
      'POST',
      '/api/v1/catalogue/versions/xlsx?label=x&sourceLevel=2&effectiveOn=2024-03-04',
      garbage,
      { 'content-type': XLSX_TYPE },
    );
    assert.equal(xlsx.statusCode, 400, 'read and parsed (not 413): it is simply not a workbook');
    assert.equal(xlsx.json().error.issues[0].path, 'file');
    const boundary = '----shixiang';
    const form = Buffer.concat([
      Buffer.from(
        [
          `--${boundary}`,
          'Content-Disposition: form-data; name="_csrf"',
          '',
          verifier.csrf,
          `--${boundary}`,
          'Content-Disposition: form-data; name="label"',
          '',
          '大文件',
          `--${boundary}`,
          'Content-Disposition: form-data; name="sourceLevel"',
          '',
          '2',
          `--${boundary}`,
          'Content-Disposition: form-data; name="effectiveOn"',
          '',
          '2024-03-04',
          `--${boundary}`,
          'Content-Disposition: form-data; name="file"; filename="big.xlsx"',
          `Content-Type: ${XLSX_TYPE}`,
          '',
          '',
        ].join('\r\n'),
      ),
      garbage,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const page = await verifier.request('POST', '/console/catalogue/versions', form, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    assert.equal(page.statusCode, 400, 'read and parsed (not 413)');
    assert.match(page.body, /不是有效的 xlsx 文件/);
  });
});
