import Type, { type Static } from 'typebox';
import { GRANULARITIES } from '../domain/enums.js';
import { ItemContent } from '../domain/item-content.js';
import { Code } from '../domain/schema-helpers.js';
import type { FieldIssue } from '../shared/errors.js';
import { schemaIssues } from '../shared/schema-issues.js';

/**
 * An item as clients submit it: identity plus content. `shixiang check` reads one per line; the HTTP create
 * body is this shape without `unitUscc` (the unit comes from `unitId`) and with an optional `parentId`.
 * Codes are checked here only for length: the rules engine reports malformed codes with a precise message.
 */
export const ItemInput = Type.Object(
  {
    granularity: Code(GRANULARITIES, '颗粒度'),
    // Optional: a real guide entered as a draft may not give its code (completeness reports it).
    taskCode: Type.Optional(Type.String({ title: '实施编码', minLength: 1, maxLength: 36 })),
    handlingCode: Type.Optional(Type.String({ title: '业务办理项编码', maxLength: 50 })),
    unitUscc: Type.Optional(Type.String({ title: '实施主体统一社会信用代码', minLength: 18, maxLength: 18 })),
    content: ItemContent,
  },
  { additionalProperties: false, title: '事项' },
);
export type ItemInput = Static<typeof ItemInput>;

/**
 * Why `value` is not an ItemInput, one issue per element with a Chinese message naming the element; empty
 * when it is one. TypeBox reports at most 8 raw errors, so a badly broken line may need several passes.
 */
export function itemInputIssues(value: unknown): FieldIssue[] {
  return schemaIssues(ItemInput, value);
}
