import Type, { type Static } from 'typebox';
import { ITEM_TYPES, USE_LEVELS } from '../domain/enums.js';
import { Citation } from '../domain/item-content.js';
import { CatalogCode, Code, CodeSet } from '../domain/schema-helpers.js';

/** The centre records forwarding a divergence request upward, and the upper level's answer. */
export const DivergenceAnswerBody = Type.Object(
  {
    status: Type.Enum(['forwarded', 'accepted', 'rejected'], { type: 'string' }),
    answer: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const ENTRY_STATUSES = { active: '在用', suspended: '暂停', cancelled: '取消' } as const;

export const CatalogueEntryInput = Type.Object(
  {
    catalogCode: CatalogCode(),
    localCatalogCode: Type.Optional(Type.String({ title: '地方基本编码', maxLength: 50 })),
    parentCode: Type.Optional(CatalogCode('主项基本编码')),
    name: Type.String({ title: '事项名称', minLength: 1, maxLength: 1000 }),
    type: Code(ITEM_TYPES, '事项类型'),
    setBasis: Type.Array(Citation, { title: '设定依据' }),
    useLevels: CodeSet(USE_LEVELS, '行使层级', 1),
    status: Type.Optional(Code(ENTRY_STATUSES, '状态')),
  },
  { additionalProperties: false, title: '基本目录条目' },
);
export type CatalogueEntryInput = Static<typeof CatalogueEntryInput>;

/** One entry written on its own through the API: an imported entry plus the level that published it. */
export const CatalogueEntryBody = Type.Object(
  {
    ...CatalogueEntryInput.properties,
    sourceLevel: Type.Enum(['1', '2', '3', '4'], {
      type: 'string',
      title: '目录发布层级',
      description: '1=国家 2=省 3=市 4=县',
    }),
  },
  { additionalProperties: false },
);
export type CatalogueEntryBody = Static<typeof CatalogueEntryBody>;

export const CatalogueEntryResponse = Type.Object({
  ...CatalogueEntryBody.properties,
  localCatalogCode: Type.Union([Type.String(), Type.Null()]),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  entryVersion: Type.Integer(),
  updatedAt: Type.String(),
  claimCount: Type.Optional(Type.Integer()),
});
