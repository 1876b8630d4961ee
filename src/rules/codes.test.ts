import { CODE_RULES } from './codes.js';
import { runRuleCases } from './rule-cases.js';
import type { CheckSubject } from './types.js';

/** The 01 fixture's 实施编码 is 1114060301261531X3 + 4 + 000117006000. */
const setTaskCode = (code: string) => (s: CheckSubject) => void (s.taskCode = code);

runRuleCases(CODE_RULES, [
  {
    rule: 'code.task-code-format',
    name: '实施编码太短',
    patch: setTaskCode('1114060301261531X34'),
    expect: [['code.task-code-format', 'taskCode']],
    message: /（19位）格式不正确/,
  },
  {
    rule: 'code.task-code-format',
    name: '实施编码含小写字母',
    patch: (s) => void (s.taskCode = s.taskCode!.toLowerCase()),
    expect: [['code.task-code-format', 'taskCode']],
  },
  { rule: 'code.task-code-format', name: '格式正确', expect: [] },
  {
    rule: 'code.task-code-uscc',
    name: '统一社会信用代码校验位错误',
    patch: (s) => {
      s.taskCode = '1114060301261531X44000117006000';
      delete s.unit;
    },
    expect: [['code.task-code-uscc', 'taskCode']],
    message: /校验位错误，应为 3/,
  },
  {
    rule: 'code.task-code-uscc',
    name: '区划码含字母',
    patch: (s) => {
      s.taskCode = '11A4060301261531X34000117006000';
      delete s.unit;
    },
    expect: [['code.task-code-uscc', 'taskCode']],
    message: /第3–8位为行政区划码/,
  },
  { rule: 'code.task-code-uscc', name: '校验位正确', patch: (s) => void delete s.unit, expect: [] },
  {
    rule: 'code.task-code-catalog',
    name: '后12位不是基本编码',
    patch: (s) => void (s.content.catalogCode = '000117006001'),
    expect: [['code.task-code-catalog', 'taskCode']],
    message: /000117006001/,
  },
  { rule: 'code.task-code-catalog', name: '后12位等于基本编码', expect: [] },
  {
    rule: 'code.task-code-unit',
    name: '实施主体是另一个单位',
    patch: (s) => void (s.unit = { uscc: '11140603578549219B', name: '朔州市平鲁区市场监督管理局' }),
    expect: [['code.task-code-unit', 'taskCode']],
    message: /朔州市平鲁区市场监督管理局的统一社会信用代码 11140603578549219B/,
  },
  { rule: 'code.task-code-unit', name: '实施主体未知', patch: (s) => void delete s.unit, expect: [] },
  {
    rule: 'code.task-code-level',
    name: '区级部署中的市级实施编码',
    patch: (s) => {
      s.taskCode = '1114060301261531X33000117006000';
      s.content.useLevels = ['3', '4'];
    },
    expect: [['code.task-code-level', 'taskCode']],
    message: /本级应为「4」（县级）/,
  },
  {
    rule: 'code.task-code-level',
    name: '部署层级未知',
    patch: (s, c) => {
      s.taskCode = '1114060301261531X33000117006000';
      s.content.useLevels = ['3', '4'];
      delete c.jurisdictionLevel;
    },
    expect: [],
  },
  {
    rule: 'code.task-code-use-level',
    name: '第19位不在行使层级中',
    patch: (s) => void (s.content.useLevels = ['3']),
    expect: [['code.task-code-use-level', 'taskCode']],
    message: /请在行使层级中增加县级/,
  },
  {
    rule: 'code.task-code-use-level',
    name: '行使层级包含第19位',
    patch: (s) => void (s.content.useLevels = ['3', '4']),
    expect: [],
  },
  {
    rule: 'code.catalog-code',
    name: '基本编码含小写字母',
    patch: (s) => void (s.content.catalogCode = '00011700600a'),
    expect: [
      ['code.catalog-code', 'content.catalogCode'],
      ['code.task-code-catalog', 'taskCode'],
    ],
  },
  { rule: 'code.catalog-code', name: '基本编码为12位', expect: [] },
  {
    rule: 'code.handling-code',
    name: '业务办理项没有编码',
    patch: (s) => void delete s.handlingCode,
    expect: [['code.handling-code', 'handlingCode']],
  },
  {
    rule: 'code.handling-code',
    name: '业务办理项编码含空格',
    patch: (s) => void (s.handlingCode = 'A 01'),
    expect: [['code.handling-code', 'handlingCode']],
    message: /格式不正确/,
  },
  {
    rule: 'code.handling-code',
    name: '子项填了业务办理项编码',
    type: '07',
    patch: (s) => void (s.handlingCode = 'X-01'),
    expect: [['code.handling-code', 'handlingCode']],
    message: /只有业务办理项/,
  },
  {
    rule: 'code.handling-code-parent',
    name: '33位编码挂在另一个事项的实施编码下',
    patch: (s) => {
      s.parentTaskCode = s.taskCode;
      s.handlingCode = '11140603578549219B400011700600001';
    },
    expect: [['code.handling-code-parent', 'handlingCode']],
    message: /不是上级事项的实施编码「1114060301261531X34000117006000」/,
  },
  {
    rule: 'code.handling-code-parent',
    name: '上级事项的实施编码加2位',
    patch: (s) => void (s.parentTaskCode = s.taskCode),
    expect: [],
  },
  {
    rule: 'code.handling-code-parent',
    name: '上级事项另有实施编码',
    patch: (s) => void (s.parentTaskCode = '1114060301261531X34000117005000'),
    expect: [['code.handling-code-parent', 'handlingCode']],
  },
  {
    rule: 'code.unit-region',
    name: '区划代码与统一社会信用代码不一致',
    patch: (s) => void (s.unit!.regionCode = '140602'),
    expect: [['code.unit-region', 'unit.regionCode']],
    message: /第3–8位「140603」不一致/,
  },
  { rule: 'code.unit-region', name: '区划代码一致', patch: (s) => void (s.unit!.regionCode = '140603'), expect: [] },
  // A 14-character 业务办理项编码 = the parent's 12-character 基本编码 + 2 digits (行政许可事项实施规范, real guides fixture).
  {
    rule: 'code.handling-code-catalog',
    name: '14位编码为另一个基本编码加2位',
    patch: (s) => {
      s.parentCatalogCode = '000117006000';
      s.handlingCode = '00011700500001';
    },
    expect: [['code.handling-code-catalog', 'handlingCode']],
    message:
      /前12位「000117005000」不是上级事项的基本编码「000117006000」：应为上级事项的基本编码加2位顺序号，如「00011700600001」/,
  },
  {
    rule: 'code.handling-code-catalog',
    name: '上级事项的基本编码加2位',
    patch: (s) => {
      s.parentCatalogCode = '000117006000';
      s.handlingCode = '00011700600001';
    },
    expect: [],
  },
  {
    rule: 'code.handling-code-catalog',
    name: '上级未知时按本事项的基本编码核对',
    patch: (s) => void (s.handlingCode = '00011700500001'),
    expect: [['code.handling-code-catalog', 'handlingCode']],
  },
  {
    rule: 'code.handling-code-catalog',
    name: '13位编码不按基本编码加2位读',
    patch: (s) => void (s.handlingCode = '0001170050001'),
    expect: [],
  },
  {
    rule: 'code.handling-code-catalog',
    name: '末2位不是数字',
    patch: (s) => void (s.handlingCode = '000117005000AB'),
    expect: [],
  },
  {
    rule: 'code.handling-code-catalog',
    name: '本省14位基本编码下的16位编码',
    patch: (s, c) => {
      c.catalogCodeLengths = [12, 14];
      s.content.catalogCode = '511A0138000000';
      s.taskCode = '1114060301261531X34511A0138000000';
      s.parentCatalogCode = '511A0138000000';
      s.handlingCode = '511A013800000101';
    },
    expect: [['code.handling-code-catalog', 'handlingCode']],
    message: /前14位「511A0138000001」/,
  },
  // Longer provincial 基本编码: accepted only where the deployment enables their length (CATALOG_CODE_LENGTHS).
  {
    rule: 'code.catalog-code',
    name: '本省14位基本编码，部署未启用',
    patch: (s) => {
      s.content.catalogCode = '511A0138000000';
      s.taskCode = '1114060301261531X34511A0138000000';
    },
    expect: [
      ['code.catalog-code', 'content.catalogCode'],
      ['code.task-code-format', 'taskCode'],
    ],
    message: /（14位）格式不正确：应为上级基本目录赋予的12位编码/,
  },
  {
    rule: 'code.catalog-code',
    name: '本省14位基本编码，部署启用12、14位',
    patch: (s, c) => {
      c.catalogCodeLengths = [12, 14];
      s.content.catalogCode = '511A0138000000';
      s.taskCode = '1114060301261531X34511A0138000000';
    },
    expect: [],
  },
  {
    rule: 'code.catalog-code',
    name: '部署启用14位时13位仍不对',
    patch: (s, c) => {
      c.catalogCodeLengths = [12, 14];
      s.content.catalogCode = '0001170060001';
      s.taskCode = '1114060301261531X340001170060001';
    },
    expect: [
      ['code.catalog-code', 'content.catalogCode'],
      ['code.task-code-format', 'taskCode'],
    ],
    message: /应为上级基本目录赋予的12位或14位编码/,
  },
  {
    rule: 'code.task-code-format',
    name: '部署启用14位时实施编码为33位',
    patch: (s, c) => {
      c.catalogCodeLengths = [12, 14];
      s.content.catalogCode = '0001170060001';
      s.taskCode = '1114060301261531X340001170060001';
    },
    expect: [
      ['code.catalog-code', 'content.catalogCode'],
      ['code.task-code-format', 'taskCode'],
    ],
    message: /应为31位或33位/,
  },
  {
    rule: 'code.handling-code',
    name: '业务办理项编码带连字符',
    patch: (s) => void (s.handlingCode = `${s.taskCode}-01`),
    expect: [],
  },
]);
