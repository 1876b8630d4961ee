import Type from 'typebox';
import { ItemCreateBody } from '../items/item.schema.js';
import { CHANGE_KINDS, CLERK_CHANGE_KINDS, GROUNDS } from '../domain/grounds.js';
import { codesOf } from '../domain/enums.js';

export const TransitionBody = Type.Object(
  {
    version: Type.Optional(Type.Integer({ minimum: 1, description: '读取时的事项 version；过期返回 409' })),
    comment: Type.Optional(Type.String({ maxLength: 2000, title: '意见' })),
    fieldComments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            path: Type.String({ maxLength: 200, title: '要素路径', description: '如 content.materials.1.name' }),
            comment: Type.String({ minLength: 1, maxLength: 1000, title: '意见' }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    publishAt: Type.Optional(Type.String({ format: 'date-time', title: '生效时间' })),
    attestation: Type.Optional(
      Type.Boolean({
        title: '准确性声明',
        description:
          '提交（submit）、单位审核通过（unit-approve）时必须为 true：确认“本单位对调整内容和依据的准确性、真实性和完整性负责”（第十五条），记入版本历史和审计日志；缺少或为 false 时返回 400（字段 attestation），状态不变。其他步骤不需要',
      }),
    ),
  },
  { additionalProperties: false },
);

const Kind = Type.Enum([...CLERK_CHANGE_KINDS], {
  type: 'string',
  description: CLERK_CHANGE_KINDS.map((k) => `${k}=${CHANGE_KINDS[k]}`).join('; '),
});
const Ground = Type.Enum(codesOf(GROUNDS), {
  type: 'string',
  description: Object.entries(GROUNDS)
    .map(([k, v]) => `${k}=${v.label}（${v.article}）`)
    .join('; '),
});
const NewItem = Type.Object({ ...ItemCreateBody.properties }, { additionalProperties: false });

export const ChangeRequestBody = Type.Object(
  {
    kind: Kind,
    itemId: Type.Optional(Type.String({ maxLength: 64, description: '变更、取消：已发布事项' })),
    sourceItemIds: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        minItems: 1,
        maxItems: 50,
        uniqueItems: true,
        description: '合并：被合并事项；拆分：被拆分事项',
      }),
    ),
    newItems: Type.Optional(
      Type.Array(NewItem, {
        minItems: 1,
        maxItems: 50,
        description:
          '新增、合并、拆分产生的事项。业务办理项（granularity=handling）须给出上级事项 parentId，基本编码与上级相同，实施编码取上级的，业务办理项编码省略时按 上级实施编码+2位序号 生成；拆分子项为其下的业务办理项时，子项保留',
      }),
    ),
    mergeIntoId: Type.Optional(
      Type.String({
        maxLength: 64,
        description: '合并：并入的已发布事项（如业务办理项并入其主项），代替 newItems；该事项生成变更版本并保留',
      }),
    ),
    ground: Ground,
    groundExplanation: Type.Optional(
      Type.String({ maxLength: 2000, title: '事由说明', description: '选择“其他”情形时必填' }),
    ),
    groundDocument: Type.Optional(
      Type.Object(
        {
          docNo: Type.Optional(Type.String({ maxLength: 100, title: '文号' })),
          title: Type.Optional(Type.String({ maxLength: 300, title: '文件名称' })),
          article: Type.Optional(Type.String({ maxLength: 100, title: '条款' })),
          effectiveDate: Type.Optional(
            Type.String({
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
              title: '生效日期',
              description: '应为日期，如 2026-03-01',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    groundArisenOn: Type.String({
      pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
      title: '事由发生日期',
      description: '应为日期，如 2026-03-01',
    }),
    summary: Type.Optional(Type.String({ maxLength: 1000, title: '调整内容摘要' })),
    obligationId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const ChangeRequestResponse = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  itemId: Type.Union([Type.String(), Type.Null()]),
  itemName: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  kindLabel: Type.String(),
  ground: Type.String(),
  groundLabel: Type.String(),
  groundExplanation: Type.Union([Type.String(), Type.Null()]),
  groundDocument: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
  groundArisenOn: Type.String(),
  dueOn: Type.String(),
  dueProvisional: Type.Boolean(),
  status: Type.String(),
  remainingWorkingDays: Type.Union([Type.Integer(), Type.Null()]),
  overdue: Type.Boolean(),
  late: Type.Boolean(),
  deadlineText: Type.String(),
  firstSubmittedAt: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([Type.String(), Type.Null()]),
  obligationId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  lineage: Type.Array(Type.Object({ itemId: Type.String(), role: Type.String(), name: Type.String() })),
});

export const ReviewComment = Type.Object({
  id: Type.String(),
  stage: Type.String(),
  fieldPath: Type.Union([Type.String(), Type.Null()]),
  comment: Type.String(),
  authorName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  versionSeq: Type.Integer(),
});
