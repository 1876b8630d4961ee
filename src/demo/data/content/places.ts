import type { Contacts } from '../../../domain/item-content.js';
import type { DemoUnit } from '../types.js';

/**
 * Where and when things are handled, and whom to call: 办理地点、办理时间、咨询方式、监督投诉方式.
 * Units with a counter in the district hall take applications there; the others at their own offices.
 */

const HALL = '朔州市平鲁区政务服务中心（平鲁区井坪镇迎宾大道1号）';
export const PLATFORM_HOST = 'https://www.sxzwfw.example.gov.cn/pinglu';
export const MOBILE_HOST = 'https://m.sxzwfw.example.gov.cn/pinglu';

const HALL_WINDOWS: Readonly<Record<string, string>> = {
  approval: '二楼综合受理区1—12号窗口',
  'business-centre': '一楼帮办代办窗口（18号窗口）',
  'public-security': '一楼公安户政窗口（21—24号窗口）',
  tax: '一楼税务办税窗口（13—17号窗口）',
  'real-estate': '一楼不动产登记“一窗受理”窗口（25—30号窗口）',
  'hr-social-security': '三楼人社服务窗口（31—34号窗口）',
  'social-insurance': '三楼社保经办窗口（35—38号窗口）',
  'medical-security': '三楼医保服务窗口（39—41号窗口）',
  housing: '二楼住建窗口（42号窗口）',
  market: '二楼市场监管窗口（43—44号窗口）',
  'civil-affairs': '二楼社会救助窗口（45号窗口）',
  veterans: '二楼退役军人服务窗口（46号窗口）',
  'disabled-federation': '二楼残联服务窗口（47号窗口）',
};

/** Addresses that are neither the hall nor the unit's own front office. */
const SPECIAL_PLACES: Readonly<Record<string, string>> = {
  'qr-jhdj': '朔州市平鲁区婚姻登记处（平鲁区井坪镇府前街12号区民政局一楼）',
  'qr-lhdj': '朔州市平鲁区婚姻登记处（平鲁区井坪镇府前街12号区民政局一楼）',
};

/** Whether an item of this chain is handled at the unit's counter in the hall. */
export const isInHall = (unit: DemoUnit, rootKey: string) => unit.key in HALL_WINDOWS && !(rootKey in SPECIAL_PLACES);

/** 办理地点 of an 依申请 item; `rootKey` is the key of the top of the item's chain. */
export function applicationPlace(unit: DemoUnit, rootKey: string): string {
  const special = SPECIAL_PLACES[rootKey];
  if (special) return special;
  const window = HALL_WINDOWS[unit.key];
  if (window) return `${HALL}${window}`;
  return `${unit.name}办事服务窗口（${unit.address.replace('山西省朔州市', '')}）`;
}

/** Where an 依职权 matter (处罚、强制、检查) is handled: the unit's enforcement office. */
export function enforcementPlace(unit: DemoUnit): string {
  return `${unit.name}执法办公室（${unit.address.replace('山西省朔州市', '')}）`;
}

const OFFICE_HOURS = '法定工作日上午8:30—12:00，下午14:30—17:30（5月1日至9月30日下午15:00—18:00），法定节假日除外';

export function transactTime(unit: DemoUnit, rootKey: string, applicationBased: boolean): string {
  if (applicationBased && isInHall(unit, rootKey)) {
    return `${OFFICE_HOURS}；政务服务中心实行午间不打烊服务，周六上午提供预约办理`;
  }
  return OFFICE_HOURS;
}

/**
 * The unit's 监督投诉 line: a number of its own, never the consultation number (domain.md §3.5 rule 7),
 * next to the 12345 hotline every supervise channel lists.
 */
function supervisePhone(unit: DemoUnit): string {
  const consult = Number(unit.phone.slice(-5));
  return `0349-60${String((consult + 30011) % 100000).padStart(5, '0')}`;
}

export function consultContacts(unit: DemoUnit, place: string): Contacts {
  return {
    phone: unit.phone,
    window: place,
    web: `山西政务服务平台朔州平鲁频道“咨询”栏目（${PLATFORM_HOST}）`,
  };
}

export function superviseContacts(unit: DemoUnit): Contacts {
  return {
    phone: `${supervisePhone(unit)}；12345政务服务便民热线`,
    web: `山西政务服务平台朔州平鲁频道“投诉”栏目（${PLATFORM_HOST}）`,
    letter: `${unit.address}，${unit.name}（邮编036800）`,
  };
}
