import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { getReorganisation } from './reorganisation.queries.js';
import { REORGANISATION_KINDS, reorganiseUnits } from './reorganisation.service.js';
import { codesOf } from '../domain/enums.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ReorganisationBody = Type.Object(
  {
    kind: Type.Enum(codesOf(REORGANISATION_KINDS), {
      type: 'string',
      description: Object.entries(REORGANISATION_KINDS)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    }),
    sourceUnitIds: Type.Array(Type.String({ maxLength: 64 }), {
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      description: '更名、拆分、划转：该单位；合并：被合并的单位',
    }),
    targetUnitId: Type.Optional(Type.String({ maxLength: 64, description: '合并、划转：承接的单位' })),
    assignments: Type.Optional(
      Type.Array(
        Type.Object(
          { itemId: Type.String({ maxLength: 64 }), unitId: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        { maxItems: 2000, description: '拆分：每个事项的承接单位；划转：选定的事项（下级事项随上级事项）' },
      ),
    ),
    newName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, title: '新名称', description: '更名时必填' })),
    eventDate: Type.String({
      pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
      title: '调整事由发生日期',
      description: '机构编制决定生效之日，如 2026-03-01；各事项的调整期限（3个工作日）自此计算',
    }),
    explanation: Type.Optional(Type.String({ maxLength: 2000, title: '说明' })),
    groundDocument: Type.Optional(
      Type.Object(
        {
          docNo: Type.Optional(Type.String({ maxLength: 100, title: '文号' })),
          title: Type.Optional(Type.String({ maxLength: 300, title: '文件名称' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Account = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
});
export const ReorganisationResponse = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  eventDate: Type.String(),
  explanation: Nullable(Type.String()),
  createdAt: Type.String(),
  sources: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  targets: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  moves: Type.Array(
    Type.Object({
      itemId: Type.String(),
      itemName: Type.String(),
      toUnitId: Type.String(),
      toUnitName: Type.String(),
      changeRequestId: Nullable(Type.String()),
      successorId: Nullable(Type.String()),
      dueOn: Nullable(Type.String()),
      status: Nullable(Type.String()),
    }),
  ),
  accounts: Type.Array(Account, { description: '已撤并单位仍在用的账号，由安全管理员重新分配' }),
});

/** `/api/v1/units/reorganisations`: Art. 18(三) 实施机构职能调整, recorded by the centre. */
export function registerReorganisationRoutes(app: App, ctx: AppContext): void {
  const tags = ['实施单位'];
  app.post(
    '/api/v1/units/reorganisations',
    {
      config: { access: 'unit.reorganise' },
      schema: {
        tags,
        summary:
          '实施机构职能调整（第十八条第（三）项）：单位更名、合并、拆分或事项划转；各事项生成变更或划转申请，期限3个工作日',
        body: ReorganisationBody,
        response: { 201: ReorganisationResponse },
      },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const result = await reorganiseUnits(uc, request.body);
      return reply.status(201).send(await getReorganisation(uc, result.id));
    },
  );

  app.get(
    '/api/v1/units/reorganisations/:id',
    {
      config: { access: 'unit.read' },
      schema: {
        tags,
        summary: '实施机构职能调整详情（事项去向、调整申请状态、待重新分配的账号）',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: ReorganisationResponse },
      },
    },
    async (request) => getReorganisation(ucOf(ctx, request), request.params.id),
  );
}
