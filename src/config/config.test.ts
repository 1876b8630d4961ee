import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConfigErrors, loadConfig } from './config.js';
import { CONFIG_DOC_URL, renderConfigDoc } from './generate-docs.js';

describe('configuration', () => {
  it('defaults to SQLite under ./data and the 平鲁区 jurisdiction', () => {
    const c = loadConfig({});
    assert.equal(c.db.kind, 'sqlite');
    assert.match(c.db.kind === 'sqlite' ? c.db.file : '', /data[/\\]shixiang\.db$/);
    assert.equal(c.jurisdiction.regionCode, '140603');
    assert.equal(c.jurisdiction.areaCode, '0349');
    assert.equal(c.deadlines.adjustmentWorkingDays, 3);
    assert.ok(Object.isFrozen(c.jurisdiction));
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' });
    assert.equal(c.db.kind, 'postgres');
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /PORT: must be an integer/],
    [{ PORT: '70000' }, /PORT: must be between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must be a postgres:\/\/ URL/],
    [{ JURISDICTION_REGION_CODE: '1406' }, /JURISDICTION_REGION_CODE: must be six digits/],
    [{ JURISDICTION_AREA_CODE: '349' }, /JURISDICTION_AREA_CODE/],
    [{ BEHIND_TLS: 'maybe' }, /BEHIND_TLS: must be true or false/],
    [{ MANAGEMENT_CIDRS: '10.0.0.0/8,not-an-ip' }, /"not-an-ip" is not an IP/],
    [{ AUDIT_HMAC_KEY: 'short' }, /AUDIT_HMAC_KEY: must be 64 hexadecimal/],
    [{ NODE_ENV: 'production' }, /must be set in production/],
    [{ SMTP_URL: 'mail.example.gov.cn' }, /SMTP_URL: must be a URL/],
    [{ SMTP_URL: 'https://mail.example.gov.cn' }, /SMTP_URL: must use smtp:\/\/ or smtps:\/\//],
    [{ ITEM_TYPES: '01,12' }, /ITEM_TYPES: unknown item type code\(s\) 12/],
    [{ CATALOG_CODE_LENGTHS: '14' }, /CATALOG_CODE_LENGTHS: must include 12/],
    [{ CATALOG_CODE_LENGTHS: '12,18' }, /CATALOG_CODE_LENGTHS: "18" is not a length from 12 to 17/],
    [{ CATALOG_CODE_LENGTHS: '12,x' }, /CATALOG_CODE_LENGTHS: "x" is not a length/],
    [{ PUBLIC_BASE_URL: 'zwfw.pinglu.gov.cn' }, /PUBLIC_BASE_URL: must be a URL/],
    [{ PUBLIC_BASE_URL: 'ftp://zwfw.pinglu.gov.cn' }, /PUBLIC_BASE_URL: must use http:\/\/ or https:\/\//],
    [{ PUBLIC_BASE_URL: 'https://zwfw.pinglu.gov.cn/?x=1' }, /PUBLIC_BASE_URL: must be a plain site address/],
  ];
  for (const [env, message] of bad) {
    it(`refuses ${JSON.stringify(env)} with a message naming the variable`, () => {
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigErrors && message.test(e.message),
      );
    });
  }

  it("checks 基本编码 as the national 12 characters by default and accepts a province's longer lengths when listed", () => {
    assert.deepEqual(loadConfig({}).catalogCodeLengths, [12]);
    assert.deepEqual(loadConfig({ CATALOG_CODE_LENGTHS: '14, 12,14' }).catalogCodeLengths, [12, 14]);
  });

  it('accepts the national eleven item types by default and 行政备案 when listed', () => {
    assert.deepEqual(loadConfig({}).itemTypes, ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20']);
    assert.deepEqual(loadConfig({ ITEM_TYPES: '01, 11,20' }).itemTypes, ['01', '11', '20']);
  });

  it("PUBLIC_BASE_URL prefixes the public API's links when set; unset, they are relative (never localhost)", () => {
    assert.equal(
      loadConfig({ PUBLIC_BASE_URL: 'https://zwfw.pinglu.gov.cn/' }).http.publicLinkBase,
      'https://zwfw.pinglu.gov.cn',
    );
    assert.equal(loadConfig({}).http.publicLinkBase, '');
  });

  it('accepts an smtps:// mail server', () => {
    assert.equal(
      loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.gov.cn:465' }).mail.smtpUrl,
      'smtps://u:p@mail.example.gov.cn:465',
    );
  });

  it('reports every bad variable at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' }),
      (e: unknown) => e instanceof ConfigErrors && e.problems.length === 2,
    );
  });

  it('docs/configuration.md is the committed output of renderConfigDoc() (run `npm run docs`)', () => {
    assert.equal(readFileSync(CONFIG_DOC_URL, 'utf8'), renderConfigDoc());
  });
});
