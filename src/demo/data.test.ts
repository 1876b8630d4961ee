import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Value from 'typebox/value';
import { NATIONAL_ITEM_TYPES } from '../domain/enums.js';
import { ItemContent, type Citation } from '../domain/item-content.js';
import { composeTaskCode, CATALOG_CODE_RE } from '../domain/task-code.js';
import { isValidUscc, orgCodeCheckChar } from '../domain/uscc.js';
import { loosen, type LooseContent } from './data/content/loose.js';
import { FLAWS } from './data/flaws.js';
import { generateDemoData, type DemoItem, type DemoState } from './data/index.js';
import { FEATURED_KEYS } from './data/states.js';

const data = generateDemoData();
const FLAWED = new Set(FLAWS.map((f) => f.key));
const unitsByKey = new Map(data.units.map((u) => [u.key, u]));
const entriesByCode = new Map(data.catalogue.map((e) => [e.catalogCode, e]));
const itemsByKey = new Map(data.items.map((i) => [i.key, i]));
const lawsByKey = new Map(data.laws.map((l) => [l.key, l]));
const STATES: readonly DemoState[] = [
  'draft',
  'submitted',
  'returned',
  'verified',
  'published',
  'published_with_draft',
  'suspended',
  'cancelled',
];

const contentsOf = (item: DemoItem) => (item.draftContent ? [item.content, item.draftContent] : [item.content]);
const citationsOf = (c: ItemContent) => [...(c.setBasis ?? []), ...(c.implBasis ?? [])];
const taskCodeOf = (item: DemoItem) =>
  composeTaskCode({ uscc: unitsByKey.get(item.unitKey)!.uscc, level: '4', catalogCode: item.catalogCode });

function unique(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  const dupes = values.filter((v) => seen.size === seen.add(v).size);
  assert.deepEqual(dupes, [], `duplicate ${what}`);
}

