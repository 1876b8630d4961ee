/**
 * Codes of the legal-basis register and of the upper level's decisions.
 *
 * WARNING: persisted codes. Add entries; never rename one.
 */

/** Status of a register document. */
export const LEGAL_DOC_STATUSES = {
  in_force: '现行有效',
  amended: '已修订',
  repealed: '已废止',
  expired: '失效',
} as const;
export type LegalDocStatus = keyof typeof LEGAL_DOC_STATUSES;
export const isLegalDocStatus = (s: string): s is LegalDocStatus => Object.hasOwn(LEGAL_DOC_STATUSES, s);

/** What a legal event records about a document. */
export const LEGAL_EVENT_KINDS = {
  repealed: '废止',
  expired: '失效',
  amended: '修订',
  new: '新立（含修订后新文本）',
} as const;
export type LegalEventKind = keyof typeof LEGAL_EVENT_KINDS;

/** Who decided (Art. 16(二): 国务院和省、市人民政府). */
export const DIRECTIVE_LEVELS = { state_council: '国务院', province: '省人民政府', city: '市人民政府' } as const;
export type DirectiveLevel = keyof typeof DIRECTIVE_LEVELS;

/** What the upper level decided about the listed 基本编码. */
export const DIRECTIVE_KINDS = { cancel: '取消', delegate: '下放（承接）', adjust: '调整' } as const;
export type DirectiveKind = keyof typeof DIRECTIVE_KINDS;
