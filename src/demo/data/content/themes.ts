import type { ThemeSpec } from '../specs/spec.js';

/**
 * Default 面向自然人/法人主题 by unit, for specs that do not name their own (mostly 依职权 items). Values are
 * from the national theme lists.
 */
const UNIT_THEMES: Readonly<Record<string, ThemeSpec>> = {
  approval: { person: ['准营准办'], corp: ['准营准办'] },
  market: { person: ['消费维权'], corp: ['准营准办'] },
  health: { person: ['医疗卫生'], corp: ['医疗卫生'] },
  housing: { person: ['住房保障'], corp: ['国土和规划建设'] },
  transport: { person: ['交通出行'], corp: ['交通运输'] },
  agriculture: { person: ['农林牧渔'], corp: ['农林牧渔'] },
  'agri-enforcement': { person: ['农林牧渔'], corp: ['农林牧渔'] },
  emergency: { person: ['公共安全'], corp: ['安全生产'] },
  energy: { person: ['公共安全'], corp: ['安全生产'] },
  fire: { person: ['公共安全'], corp: ['公安消防'] },
  ecology: { person: ['环保绿化'], corp: ['环保绿化'] },
  'natural-resources': { person: ['规划建设'], corp: ['国土和规划建设'] },
  forestry: { person: ['农林牧渔'], corp: ['农林牧渔'] },
  water: { person: ['公用事业'], corp: ['水务气象'] },
  'hr-social-security': { person: ['就业创业'], corp: ['人力资源'] },
  'medical-security': { person: ['医疗卫生'], corp: ['医疗卫生'] },
  tax: { person: ['行政缴费'], corp: ['税收财务'] },
  'culture-tourism': { person: ['文化体育'], corp: ['文体教育'] },
  education: { person: ['教育科研'], corp: ['文体教育'] },
  'civil-affairs': { person: ['社会保障'], corp: ['设立变更'] },
  'urban-management': { person: ['公用事业'], corp: ['国土和规划建设'] },
  tobacco: { person: ['准营准办'], corp: ['准营准办'] },
  'development-reform': { person: ['其他'], corp: ['投资审批'] },
  commerce: { person: ['准营准办'], corp: ['商务贸易'] },
  finance: { person: ['其他'], corp: ['招标拍卖'] },
  meteorology: { person: ['其他'], corp: ['水务气象'] },
  'armed-forces': { person: ['入伍服役'], corp: ['其他'] },
  'civil-defence': { person: ['规划建设'], corp: ['国土和规划建设'] },
  'public-security': { person: ['公共安全'], corp: ['公安消防'] },
};

const FALLBACK: ThemeSpec = { person: ['其他'], corp: ['其他'] };

export function themesFor(unitKey: string, own: ThemeSpec | undefined): Required<ThemeSpec> {
  const unit = UNIT_THEMES[unitKey] ?? FALLBACK;
  return {
    person: own?.person ?? unit.person ?? FALLBACK.person ?? [],
    corp: own?.corp ?? unit.corp ?? FALLBACK.corp ?? [],
  };
}
