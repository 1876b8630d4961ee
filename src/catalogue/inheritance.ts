import type { ItemContent } from '../domain/item-content.js';
import type { ItemRow } from '../items/item.table.js';
import { sameBasis } from '../legal/basis-key.js';
import { errors, type FieldIssue } from '../shared/errors.js';

/**
 * Art. 8 / domain.md §4.4: an item claimed (认领) from the base catalogue inherits these elements read-only.
 * They change only by taking over a new catalogue text ("采用新文本"); a local divergence is a recorded
 * request to the upper level, never an edit.
 */
export const INHERITED_FIELDS = {
  name: '事项名称',
  catalogCode: '基本编码',
  type: '事项类型',
  setBasis: '设定依据',
} as const;
export type InheritedField = keyof typeof INHERITED_FIELDS;
export const INHERITED_PATHS: readonly string[] = Object.keys(INHERITED_FIELDS).map((f) => `content.${f}`);

export type Inherited = Pick<ItemContent, InheritedField>;

/** The inherited elements that differ between two texts (names trimmed; bases compared as in basis-key.ts). */
export function inheritedDifferences(a: Inherited, b: Inherited): InheritedField[] {
  const out: InheritedField[] = [];
  if (a.name.trim() !== b.name.trim()) out.push('name');
  if (a.catalogCode !== b.catalogCode) out.push('catalogCode');
  if (a.type !== b.type) out.push('type');
  if (!sameBasis(a.setBasis, b.setBasis)) out.push('setBasis');
  return out;
}

/** The inherited elements of `source` written over `content` (take-over, console form). */
export function withInherited<T extends object>(content: T, source: Inherited): T & Inherited {
  return {
    ...content,
    name: source.name,
    catalogCode: source.catalogCode,
    type: source.type,
    setBasis: source.setBasis,
  };
}

/**
 * Refuses a save that changes an inherited element of a claimed item: 400 naming each field. Called by
 * `updateItem` with the stored working content and the submitted one.
 */
export function assertInheritedUnchanged(
  item: Pick<ItemRow, 'origin'>,
  before: ItemContent | undefined,
  after: ItemContent,
): void {
  if (item.origin !== 'claimed' || !before) return;
  const changed = inheritedDifferences(before, after);
  if (!changed.length) return;
  const issues: FieldIssue[] = changed.map((f) => ({
    path: `content.${f}`,
    message: `「${INHERITED_FIELDS[f]}」继承自基本目录，不能在本地修改（第八条）；确需调整的，请向上级提交调整建议`,
  }));
  throw errors.validation(issues);
}
