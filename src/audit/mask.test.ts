import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskDetails, maskText } from './mask.js';

describe('masking personal data in audit views (AUD-08, DATA-02)', () => {
  it('masks mobile numbers, ID numbers and e-mail addresses inside text', () => {
    assert.equal(
      maskText('电话13800138000，身份证14060319900101123X，邮箱zhang.san@example.cn'),
      '电话138****8000，身份证140603********123X，邮箱z***@example.cn',
    );
    assert.equal(maskText('0349-6012345'), '0349-6012345', 'office landlines are not personal data');
  });

  it('masks whole values under personal-data keys, at any depth, and leaves the rest', () => {
    const masked = JSON.parse(
      maskDetails(
        JSON.stringify({ username: 'zs', contact: { phone: '6012345', name: '张三' }, roles: ['unit_clerk'] }),
      )!,
    );
    assert.deepEqual(masked, { username: 'zs', contact: { phone: '6*****5', name: '张*' }, roles: ['unit_clerk'] });
  });

  it('masks unparseable details as text; null stays null', () => {
    assert.equal(maskDetails('not json 13800138000'), 'not json 138****8000');
    assert.equal(maskDetails(null), null);
  });
});
