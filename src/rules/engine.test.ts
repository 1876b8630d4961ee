import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ITEM_TYPES, type ItemType } from '../domain/enums.js';
import { checkItem, hasBlockingErrors, summarize } from './engine.js';
import { cleanItem, FIXTURE_CONTEXT } from './fixtures.js';
import { RULES } from './index.js';
import type { Finding } from './types.js';

const TYPES = (Object.keys(ITEM_TYPES) as ItemType[]).sort();

describe('checkItem', () => {
  for (const type of TYPES) {
    it(`clean ${type} ${ITEM_TYPES[type]} fixture has no findings`, () => {
      const subject = cleanItem(type);
      const { name, catalogCode, setBasis } = subject.content;
      const withCatalogue = { ...FIXTURE_CONTEXT, catalogueEntry: { name, catalogCode, type, setBasis } };
      assert.deepEqual(checkItem(subject, FIXTURE_CONTEXT), []);
      assert.deepEqual(checkItem(subject, withCatalogue), []);
      assert.deepEqual(checkItem(subject, { areaCode: '0349' }), [], 'with no optional context');
    });
  }

  it('lists errors first, then by path in document order', () => {
    const subject = cleanItem('01');
    const materials = subject.content.materials!;
    for (let i = 0; i < 9; i++) materials.push({ ...materials[0]!, name: `申请材料${i}` });
    materials[10]!.name = '其他材料';
    materials[2]!.name = '相关材料';
    subject.content.acceptCondition = '';
    subject.content.promiseLimit = { value: 30, unit: '1' };
    const findings = checkItem(subject, FIXTURE_CONTEXT);
    assert.deepEqual(
      findings.map((f) => `${f.severity} ${f.path}`),
      [
        'error content.acceptCondition',
        'error content.promiseLimit.value',
        'warning content.materials.2.name',
        'warning content.materials.10.name',
      ],
    );
  });

  it('returns findings a caller can show: rule id, severity, path and a Chinese message', () => {
    const subject = cleanItem('01');
    subject.content.setBasis = [];
    const [finding] = checkItem(subject, FIXTURE_CONTEXT);
    assert.deepEqual(finding, {
      rule: 'completeness.set-basis',
      severity: 'error',
      path: 'content.setBasis',
      message:
        '设定依据不能为空：请至少填写一条设定依据，写明法律文件名称和条款（如《中华人民共和国行政许可法》第十二条）',
    });
  });
});

describe('overrides', () => {
  const catchAll = () => {
    const subject = cleanItem('01');
    subject.content.materials![2]!.name = '其他相关材料';
    subject.content.setBasis = [];
    return subject;
  };

  it('keeps an overridden warning in the list, marked with the justification', () => {
    const subject = catchAll();
    subject.content.overrides = [
      {
        rule: 'guide.catch-all-material',
        path: 'content.materials.2.name',
        justification: ' 上级基本目录统一规定的材料名称 ',
        by: 'clerk-7',
        at: '2026-03-02T08:00:00Z',
      },
    ];
    const findings = checkItem(subject, FIXTURE_CONTEXT);
    const warning = findings.find((f) => f.rule === 'guide.catch-all-material');
    assert.deepEqual(warning?.overridden, {
      justification: '上级基本目录统一规定的材料名称',
      by: 'clerk-7',
      at: '2026-03-02T08:00:00Z',
    });
    assert.deepEqual(summarize(findings), { errors: 1, warnings: 0, overridden: 1 });
  });

  it('never overrides an error', () => {
    const subject = catchAll();
    subject.content.overrides = [
      { rule: 'completeness.set-basis', path: 'content.setBasis', justification: '依据正在修订中，暂不填写' },
    ];
    const findings = checkItem(subject, FIXTURE_CONTEXT);
    assert.equal(findings.find((f) => f.rule === 'completeness.set-basis')?.overridden, undefined);
    assert.equal(hasBlockingErrors(findings), true);
    assert.deepEqual(summarize(findings), { errors: 1, warnings: 1, overridden: 0 });
  });

  it('ignores a justification shorter than 4 characters or blank, and an override of another path', () => {
    for (const [justification, path] of [
      ['无', 'content.materials.2.name'],
      ['        ', 'content.materials.2.name'],
      ['确有必要保留', 'content.materials.1.name'],
    ] as const) {
      const subject = catchAll();
      subject.content.overrides = [{ rule: 'guide.catch-all-material', path, justification }];
      const findings = checkItem(subject, FIXTURE_CONTEXT);
      assert.equal(summarize(findings).overridden, 0, `${JSON.stringify(justification)} ${path}`);
    }
  });
});

describe('summarize and hasBlockingErrors', () => {
  const finding = (severity: Finding['severity'], overridden = false): Finding => ({
    rule: 'guide.placeholder',
    severity,
    path: 'content.transactTime',
    message: '…',
    ...(overridden && { overridden: { justification: '已核实确认' } }),
  });

  it('counts open errors, open warnings and overridden warnings', () => {
    assert.deepEqual(summarize([finding('error'), finding('warning'), finding('warning'), finding('warning', true)]), {
      errors: 1,
      warnings: 2,
      overridden: 1,
    });
  });

  it('blocks only on errors', () => {
    assert.equal(hasBlockingErrors([finding('warning'), finding('warning', true)]), false);
    assert.equal(hasBlockingErrors([finding('warning'), finding('error')]), true);
    assert.equal(hasBlockingErrors([]), false);
  });
});

describe('RULES', () => {
  it('have unique, stable-looking ids of the form <category>.<kebab-name>', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const rule of RULES) assert.match(rule.id, new RegExp(`^${rule.category}\\.[a-z0-9]+(-[a-z0-9]+)*$`));
  });

  it('have a Chinese title and a description that cites its source', () => {
    for (const rule of RULES) {
      assert.match(rule.title, /\p{Script=Han}/u, rule.id);
      assert.match(rule.description, /第[一二三四五六七八九十]+条|domain\.md §/, rule.id);
    }
  });
});
