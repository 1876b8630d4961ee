import type { ItemContent } from '../domain/item-content.js';
import { isLeaf, type FindingDraft } from './helpers.js';
import type { Rule } from './types.js';

/**
 * 要素最小颗粒化 (Art. 7; domain.md §3.1): a 子项 is split into 业务办理项 by 新设、变更、延续、注销, and the
 * 业务办理项 is the smallest coded unit. So one leaf item must not cover two of those lifecycle kinds.
 */

const LIFECYCLE_KINDS = [
  { label: '新设', pattern: /新设|设立|核发|新办|首次/ },
  { label: '变更', pattern: /变更/ },
  { label: '延续', pattern: /延续/ },
  { label: '注销', pattern: /注销/ },
] as const;

function lifecycleKinds(text: string): string[] {
  return LIFECYCLE_KINDS.filter((kind) => kind.pattern.test(text)).map((kind) => kind.label);
}

const scenarioText = (content: ItemContent) => (content.scenarios ?? []).map((s) => s.name).join('\n');

const lifecycleInName: Rule = {
  id: 'granularity.lifecycle-in-name',
  severity: 'error',
  category: 'granularity',
  title: '事项名称跨越多个办理阶段',
  description:
    '没有下级事项的事项，名称同时包含新设（设立、核发）、变更、延续、注销中的两种及以上时，应拆分为业务办理项。第七条 要素最小颗粒化；domain.md §3.1。',
  check(subject) {
    const kinds = lifecycleKinds(situationPart(subject));
    if (!isLeaf(subject) || kinds.length < 2) return [];
    return [
      {
        path: 'content.name',
        message: `事项名称同时包含${kinds.join('、')}：请按${kinds.join('、')}分别拆分为业务办理项，每个业务办理项只对应一种办理情形`,
      },
    ];
  },
};

/**
 * A 业务办理项 is named 「子项名称（情形）」: its 子项 part may legitimately contain 核发/设立, so only the
 * trailing situation is what the handling item itself covers.
 */
function situationPart(subject: { granularity: string; content: { name: string } }): string {
  if (subject.granularity !== 'handling') return subject.content.name;
  const m = /[（(]([^（）()]+)[)）]\s*$/.exec(subject.content.name);
  return m ? m[1]! : subject.content.name;
}

const lifecycleInScenarios: Rule = {
  id: 'granularity.lifecycle-in-scenarios',
  severity: 'error',
  category: 'granularity',
  title: '办理情形跨越多个办理阶段',
  description:
    '办理情形只用于同一业务办理项内按材料、条件区分的情况；事项名称与办理情形合起来覆盖新设、变更、延续、注销中的两种及以上时，应拆分为业务办理项（业务办理项本身也不得如此）。第七条；domain.md §3.1（「办理项为最小项」）。',
  check(subject): FindingDraft[] {
    const { content } = subject;
    if (!isLeaf(subject) || lifecycleKinds(situationPart(subject)).length >= 2) return [];
    const fromScenarios = lifecycleKinds(scenarioText(content));
    const kinds = lifecycleKinds(`${situationPart(subject)}\n${scenarioText(content)}`);
    if (fromScenarios.length === 0 || kinds.length < 2) return [];
    const advice =
      subject.granularity === 'handling'
        ? '业务办理项是最小办事单元，不能再用办理情形区分这些阶段：请在同一子项下分别设立业务办理项'
        : '请将这些办理情形拆分为业务办理项';
    return [{ path: 'content.scenarios', message: `事项名称和办理情形合起来覆盖${kinds.join('、')}：${advice}` }];
  },
};

/** Verbs that end the name of a distinct procedure; two joined by 、/及/和/与 suggest two items. */
const ACTION = /(审批|许可|登记|备案|核准|审核|审查|认定|核发|发放|补发|换发|申报|迁入|迁出|验收|注册|年检|鉴定)/;
const JOINERS = /[、及和与]/;

const multipleActions: Rule = {
  id: 'granularity.multiple-actions',
  severity: 'warning',
  category: 'granularity',
  title: '事项名称疑似包含多个事项',
  description:
    '名称用「、」「及」「和」「与」连接了两个以上的办理行为（如「出生登记及户口申报」），通常应分设为不同事项或业务办理项；确属一个事项的可说明理由后保留。第七条 要素最小颗粒化。',
  check({ content }) {
    if (lifecycleKinds(content.name).length >= 2) return [];
    const actions = content.name.split(JOINERS).filter((segment) => ACTION.test(segment));
    if (actions.length < 2) return [];
    return [
      {
        path: 'content.name',
        message: `事项名称连接了多个办理行为（${actions.join('／')}）：请核实是否应拆分为多个事项或业务办理项；确属一个事项的，请填写警告说明`,
      },
    ];
  },
};

/** 要素最小颗粒化 rules. */
export const GRANULARITY_RULES: Rule[] = [lifecycleInName, lifecycleInScenarios, multipleActions];
