import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ItemContent } from '../../domain/item-content.js';
import { coerceForm } from './coerce.js';
import type { JsonSchema } from './schema.js';

const schema = ItemContent as unknown as JsonSchema;

describe('coerceForm (console form → ItemContent shape)', () => {
  it('converts numbers, booleans, code sets and lines; drops empty inputs', () => {
    const v = coerceForm(
      schema,
      {
        name: '  事项  ',
        catalogCode: '000117051000',
        type: '01',
        useLevels: ['4', '4', ''],
        setBasis: { 0: { title: '《法》', article: '' } },
        sceneVisits: '0',
        isFee: 'false',
        promiseLimit: { value: '10', unit: '1', note: '' },
        transactAddr: '',
        ext: { personThemes: '户籍\n\n社保\n户籍', inHall: '' },
      },
      true,
    ) as Record<string, unknown>;
    assert.deepEqual(v, {
      name: '事项',
      catalogCode: '000117051000',
      type: '01',
      useLevels: ['4'],
      setBasis: [{ title: '《法》' }],
      sceneVisits: 0,
      isFee: false,
      promiseLimit: { value: 10, unit: '1' },
      ext: { personThemes: ['户籍', '社保'] },
    });
  });

  it('drops blank and deleted rows of repeated elements', () => {
    const v = coerceForm(
      schema,
      {
        name: 'x',
        catalogCode: '000117051000',
        type: '01',
        materials: [
          { name: '申请书', necessity: '1', form: '1', source: '1', paperCopies: '2' },
          { name: '旧材料', necessity: '1', form: '1', source: '1', _delete: '1' },
          { name: '', necessity: '', form: '', source: '' },
        ],
      },
      true,
    ) as { materials: unknown[] };
    assert.deepEqual(v.materials, [{ name: '申请书', necessity: '1', form: '1', source: '1', paperCopies: 2 }]);
  });

  it('an untouched type-specific block is absent, not an empty object with required lists', () => {
    const v = coerceForm(
      schema,
      { name: 'x', catalogCode: '000117051000', type: '01', penalty: { violation: '', range: '' } },
      true,
    ) as Record<string, unknown>;
    assert.equal(v.penalty, undefined);
  });

  it('keeps a value it cannot convert, so validation reports it with its path', () => {
    const v = coerceForm(schema, { name: 'x', catalogCode: 'C', type: '01', sceneVisits: 'three' }, true) as Record<
      string,
      unknown
    >;
    assert.equal(v.sceneVisits, 'three');
  });
});
