import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ItemContent } from '../domain/item-content.js';
import { docIdRange, guideTextsOf, prepareDoc } from './search-doc.js';
import { typeKey, unitKey } from './tokenize.js';

describe('prepareDoc', () => {
  const doc = prepareDoc({
    itemId: 'item-1',
    unitId: 'unit-1',
    type: '20',
    name: '社保卡（申领）',
    texts: ['凭居民身份证办理', '', '！'],
  });

  it('keeps the normalised name for exact checks', () => assert.equal(doc.nameNorm, '社保卡 申领'));

  it('indexes the name with single characters, start markers and filter keys', () => {
    for (const token of ['社', '社保', '社保卡', '申领', '§社', '§社保', '§社保卡', unitKey('unit-1'), typeKey('20')]) {
      assert.ok(doc.nameTokens.includes(token), token);
    }
  });

  it('indexes guide texts without single characters', () => {
    assert.ok(doc.textTokens.includes('身份证'));
    assert.ok(!doc.textTokens.includes('凭'));
  });

  it('measures the name in code points of the normalised name', () => assert.equal(doc.nameLength, 6));

  it('indexes a full form a second time as its abbreviation (社会保险 → 社保), keeping the real name', () => {
    const full = prepareDoc({
      itemId: 'item-2',
      unitId: 'unit-1',
      type: '20',
      name: '社会保险费缴纳',
      texts: ['本区户籍人员'],
    });
    assert.equal(full.nameNorm, '社会保险费缴纳');
    assert.equal(full.nameLength, 7);
    for (const token of ['社保', '社保费', '§社保', '§社保费', '社会保险'])
      assert.ok(full.nameTokens.includes(token), token);
    assert.ok(full.textTokens.includes('户口') && full.textTokens.includes('户籍'));
  });
});

describe('docIdRange', () => {
  it('puts every shorter name before every longer one', () => {
    assert.equal(docIdRange(4).end, docIdRange(5).first);
    assert.ok(docIdRange(4).first < docIdRange(4).end);
  });

  it('stays a safe integer, also for names over the schema limit', () => {
    assert.deepEqual(docIdRange(5000), docIdRange(1023));
    assert.ok(Number.isSafeInteger(docIdRange(5000).end));
  });
});

describe('guideTextsOf', () => {
  it('collects what citizens search for, skipping empty fields', () => {
    const content = {
      name: '护照签发',
      catalogCode: '000117051000',
      type: '07',
      setBasis: [],
      useLevels: ['4'],
      acceptCondition: '申请人为中国公民',
      localTaskCode: '',
      materials: [{ name: '居民身份证', necessity: '1', form: '1', source: '1' }],
      scenarios: [{ name: '首次申领' }],
      faqs: [{ question: '需要几天？', answer: '7个工作日' }],
      ext: { resultName: '护照', personThemes: ['出境'] },
    } as ItemContent;
    assert.deepEqual(guideTextsOf(content, { unitName: '区公安分局', taskCode: '11330106QR00001000' }), [
      '区公安分局',
      '11330106QR00001000',
      '000117051000',
      '申请人为中国公民',
      '居民身份证',
      '首次申领',
      '需要几天？',
      '7个工作日',
      '护照',
      '出境',
    ]);
  });
});
