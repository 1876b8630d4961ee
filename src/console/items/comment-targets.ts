import type { ItemType } from '../../domain/enums.js';
import { ITEM_SECTIONS, sectionKeys } from './sections.js';
import { pathLabel } from './diff-view.js';

const ROW_NAME: Record<string, string> = {
  materials: 'name',
  fees: 'name',
  faqs: 'question',
  flow: 'name',
  scenarios: 'name',
  setBasis: 'title',
  implBasis: 'title',
};

/**
 * What a reviewer can attach a comment to, in the order of the form: every element, and each row of the
 * repeated ones (a material, a fee, a FAQ …) named by its own name, so "第 7 项材料的名称" is a choice.
 */
export function commentTargets(content: Record<string, unknown>): Array<[path: string, label: string]> {
  const type = content.type as ItemType | undefined;
  const out: Array<[string, string]> = [];
  for (const section of ITEM_SECTIONS) {
    for (const key of sectionKeys(section.id, type)) {
      out.push([`content.${key}`, pathLabel(key)]);
      const rows = content[key];
      const nameKey = ROW_NAME[key];
      if (Array.isArray(rows) && nameKey) {
        rows.forEach((row, i) => {
          const name = String((row as Record<string, unknown>)[nameKey] ?? '').slice(0, 30);
          out.push([`content.${key}.${i}`, `${pathLabel(key)} › 第 ${i + 1} 项${name ? `「${name}」` : ''}`]);
        });
      }
    }
  }
  return out;
}
