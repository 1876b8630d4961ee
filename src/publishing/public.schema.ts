import Type, { type Static } from 'typebox';
import { ITEM_TYPES, LIFE_STATES } from '../domain/enums.js';
import { ItemContent } from '../domain/item-content.js';
import { Code } from '../domain/schema-helpers.js';

/**
 * Schemas of the public read API (`/api/public/v1`): query strings are validated with them, and they
 * document the responses in OpenAPI. Every response body starts with `publication`.
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Publication = Type.Object(
  {
    seq: Type.Integer({ description: '当前发布序号（每次公开变化加一）' }),
    publishedAt: Nullable(Type.String({ description: '最近一次发布时间（ISO 8601）' })),
    contentHash: Type.String({ description: '本响应所示数据（publication 以外部分，规范化 JSON）的 SM3 摘要' }),
  },
  { title: '发布信息' },
);

export const ItemCode = Type.String({
  pattern: '^[0-9A-Z]{31}(-[0-9A-Za-z-]{1,50})?$',
  description: '实施编码；业务办理项为 实施编码-业务办理项编码',
});
export const UnitRef = Type.String({ maxLength: 64, description: '实施单位 id 或统一社会信用代码' });
const Offset = Type.Integer({ minimum: 0, maximum: 100000, default: 0 });
const Limit = (max: number, dflt: number) => Type.Integer({ minimum: 1, maximum: max, default: dflt });

export const Links = Type.Object({
  guide: Type.String({ description: '门户办事指南页面' }),
  api: Type.String({ description: '本接口中的事项详情' }),
});

export const ItemSummary = Type.Object(
  {
    code: ItemCode,
    name: Type.String(),
    type: Code(ITEM_TYPES, '事项类型'),
    typeLabel: Type.String(),
    granularity: Type.String({ description: 'main=主项 sub=子项 handling=业务办理项' }),
    lifeState: Code(LIFE_STATES, '事项状态'),
    unit: Type.Object({ id: Type.String(), name: Type.String() }),
    serviceObjects: Type.Array(Type.String()),
    version: Type.Integer(),
    publishedAt: Type.String(),
    contentHash: Type.String({ description: '已发布版本内容的 SM3 摘要' }),
    links: Links,
  },
  { title: '事项摘要' },
);

export const ItemDetail = Type.Object(
  {
    code: ItemCode,
    taskCode: Type.String(),
    handlingCode: Type.String(),
    parentCode: Nullable(Type.String()),
    name: Type.String(),
    type: Code(ITEM_TYPES, '事项类型'),
    granularity: Type.String(),
    lifeState: Code(LIFE_STATES, '事项状态'),
    unit: Type.Object({ id: Type.String(), name: Type.String(), website: Nullable(Type.String()) }),
    version: Type.Integer({ description: '公开版本号：该事项第几次发布（内部草稿不计）' }),
    publishedAt: Type.String(),
    contentHash: Type.String(),
    basisNotice: Type.Optional(
      Type.String({ description: '设定依据已废止或失效、事项正在调整时的提示（仅单个事项查询、仅在此情形返回）' }),
    ),
    lastPublication: Type.Object({
      seq: Type.Integer(),
      kind: Type.String(),
      at: Type.String(),
      note: Nullable(Type.String({ description: '该次发布的说明，暂停时为暂停理由' })),
    }),
    onlineHandling: Type.Object({
      channel: Type.String({ description: 'own=本单位网办系统 platform=政务服务平台频道 exempt=依法不适宜网上办理' }),
      url: Nullable(Type.String()),
      reason: Nullable(Type.String({ description: '不予网办的情形及理由（第十一条）' })),
    }),
    content: Type.Omit(ItemContent, ['overrides']),
    links: Links,
  },
  { title: '事项（办事指南全部公开要素）' },
);

export const UnitSummary = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    shortName: Nullable(Type.String()),
    uscc: Type.String(),
    website: Nullable(Type.String()),
    onlineSystemUrl: Nullable(Type.String()),
    address: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    itemCount: Type.Integer(),
  },
  { title: '实施单位' },
);

export const Manifest = Type.Object(
  {
    unitId: Nullable(Type.String()),
    seq: Type.Integer(),
    hash: Type.String({
      description: '目录摘要：各事项（编码、内容摘要、状态）按编码排序后的 SM3；渠道上报同步状态时回报此值',
    }),
    count: Type.Integer(),
  },
  { title: '目录摘要' },
);

export const Change = Type.Object(
  {
    seq: Type.Integer(),
    kind: Type.String({ description: 'add=新增 change=变更 cancel=取消 suspend=暂停 resume=恢复' }),
    kindLabel: Type.String(),
    code: ItemCode,
    name: Type.String(),
    unit: Type.Object({ id: Type.String(), name: Type.String() }),
    ground: Nullable(Type.String()),
    groundLabel: Nullable(Type.String()),
    summary: Nullable(Type.String()),
    contentHash: Type.String(),
    publishedAt: Type.String(),
    isPublic: Type.Boolean({ description: '事项当前仍在公开目录中（已取消的事项为 false）' }),
  },
  { title: '发布记录' },
);

// Query strings.
export const ItemListQuery = Type.Object(
  {
    unit: Type.Optional(UnitRef),
    type: Type.Optional(Code(ITEM_TYPES, '事项类型')),
    audience: Type.Optional(
      Type.Union([Type.Literal('person'), Type.Literal('corporate')], { description: 'person=个人 corporate=法人' }),
    ),
    theme: Type.Optional(Type.String({ maxLength: 100, description: '主题（面向自然人/法人主题分类）' })),
    offset: Type.Optional(Offset),
    limit: Type.Optional(Limit(100, 20)),
  },
  { additionalProperties: false },
);
export type ItemListQuery = Static<typeof ItemListQuery>;

export const ChangesQuery = Type.Object(
  {
    since: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 2147483647,
        default: 0,
        description: '只返回发布序号大于此值的记录（升序）',
      }),
    ),
    unit: Type.Optional(UnitRef),
    limit: Type.Optional(Limit(500, 100)),
  },
  { additionalProperties: false },
);
export type ChangesQuery = Static<typeof ChangesQuery>;

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 100, description: '事项名称或关键词（两个汉字即可）' }),
    unit: Type.Optional(UnitRef),
    type: Type.Optional(Code(ITEM_TYPES, '事项类型')),
    offset: Type.Optional(Offset),
    limit: Type.Optional(Limit(100, 20)),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const CatalogueQuery = Type.Object({ unit: Type.Optional(UnitRef) }, { additionalProperties: false });

// Responses.
export const ItemListResponse = Type.Object({
  publication: Publication,
  items: Type.Array(ItemSummary),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
});
export const ItemResponse = Type.Intersect([Type.Object({ publication: Publication }), ItemDetail]);
export const UnitListResponse = Type.Object({ publication: Publication, units: Type.Array(UnitSummary) });
export const UnitResponse = Type.Object({ publication: Publication, unit: UnitSummary, catalogue: Manifest });
export const ChangesResponse = Type.Object({
  publication: Publication,
  since: Type.Integer(),
  changes: Type.Array(Change),
  next: Type.Integer({ description: '下一页的 since（= 本页最后一条的发布序号）' }),
  hasMore: Type.Boolean(),
});
export const SearchResponse = Type.Object({
  publication: Publication,
  q: Type.String(),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  hits: Type.Array(
    Type.Object({
      match: Type.String({ description: 'name=名称命中 text=办事指南内容命中（名称命中排在前）' }),
      item: ItemSummary,
    }),
  ),
});
export const CatalogueResponse = Type.Object({
  publication: Publication,
  catalogue: Manifest,
  items: Type.Array(Type.Object({ code: Type.String(), contentHash: Type.String(), lifeState: Type.String() })),
});
export const StatusReportBody = Type.Object(
  {
    seq: Type.Integer({ minimum: 0, description: '渠道当前展示内容对应的发布序号' }),
    hash: Type.String({ pattern: '^[0-9a-f]{64}$', description: '渠道当前展示内容的目录摘要（catalogue.hash）' }),
  },
  { additionalProperties: false },
);
export type StatusReportBody = Static<typeof StatusReportBody>;
export const StatusReportResponse = Type.Object({
  channel: Type.String(),
  status: Type.String({ description: 'current=一致 behind=落后 drifted=内容不一致' }),
  expectedSeq: Type.Integer(),
  expectedHash: Type.String(),
});
