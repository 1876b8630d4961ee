import Type, { type Static } from 'typebox';
import { LEGAL_DOC_KINDS } from '../domain/enums.js';
import { CatalogCode, Code, IsoDate, ShortText, Text, Url } from '../domain/schema-helpers.js';
import { DIRECTIVE_KINDS, DIRECTIVE_LEVELS, LEGAL_DOC_STATUSES, LEGAL_EVENT_KINDS } from './legal.enums.js';

/** HTTP schemas of the legal-basis register, legal events and upper-level directives. */

export const Article = Type.Object(
  {
    number: Type.String({ title: '条', minLength: 2, maxLength: 50, pattern: '^第.+条', description: '如：第十二条' }),
    text: Text('条文', 20000, 1),
  },
  { additionalProperties: false, title: '条文' },
);

const DocumentFields = {
  kind: Code(LEGAL_DOC_KINDS, '文件类型'),
  title: Text('文件名称', 500, 1),
  issuer: Text('制定机关', 200, 1),
  docNo: Type.Optional(ShortText('文号')),
  publishedOn: Type.Optional(IsoDate('公布日期')),
  effectiveOn: Type.Optional(IsoDate('施行日期')),
  amendedOn: Type.Optional(IsoDate('修订日期')),
  repealedOn: Type.Optional(IsoDate('废止日期')),
  note: Type.Optional(Text('备注', 2000)),
  url: Type.Optional(Url('全文地址')),
  articles: Type.Optional(Type.Array(Article, { title: '条文', maxItems: 3000 })),
};

export const LegalDocumentBody = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        title: '文件编号',
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
        description:
          '应以字母或数字开头，只含字母、数字、下划线、点和连字符，不超过 64 个字符（引用时的 docId；省略时自动生成）',
      }),
    ),
    ...DocumentFields,
    status: Type.Optional(Code(LEGAL_DOC_STATUSES, '状态')),
  },
  { additionalProperties: false },
);
export type LegalDocumentBody = Static<typeof LegalDocumentBody>;

export const LegalDocumentUpdateBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, title: '版本号', description: '读取时的 version；过期返回 409' }),
    ...DocumentFields,
  },
  { additionalProperties: false, description: '状态只能通过登记法律事件改变（以便产生调整义务）' },
);
export type LegalDocumentUpdateBody = Static<typeof LegalDocumentUpdateBody>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const LegalDocumentResponse = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  title: Type.String(),
  issuer: Type.String(),
  docNo: Nullable(Type.String()),
  publishedOn: Nullable(Type.String()),
  effectiveOn: Nullable(Type.String()),
  amendedOn: Nullable(Type.String()),
  repealedOn: Nullable(Type.String()),
  status: Type.String(),
  statusLabel: Type.String(),
  successorId: Nullable(Type.String()),
  note: Nullable(Type.String()),
  url: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String(),
  citingItems: Type.Optional(Type.Integer()),
  articles: Type.Optional(Type.Array(Type.Object({ number: Type.String(), text: Type.String() }))),
});

export const CitingItemResponse = Type.Object({
  itemId: Type.String(),
  name: Type.String(),
  taskCode: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  lifeState: Type.String(),
  workflowState: Type.String(),
  isPublished: Type.Boolean(),
  bases: Type.Array(Type.String()),
  articles: Type.Array(Type.String()),
});

export const LegalEventBody = Type.Object(
  {
    docId: Type.String({ title: '法律文件', minLength: 1, maxLength: 64 }),
    kind: Code(LEGAL_EVENT_KINDS, '事件类型'),
    effectiveOn: IsoDate('生效日期'),
    noticeDocNo: Type.Optional(ShortText('通知文号')),
    noticeTitle: Type.Optional(Text('通知名称', 500)),
    relatedDocId: Type.Optional(
      Type.String({
        title: '关联文件',
        maxLength: 64,
        description: '修订：修订后的新文本（如已单独登记）；新立：被取代的旧文件',
      }),
    ),
    unitIds: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        title: '指定单位',
        uniqueItems: true,
        maxItems: 500,
        description: '新立：中心指定须评估新增事项的单位',
      }),
    ),
    note: Type.Optional(Text('说明', 2000)),
  },
  { additionalProperties: false },
);
export type LegalEventBody = Static<typeof LegalEventBody>;

const ImpactObligation = Type.Object({
  unitId: Type.String(),
  unitName: Type.String(),
  itemId: Nullable(Type.String()),
  itemName: Nullable(Type.String()),
  taskCode: Nullable(Type.String()),
  catalogCode: Nullable(Type.String()),
  kind: Type.String(),
  kindLabel: Type.String(),
  ground: Type.String(),
  groundLabel: Type.String(),
  summary: Type.String(),
  bases: Type.Array(Type.String()),
  articles: Type.Array(Type.String()),
});

export const ImpactResponse = Type.Object({
  groundArisenOn: Type.String(),
  dueOn: Type.String(),
  dueProvisional: Type.Boolean(),
  total: Type.Integer(),
  units: Type.Array(Type.Object({ unitId: Type.String(), unitName: Type.String(), count: Type.Integer() })),
  skipped: Type.Array(Type.Object({ unitName: Type.String(), catalogCode: Type.String(), reason: Type.String() })),
  obligations: Type.Array(ImpactObligation),
});

export const LegalEventResponse = Type.Object({
  id: Type.String(),
  docId: Type.String(),
  docTitle: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  effectiveOn: Type.String(),
  noticeDocNo: Nullable(Type.String()),
  noticeTitle: Nullable(Type.String()),
  relatedDocId: Nullable(Type.String()),
  unitIds: Type.Array(Type.String()),
  note: Nullable(Type.String()),
  obligationCount: Type.Integer(),
  recordedAt: Type.String(),
});

export const DirectiveBody = Type.Object(
  {
    level: Code(DIRECTIVE_LEVELS, '决定机关'),
    kind: Code(DIRECTIVE_KINDS, '决定类型'),
    docNo: Type.String({ title: '文号', minLength: 1, maxLength: 100 }),
    title: Text('文件名称', 500, 1),
    issuedOn: IsoDate('印发日期'),
    effectiveOn: Type.Optional(IsoDate('生效日期')),
    codes: Type.Array(CatalogCode(), { title: '涉及的基本编码', minItems: 1, maxItems: 2000, uniqueItems: true }),
    unitIds: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        title: '承接单位',
        uniqueItems: true,
        maxItems: 500,
        description: '下放：中心指定的承接单位',
      }),
    ),
    adjustGround: Type.Optional(
      Type.Enum(['art18.1', 'art18.2'], {
        type: 'string',
        title: '调整事由',
        description: 'art18.1=设定依据调整; art18.2=名称、类型、层级等基本要素调整（默认）',
      }),
    ),
    note: Type.Optional(Text('说明', 2000)),
  },
  { additionalProperties: false },
);
export type DirectiveBody = Static<typeof DirectiveBody>;

export const DirectiveResponse = Type.Object({
  id: Type.String(),
  level: Type.String(),
  levelLabel: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  docNo: Type.String(),
  title: Type.String(),
  issuedOn: Type.String(),
  effectiveOn: Type.String(),
  codes: Type.Array(Type.String()),
  unitIds: Type.Array(Type.String()),
  ground: Type.String(),
  groundLabel: Type.String(),
  note: Nullable(Type.String()),
  obligationCount: Type.Integer(),
  recordedAt: Type.String(),
});
