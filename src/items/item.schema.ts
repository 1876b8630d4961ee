import Type, { type Static } from 'typebox';
import { GRANULARITIES, ITEM_TYPES, LIFE_STATES } from '../domain/enums.js';
import { ItemContent } from '../domain/item-content.js';
import { Code, PageNumber, PageSize } from '../domain/schema-helpers.js';
import { VERSION_STATES } from './states.js';

/** HTTP schemas of the staff items API (`/api/v1/items`). Request types are inferred from them. */

export const ItemCreateBody = Type.Object(
  {
    unitId: Type.Optional(
      Type.String({ title: '实施单位', maxLength: 64, description: '单位角色可省略（默认本单位）' }),
    ),
    parentId: Type.Optional(Type.String({ title: '上级事项', maxLength: 64 })),
    granularity: Code(GRANULARITIES, '颗粒度'),
    taskCode: Type.Optional(
      Type.String({
        title: '实施编码',
        maxLength: 36,
        description: '省略时按 统一社会信用代码+行使层级+基本编码 生成',
      }),
    ),
    handlingCode: Type.Optional(Type.String({ title: '业务办理项编码', maxLength: 50 })),
    content: ItemContent,
    changeNote: Type.Optional(Type.String({ title: '修改说明', maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type ItemCreateBody = Static<typeof ItemCreateBody>;

export const ItemUpdateBody = Type.Object(
  {
    version: Type.Integer({ title: '版本号', minimum: 1, description: '读取时的 version；过期则返回 409' }),
    content: ItemContent,
    changeNote: Type.Optional(Type.String({ title: '修改说明', maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type ItemUpdateBody = Static<typeof ItemUpdateBody>;

export const ItemCheckBody = Type.Object(
  {
    unitId: Type.Optional(Type.String({ maxLength: 64 })),
    granularity: Code(GRANULARITIES, '颗粒度'),
    taskCode: Type.Optional(Type.String({ maxLength: 36 })),
    handlingCode: Type.Optional(Type.String({ maxLength: 50 })),
    content: ItemContent,
  },
  { additionalProperties: false },
);
export type ItemCheckBody = Static<typeof ItemCheckBody>;

export const Finding = Type.Object({
  rule: Type.String(),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  path: Type.String(),
  message: Type.String(),
  overridden: Type.Optional(
    Type.Object({ justification: Type.String(), by: Type.Optional(Type.String()), at: Type.Optional(Type.String()) }),
  ),
});

export const FindingsSummary = Type.Object({
  errors: Type.Integer(),
  warnings: Type.Integer(),
  overridden: Type.Integer(),
});

export const FindingsResponse = Type.Object({ findings: Type.Array(Finding), summary: FindingsSummary });

const VersionState = Code(VERSION_STATES, '版本状态');

export const VersionSummary = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  state: Type.String(),
  contentHash: Type.String(),
  changeNote: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  verifiedAt: Type.Union([Type.String(), Type.Null()]),
  publishAt: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  attestations: Type.Optional(
    Type.Array(
      Type.Object({
        stage: Type.String({ description: 'submission=提交; unit_approval=单位审核通过' }),
        statement: Type.String(),
        name: Type.String(),
        at: Type.String(),
      }),
      { description: '第十五条 准确性声明（仅版本历史返回）' },
    ),
  ),
});

const ItemIdentity = {
  id: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  granularity: Code(GRANULARITIES, '颗粒度'),
  taskCode: Type.String(),
  handlingCode: Type.String(),
  catalogCode: Type.String(),
  origin: Type.String(),
  name: Type.String(),
  type: Code(ITEM_TYPES, '事项类型'),
  lifeState: Code(LIFE_STATES, '事项状态'),
  workflowState: Type.String({
    description: Object.entries(VERSION_STATES)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
  }),
  version: Type.Integer({ description: '乐观并发版本号，修改时原样提交' }),
  errorCount: Type.Integer(),
  warningCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

export const ItemSummary = Type.Object(ItemIdentity);

export const ItemDetailResponse = Type.Object({
  ...ItemIdentity,
  current: VersionSummary,
  published: Type.Union([VersionSummary, Type.Null()]),
  content: ItemContent,
  findings: Type.Array(Finding),
  summary: FindingsSummary,
});

export const ItemListQuery = Type.Object(
  {
    unitId: Type.Optional(Type.String({ maxLength: 64 })),
    type: Type.Optional(Code(ITEM_TYPES, '事项类型')),
    workflowState: Type.Optional(VersionState),
    lifeState: Type.Optional(Code(LIFE_STATES, '事项状态')),
    granularity: Type.Optional(Code(GRANULARITIES, '颗粒度')),
    parentId: Type.Optional(Type.String({ maxLength: 64 })),
    q: Type.Optional(Type.String({ maxLength: 100, description: '名称包含，或实施编码/基本编码等于' })),
    hasErrors: Type.Optional(Type.Boolean()),
    page: PageNumber(),
    pageSize: PageSize(200, 20),
  },
  { additionalProperties: false },
);
export type ItemListQuery = Static<typeof ItemListQuery>;

export const ItemListResponse = Type.Object({
  items: Type.Array(ItemSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const DiffQuery = Type.Object(
  { from: Type.Integer({ minimum: 1 }), to: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export const DiffResponse = Type.Object({
  from: VersionSummary,
  to: VersionSummary,
  changes: Type.Array(
    Type.Object({
      path: Type.String(),
      kind: Type.String(),
      before: Type.Optional(Type.Unknown()),
      after: Type.Optional(Type.Unknown()),
    }),
  ),
});
