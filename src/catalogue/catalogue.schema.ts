import Type, { type Static } from 'typebox';
import { ITEM_TYPES, USE_LEVELS } from '../domain/enums.js';
import { Citation } from '../domain/item-content.js';
import { Code, CodeSet } from '../domain/schema-helpers.js';

export const CatalogueEntryBody = Type.Object({
  catalogCode: Type.String({ title: '基本编码', pattern: '^[0-9A-Z]{12}$', description: '应为 12 位数字或大写字母' }),
  localCatalogCode: Type.Optional(Type.String({ title: '地方基本编码', maxLength: 50 })),
  parentCode: Type.Optional(Type.String({ title: '主项基本编码', pattern: '^[0-9A-Z]{12}$', description: '应为 12 位数字或大写字母' })),
  name: Type.String({ title: '事项名称', minLength: 1, maxLength: 1000 }),
  type: Code(ITEM_TYPES, '事项类型'),
  setBasis: Type.Array(Citation, { title: '设定依据' }),
  useLevels: CodeSet(USE_LEVELS, '行使层级', 1),
  sourceLevel: Type.Enum(['1', '2', '3', '4'], { type: 'string', title: '目录发布层级', description: '1=国家 2=省 3=市 4=县' }),
  status: Type.Optional(Type.Enum(['active', 'suspended', 'cancelled'], { type: 'string' })),
}, { additionalProperties: false });
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