describe('demo data', () => {
  it('is deterministic and returns independent copies', () => {
    const again = generateDemoData();
    assert.deepStrictEqual(again, data);
    again.items[0]!.content.name = 'changed';
    again.laws[0]!.articles[0]!.text = 'changed';
    assert.deepStrictEqual(generateDemoData(), data);
  });

  it('has the expected size and every item type', () => {
    assert.ok(data.units.length >= 35 && data.units.length <= 45, `${data.units.length} units`);
    assert.ok(data.items.length >= 270 && data.items.length <= 330, `${data.items.length} items`);
    assert.ok(data.laws.length >= 30, `${data.laws.length} laws`);
    assert.ok(data.catalogue.length >= 200, `${data.catalogue.length} catalogue entries`);
    const types = new Set(data.items.map((i) => i.content.type));
    assert.deepEqual([...types].sort(), [...NATIONAL_ITEM_TYPES].sort());
  });

  it('puts at least one item in each demo state, with the state-specific extras', () => {
    for (const state of STATES)
      assert.ok(
        data.items.some((i) => i.demoState === state),
        `no ${state} item`,
      );
    for (const item of data.items) {
      assert.equal(!!item.draftContent, item.demoState === 'published_with_draft', `${item.key}: draftContent`);
      assert.equal(!!item.reviewComment, item.demoState === 'returned', `${item.key}: reviewComment`);
      if (item.draftContent) assert.notDeepEqual(item.draftContent, item.content, `${item.key}: empty pending change`);
    }
    const published = data.items.filter(
      (i) => i.demoState === 'published' || i.demoState === 'published_with_draft',
    ).length;
    assert.ok(published / data.items.length > 0.55 && published / data.items.length < 0.8, `${published} published`);
  });

  it('gives every unit a valid, unique USCC with a valid embedded organisation code', () => {
    for (const unit of data.units) {
      assert.ok(isValidUscc(unit.uscc), `${unit.key}: ${unit.uscc}`);
      assert.equal(unit.uscc.slice(2, 8), '140603', `${unit.key}: region`);
      assert.equal(orgCodeCheckChar(unit.uscc.slice(8, 16)), unit.uscc[16], `${unit.key}: 组织机构代码 check`);
      assert.match(unit.phone, /^0349-60\d{5}$/);
      if (unit.onlineSystemUrl) assert.match(unit.onlineSystemUrl, /^https:\/\/[a-z0-9.-]+\.example\.gov\.cn(\/|$)/);
      assert.ok(
        data.items.some((i) => i.unitKey === unit.key),
        `${unit.key} has no items`,
      );
    }
    unique(
      data.units.map((u) => u.uscc),
      'USCC',
    );
    unique(
      data.units.map((u) => u.key),
      'unit key',
    );
    unique(
      data.units.map((u) => u.phone),
      'unit phone',
    );
    const reviewing = data.units.filter((u) => u.unitReview).length;
    assert.ok(reviewing >= 3 && reviewing <= 7, `${reviewing} units with unit review`);
  });

  it('has unique catalogue codes, existing parents and every type represented', () => {
    unique(
      data.catalogue.map((e) => e.catalogCode),
      'catalogue code',
    );
    for (const entry of data.catalogue) {
      assert.match(entry.catalogCode, CATALOG_CODE_RE);
      assert.ok(entry.setBasis.length > 0, `${entry.catalogCode}: no 设定依据`);
      if (entry.parentCode)
        assert.equal(entriesByCode.get(entry.parentCode)?.type, entry.type, `${entry.catalogCode}: parent`);
    }
    assert.equal(new Set(data.catalogue.map((e) => e.type)).size, NATIONAL_ITEM_TYPES.length);
  });

  it('gives every item a unique task identity', () => {
    unique(
      data.items.map((i) => i.key),
      'item key',
    );
    unique(
      data.items.map((i) => `${taskCodeOf(i)}${i.handlingCode ?? ''}`),
      'task identity',
    );
    for (const item of data.items) {
      assert.equal(item.granularity === 'handling', !!item.handlingCode, `${item.key}: handlingCode`);
      if (item.handlingCode)
        assert.ok(item.handlingCode.startsWith(taskCodeOf(item)), `${item.key}: handlingCode prefix`);
    }
  });

  it('validates every content against the ItemContent schema', () => {
    const invalid = data.items.flatMap((item) =>
      contentsOf(item)
        .filter((content) => !Value.Check(ItemContent, content))
        .map((content) => ({ key: item.key, errors: [...Value.Errors(ItemContent, content)].slice(0, 3) })),
    );
    assert.deepEqual(invalid.slice(0, 3), [], `${invalid.length} contents do not match ItemContent (first shown)`);
  });

  it('claims every item from the catalogue (Art. 8)', () => {
    for (const item of data.items) {
      const entry = entriesByCode.get(item.catalogCode);
      assert.ok(entry, `${item.key}: unknown catalogue code ${item.catalogCode}`);
      assert.equal(item.content.catalogCode, item.catalogCode);
      assert.equal(item.content.type, entry.type, `${item.key}: type`);
      assert.ok(entry.useLevels.includes('4'), `${item.key}: entry not exercised at 县级`);
      if (item.granularity === 'handling')
        assert.ok(item.content.name.startsWith(`${entry.name}（`), `${item.key}: name`);
      else assert.equal(item.content.name, entry.name, `${item.key}: name`);
      if (!FLAWED.has(item.key)) assert.deepEqual(item.content.setBasis, entry.setBasis, `${item.key}: 设定依据`);
    }
  });

  it('cites only register entries, by their own title and an existing article', () => {
    const check = (c: Citation, where: string) => {
      assert.ok(c.docId && lawsByKey.has(c.docId), `${where}: unknown docId ${c.docId}`);
      assert.equal(
        c.title.replace(/[《》\s]/g, ''),
        lawsByKey.get(c.docId)!.title.replace(/[《》\s]/g, ''),
        `${where}: the title names the document the number points at`,
      );
      if (c.article)
        assert.ok(
          lawsByKey.get(c.docId!)!.articles.some((a) => a.number === c.article),
          `${where}: ${c.docId} ${c.article}`,
        );
    };
    for (const entry of data.catalogue) for (const c of entry.setBasis) check(c, entry.catalogCode);
    for (const item of data.items)
      for (const content of contentsOf(item)) for (const c of citationsOf(content)) check(c, item.key);
  });

  it('has one repealed and one amended document, and only flawed items rely on the repealed one', () => {
    const repealed = data.laws.filter((l) => l.status === 'repealed');
    assert.equal(repealed.length, 1);
    assert.ok(repealed[0]!.repealedOn);
    assert.equal(data.laws.filter((l) => l.status === 'amended').length, 1);
    const citing = data.items
      .filter((i) => i.content.setBasis?.some((c) => c.docId === repealed[0]!.key))
      .map((i) => i.key);
    assert.ok(citing.length >= 2, 'the repealed document must be cited by a few items');
    for (const key of citing) assert.ok(FLAWED.has(key), `${key} cites a repealed document without a flaw note`);
  });

  it('keeps legal granularity chains', () => {
    for (const item of data.items) {
      if (item.granularity === 'main') {
        assert.equal(item.parentKey, undefined, item.key);
        continue;
      }
      const parent = itemsByKey.get(item.parentKey ?? '');
      assert.ok(parent, `${item.key}: missing parent`);
      assert.equal(parent.unitKey, item.unitKey, `${item.key}: parent unit`);
      if (item.granularity === 'sub') {
        assert.equal(parent.granularity, 'main', `${item.key}: sub under ${parent.granularity}`);
        assert.equal(
          entriesByCode.get(item.catalogCode)?.parentCode,
          parent.catalogCode,
          `${item.key}: catalogue parent`,
        );
      } else {
        assert.notEqual(parent.granularity, 'handling', `${item.key}: handling under handling`);
        assert.equal(item.catalogCode, parent.catalogCode, `${item.key}: handling shares the parent's code`);
      }
    }
    assert.ok(
      data.items.some((i) => i.granularity === 'handling' && itemsByKey.get(i.parentKey!)?.granularity === 'sub'),
      'no 主项→子项→业务办理项 chain',
    );
  });

  it('explains every flawed item and keeps every other item clean', () => {
    for (const key of FLAWED) assert.ok(itemsByKey.get(key)?.note, `${key}: flaw without note`);
    assert.ok(
      FLAWED.size >= data.items.length * 0.07 && FLAWED.size <= data.items.length * 0.13,
      `${FLAWED.size} flawed items`,
    );
    const problems = data.items
      .filter((item) => !FLAWED.has(item.key))
      .flatMap((item) =>
        contentsOf(item).flatMap((content) => cleanlinessProblems(loosen(content)).map((p) => `${item.key}: ${p}`)),
      );
    assert.deepEqual(problems, [], 'items without a flaw note must be clean');
  });

  it('makes every deliberate flaw detectable', () => {
    const repealed = new Set(data.laws.filter((l) => l.status === 'repealed').map((l) => l.key));
    const undetected = FLAWS.filter((flaw) => {
      const content = itemsByKey.get(flaw.key)!.content;
      return (
        cleanlinessProblems(loosen(content)).length === 0 &&
        !content.setBasis?.some((c) => repealed.has(c.docId ?? '')) &&
        !/(设立|成立)、变更、(注销|终止)/.test(content.name)
      );
    });
    assert.deepEqual(
      undetected.map((f) => f.key),
      [],
    );
  });

  it('features only existing items', () => {
    assert.deepEqual(
      FEATURED_KEYS.filter((key) => !itemsByKey.has(key)),
      [],
    );
  });
});

