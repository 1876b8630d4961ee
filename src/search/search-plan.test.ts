import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planSearch } from './search-plan.js';
import { parseQuery, typeKey, unitKey } from './tokenize.js';

describe('planSearch', () => {
  it('answers exact terms from the index alone', () => {
    const { tiers, nested } = planSearch(parseQuery('护照 补办'), {});
    const names = { nameHas: ['护照', '补办'], nameContains: [] };
    assert.deepEqual(tiers, [
      { ...names, nameHas: ['护照', '补办', '§护照'] },
      { ...names, nameLacks: '§护照' },
      { bodyHas: ['护照', '补办'], except: names },
    ]);
    assert.deepEqual(nested, [tiers[0], names, { bodyHas: ['护照', '补办'] }]);
  });

  it('checks inexact terms against the stored name', () => {
    const { tiers } = planSearch(parseQuery('社会保险费 ICP'), {});
    const names = { nameHas: ['社会保险', '会保险费', 'icp'], nameContains: ['社会保险费'] };
    assert.deepEqual(tiers, [
      { ...names, nameHas: [...names.nameHas, '§社会保险'], nameStartsWith: { text: '社会保险费', isNegated: false } },
      { ...names, nameStartsWith: { text: '社会保险费', isNegated: true } },
      { bodyHas: names.nameHas, except: names },
    ]);
  });

  it('narrows by unit and type through index keys', () => {
    const { nested } = planSearch(parseQuery('社保'), { unitId: 'u1', type: '01' });
    assert.deepEqual(nested[1].nameHas, ['社保', unitKey('u1'), typeKey('01')]);
    assert.deepEqual(nested[2].bodyHas, ['社保', unitKey('u1'), typeKey('01')]);
  });

  it('refuses a query without terms', () => {
    assert.throws(() => planSearch(parseQuery('！'), {}), TypeError);
  });
});
