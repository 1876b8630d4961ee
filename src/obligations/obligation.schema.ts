import Type from 'typebox';
import { ITEM_TYPES } from '../domain/enums.js';
import { CatalogCode, Code } from '../domain/schema-helpers.js';

/** A unit answers an obligation with a change request (API body, and the console form mapped to it). */
export const ObligationChangeBody = Type.Object(
  {
    summary: Type.Optional(Type.String({ maxLength: 1000, title: '调整内容摘要' })),
    groundExplanation: Type.Optional(Type.String({ maxLength: 2000, title: '事由说明' })),
    newItem: Type.Optional(
      Type.Object(
        {
          name: Type.String({ title: '事项名称', minLength: 1, maxLength: 1000 }),
          catalogCode: CatalogCode(),
          type: Code(ITEM_TYPES, '事项类型'),
        },
        { additionalProperties: false, description: '新增义务且基本目录无对应条目时必填' },
      ),
    ),
  },
  { additionalProperties: false },
);
