import { addDays, isIsoDate } from '../calendar/dates.js';
import { errors } from '../shared/errors.js';

/**
 * The reporting period of every evaluation page and export: a calendar month, quarter or year, or a custom
 * range. Written in one string so a link, a form and the CLI say the same thing:
 * `2026` · `2026-Q2` · `2026-05` · `2026-01-15..2026-03-31`. Pure; dates are China civil dates.
 */
export interface Period {
  /** The string the period was parsed from (normalised). */
  key: string;
  from: string;
  to: string;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (y: number, m: number) => addDays(`${m === 12 ? y + 1 : y}-${pad(m === 12 ? 1 : m + 1)}-01`, -1);

/** Throws VALIDATION_FAILED on field `period` for anything else. */
export function parsePeriod(raw: string): Period {
  const s = raw.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(s))) return { key: s, from: `${s}-01-01`, to: `${s}-12-31`, label: `${s}年` };
  if ((m = /^(\d{4})-Q([1-4])$/i.exec(s))) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return {
      key: `${y}-Q${q}`,
      from: `${y}-${pad(q * 3 - 2)}-01`,
      to: lastDayOfMonth(y, q * 3),
      label: `${y}年第${q}季度`,
    };
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(s)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return { key: s, from: `${s}-01`, to: lastDayOfMonth(y, mo), label: `${y}年${mo}月` };
  }
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(s)) && isIsoDate(m[1]) && isIsoDate(m[2])) {
    if (m[2] < m[1]) throw errors.field('period', `期间的结束日期早于开始日期：${s}`);
    return { key: s, from: m[1]!, to: m[2]!, label: `${m[1]} 至 ${m[2]}` };
  }
  throw errors.field('period', `期间格式不正确（应为 2026、2026-Q2、2026-05 或 2026-01-01..2026-03-31）：${s}`);
}

/** The default period: the year to date of `today`. */
export function yearToDate(today: string): Period {
  return {
    key: `${today.slice(0, 4)}-01-01..${today}`,
    from: `${today.slice(0, 4)}-01-01`,
    to: today,
    label: `${today.slice(0, 4)}年（截至 ${today}）`,
  };
}

/** The calendar months a period touches, as 'YYYY-MM' (for monthly trends). */
export function monthsOf(p: Pick<Period, 'from' | 'to'>): string[] {
  const out: string[] = [];
  let y = Number(p.from.slice(0, 4));
  let mo = Number(p.from.slice(5, 7));
  const end = p.to.slice(0, 7);
  for (let key = `${y}-${pad(mo)}`; key <= end; key = `${y}-${pad(mo)}`) {
    out.push(key);
    mo += 1;
    if (mo > 12) {
      mo = 1;
      y += 1;
    }
  }
  return out;
}
