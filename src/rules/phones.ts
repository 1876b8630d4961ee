/**
 * Telephone numbers in free-text 咨询/监督投诉 fields. Clerks write "0349-6012345", "（0349）6012345",
 * "0349 6012345", several numbers separated by 、 and office hours next to them; this extracts the numbers.
 */

/** A space between an area code and the number would split it; turn it into a dash first. */
const AREA_CODE_SPACE = /(?<!\d)([(（]?0\d{2,3}[)）]?)\s+(?=\d)/g;
const NUMBER_RUN = /[(（]?\d[\d\-－()（）]*\d/g;
/** Shorter digit runs are office hours, window or extension numbers, not telephone numbers. */
const MIN_DIGITS = 5;
/** 12345 政务服务便民热线: valid with or without area code, and shared by consultation and complaints. */
export const HOTLINE = '12345';
const MOBILE = /^1[3-9]\d{9}$/;

/** A number found in free text. */
export interface PhoneNumber {
  /** As written, for messages. */
  text: string;
  digits: string;
}

/** The telephone numbers written in `text`, in order. */
export function phoneNumbers(text: string): PhoneNumber[] {
  const runs = text.replace(AREA_CODE_SPACE, '$1-').match(NUMBER_RUN) ?? [];
  return runs
    .map((run) => ({ text: run, digits: run.replace(/\D/g, '') }))
    .filter((n) => n.digits.length >= MIN_DIGITS);
}

/** A fixed line carrying the local area code, a mobile number, or the 12345 hotline (with or without area code). */
export function isLocalNumber(digits: string, areaCode: string): boolean {
  if (digits === HOTLINE || MOBILE.test(digits)) return true;
  if (!digits.startsWith(areaCode)) return false;
  const local = digits.slice(areaCode.length);
  return local === HOTLINE || /^\d{7,8}$/.test(local);
}
