/**
 * Personal data in audit views and exports is masked (AUD-08; PIPL 51(四)): the auditor sees that a phone
 * number or ID number was involved, not the number. Masking is applied when records are read, never when
 * they are written, so the chain MAC covers the original text.
 */

/** Keys whose values are personal data wherever they appear in a record's details. */
const PERSONAL_KEYS =
  /^(phone|mobile|tel|telephone|email|mail|idNumber|idCard|contact|contactPhone|contactEmail|address)$/i;

const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const ID_CARD = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Masks mobile numbers (138****8000), ID numbers (140603********123X) and e-mail addresses (a***@x.cn) in text. */
export function maskText(text: string): string {
  return text.replace(ID_CARD, '$1********$2').replace(MOBILE, '$1****$2').replace(EMAIL, '$1***$2');
}

/** Masks a value known to be personal data: keeps its first and (from three characters) last character. */
export function maskValue(value: string): string {
  const masked = maskText(value);
  if (masked !== value) return masked;
  const chars = [...value];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`; // 张三 → 张*
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 8))}${chars[chars.length - 1]}`;
}

function maskDeep(value: unknown, personal: boolean): unknown {
  if (typeof value === 'string') return personal ? maskValue(value) : maskText(value);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, personal));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, maskDeep(v, personal || PERSONAL_KEYS.test(k))]),
    );
  }
  return value;
}

/** The details JSON of an audit record with personal data masked (unparseable text is masked as text). */
export function maskDetails(details: string | null): string | null {
  if (details === null) return null;
  try {
    return JSON.stringify(maskDeep(JSON.parse(details), false));
  } catch {
    return maskText(details);
  }
}