const CATCH_ALL =
  /其他材料|相关材料|有关材料|其他证明|相关证明|等材料|等相关|等证明|以及其他|按有关规定|按规定提供|有关部门|相关部门|视情况/;
const PAPER_FORMS = new Set(['1', '3']);

/** The consistency rules of domain.md §3.5 and the guide lint of §3.6, as the demo promises them. */
function cleanlinessProblems(c: LooseContent): string[] {
  const problems: string[] = [];
  const fail = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const promise = c.promiseLimit;
  const legal = c.legalLimit;
  const immediate = !!promise && (promise.unit === '4' || promise.value === 0);

  fail(!!c.setBasis?.length, '设定依据 missing');
  for (const citation of [...(c.setBasis ?? []), ...(c.implBasis ?? [])])
    fail(!!citation.article, `citation without 条: ${citation.title}`);
  for (const m of c.materials ?? []) {
    fail(!CATCH_ALL.test(m.name) && !/等$/.test(m.name), `catch-all material: ${m.name}`);
    if (m.form && PAPER_FORMS.has(m.form)) fail((m.paperCopies ?? 0) >= 1, `paper material without copies: ${m.name}`);
    if (m.source === '2') fail(!!m.sourceNote, `government-issued material without note: ${m.name}`);
  }
  if (c.acceptCondition) fail(!CATCH_ALL.test(c.acceptCondition), 'catch-all condition');
  if (c.projectType) fail((c.projectType === '1') === immediate, '即办件 ⇔ 即时');
  if (promise && legal && promise.unit === legal.unit) fail((promise.value ?? 0) <= (legal.value ?? 0), '承诺 > 法定');
  fail(!c.isFee || (!!c.feeBasis && !!c.fees?.length && c.fees.every((f) => !!f.basis)), 'fee without basis');
  fail(!!c.isFee === !!c.ext?.onlinePayment, 'online payment ⇔ fee');
  fail((c.sceneVisits ?? 0) === 0 || !!c.sceneVisitReason, 'scene visits without reason');
  fail(c.ext?.onlineLevel !== '4' || (c.sceneVisits ?? 0) === 0, 'Ⅳ级 with scene visits');
  fail(!!c.consult?.phone?.includes('0349-') && !!c.supervise?.phone?.includes('0349-'), 'phone without 0349');
  fail(c.consult?.phone !== c.supervise?.phone, 'same consult and supervise phone');
  fail(!!c.supervise?.phone?.includes('12345'), 'supervise without 12345');
  fail(!!c.transactAddr && c.transactAddr.length > 8, 'placeholder 办理地点');
  fail(!!c.serviceObjects?.includes('1') === !!c.ext?.personThemes?.length, 'person themes ⇔ 自然人');
  if (c.online?.channel === 'exempt')
    fail(!!c.online.exemption && !!c.online.exemptionReason, 'exemption without reason');
  if (c.type === '01') {
    fail((c.faqs?.length ?? 0) >= 1, '许可 without FAQ');
    fail((c.flow?.length ?? 0) >= 5, '许可 flow shorter than 5 steps');
    fail(c.ext?.resultType === '0' || !!c.ext?.resultSample, '许可 result without sample');
  }
  return problems;
}
