import type { TimeUnit } from './enums.js';
import type { TimeLimit } from './item-content.js';

/** A time limit with its number and unit known: what the consistency rules and the deadline arithmetic compare. */
export interface DefiniteLimit {
  value: number;
  unit: TimeUnit;
}

const DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 20, 二十, 三十五, 十, 一百八十 → number; anything else → undefined. */
function numberOf(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch in DIGITS) current = DIGITS[ch]!;
    else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else return undefined;
  }
  return text ? total + current : undefined;
}

/**
 * Units a published text names unambiguously. A bare 日 is not one: under 行政许可法 第八十二条 a licence's
 * 日 are working days, elsewhere they are calendar days, so "20日" needs the clerk to say which.
 */
const UNIT_WORDS: ReadonlyArray<[RegExp, TimeUnit]> = [
  [/^个?工作日$/, '1'],
  [/^(?:个)?(?:自然日|天)$/, '2'],
  [/^个?小时$/, '3'],
  [/^个月$/, '5'],
];

const NUMBER = '[\\d零〇一二两三四五六七八九十百]+';
const UNIT_IN_TEXT = new RegExp(`(${NUMBER})(个工作日|工作日|个自然日|自然日|天|个小时|小时|个月)`, 'g');

/**
 * The number and unit a published time-limit text states, or undefined when it states no (unambiguous) unit.
 * A sentence ("区残联收到材料7个工作日内审核完成", "证件材料齐全，当场予以登记") gives its one limit; a text
 * naming several ("街道15个工作日、部门5个工作日") gives none, as the total is not for the parser to guess.
 */
export function deriveTimeLimit(text: string): DefiniteLimit | undefined {
  const t = text.replace(/\s+/g, '').replace(/[。.]$/, '');
  const exact = new RegExp(`^(${NUMBER})(.+?)(?:内|以内|内办结|办结)?$`).exec(t);
  const value = exact ? numberOf(exact[1]!) : undefined;
  const unit = exact ? UNIT_WORDS.find(([re]) => re.test(exact[2]!))?.[1] : undefined;
  if (value !== undefined && unit) return { value, unit };
  const stated = [...new Set([...t.matchAll(UNIT_IN_TEXT)].map((m) => `${m[1]}|${m[2]}`))];
  if (stated.length === 0)
    return /当场|即时|即办|立即|即来即办/.test(t) && !/\d/.test(t) ? { value: 0, unit: '4' } : undefined;
  if (stated.length > 1) return undefined;
  const [n, word] = stated[0]!.split('|') as [string, string];
  const found = UNIT_WORDS.find(([re]) => re.test(word))?.[1];
  const number = numberOf(n);
  return number === undefined || !found ? undefined : { value: number, unit: found };
}

/** The limit's number and unit: as entered, or derived from the published text; undefined when neither. */
export function definiteLimit(limit: TimeLimit | undefined): DefiniteLimit | undefined {
  if (!limit) return undefined;
  if (limit.unit === '4') return { value: 0, unit: '4' };
  if (limit.value !== undefined && limit.unit) return { value: limit.value, unit: limit.unit };
  return limit.text ? deriveTimeLimit(limit.text) : undefined;
}
