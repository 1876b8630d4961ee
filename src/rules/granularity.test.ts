import { GRANULARITY_RULES } from './granularity.js';
import { runRuleCases } from './rule-cases.js';

const LIFECYCLE_NAME = '食品经营许可证核发、变更、延续、注销';

runRuleCases(GRANULARITY_RULES, [
  {
    rule: 'granularity.lifecycle-in-name',
    name: '名称覆盖核发、变更、延续、注销',
    type: '07',
    patch: (s) => void (s.content.name = LIFECYCLE_NAME),
    expect: [['granularity.lifecycle-in-name', 'content.name']],
    message: /新设、变更、延续、注销分别拆分为业务办理项/,
  },
  {
    rule: 'granularity.lifecycle-in-name',
    name: '名称含设立和注销',
    type: '20',
    patch: (s) => void (s.content.name = '民办非企业单位设立及注销登记'),
    expect: [['granularity.lifecycle-in-name', 'content.name']],
  },
  {
    rule: 'granularity.lifecycle-in-name',
    name: '已拆分出业务办理项的子项可以保留总名称',
    type: '07',
    patch: (s) => {
      s.content.name = LIFECYCLE_NAME;
      s.childCount = 4;
    },
    expect: [],
  },
  { rule: 'granularity.lifecycle-in-name', name: '只对应新设的业务办理项', expect: [] },
  {
    rule: 'granularity.lifecycle-in-name',
    name: '业务办理项只看括号中的情形：「核发（注销）」只对应注销',
    patch: (s) => {
      s.granularity = 'handling';
      s.content.name = '燃气经营许可证核发（注销）';
    },
    expect: [],
  },
  {
    rule: 'granularity.lifecycle-in-name',
    name: '业务办理项的情形本身跨阶段',
    patch: (s) => {
      s.granularity = 'handling';
      s.content.name = '燃气经营许可证（变更、注销）';
    },
    expect: [['granularity.lifecycle-in-name', 'content.name']],
  },
  {
    rule: 'granularity.lifecycle-in-scenarios',
    name: '子项的办理情形覆盖设立登记和注销登记',
    type: '07',
    patch: (s) => void (s.content.scenarios = [{ name: '设立登记' }, { name: '注销登记' }]),
    expect: [['granularity.lifecycle-in-scenarios', 'content.scenarios']],
    message: /请将这些办理情形拆分为业务办理项/,
  },
  {
    rule: 'granularity.lifecycle-in-scenarios',
    name: '新办业务办理项带注销情形',
    patch: (s) => void (s.content.scenarios = [{ name: '注销' }]),
    expect: [['granularity.lifecycle-in-scenarios', 'content.scenarios']],
    message: /业务办理项是最小办事单元/,
  },
  {
    rule: 'granularity.lifecycle-in-scenarios',
    name: '按材料区分的办理情形',
    patch: (s) => void (s.content.scenarios = [{ name: '连锁经营门店' }, { name: '单体门店' }]),
    expect: [],
  },
  {
    rule: 'granularity.lifecycle-in-scenarios',
    name: '办理情形都属于新设',
    type: '07',
    patch: (s) => void (s.content.scenarios = [{ name: '首次申请' }, { name: '设立登记' }]),
    expect: [],
  },
  {
    rule: 'granularity.multiple-actions',
    name: '名称连接两个办理行为',
    type: '20',
    patch: (s) => void (s.content.name = '出生登记及户口申报'),
    expect: [['granularity.multiple-actions', 'content.name']],
    message: /出生登记／户口申报/,
  },
  {
    rule: 'granularity.multiple-actions',
    name: '补发、换发',
    type: '20',
    patch: (s) => void (s.content.name = '社会保障卡补发、换发'),
    expect: [['granularity.multiple-actions', 'content.name']],
  },
  { rule: 'granularity.multiple-actions', name: '「和」只连接对象', type: '10', expect: [] },
  { rule: 'granularity.multiple-actions', name: '「、」只连接强制措施', type: '03', expect: [] },
  {
    rule: 'granularity.multiple-actions',
    name: '已是生命周期错误时不重复警告',
    type: '07',
    patch: (s) => void (s.content.name = '采矿权登记（新设、变更登记）'),
    expect: [['granularity.lifecycle-in-name', 'content.name']],
  },
]);
