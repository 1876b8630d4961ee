import Type from 'typebox';
import { CatalogCode, PageNumber, PageSize } from '../domain/schema-helpers.js';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { getItemDetail } from '../items/item.queries.js';
import { presentItemDetail } from '../items/item.presenter.js';
import { ItemDetailResponse } from '../items/item.schema.js';
import { errors } from '../shared/errors.js';
import { uploadRoutes } from '../web/multipart.js';
import { parseStored } from '../shared/json.js';
import { getChangeRequest } from '../workflow/change-request.queries.js';
import { ChangeRequestResponse } from '../workflow/workflow.schema.js';
import { CatalogueVersionBody, parseJsonVersion, parseXlsxVersion, VersionMeta } from './catalogue.import.js';
import { DivergenceAnswerBody } from './catalogue.schema.js';
import type { CatalogueVersionEntryRow, CatalogueVersionRow, DivergenceRequestRow } from './catalogue.table.js';
import { compareVersions, getVersion, importVersion, listVersions } from './catalogue-version.service.js';
import { claimEntry, listClaims } from './claim.service.js';
import { claimCoverage } from './coverage.js';
import {
  answerDivergence,
  DIVERGENCE_FIELDS,
  DIVERGENCE_STATUSES,
  listDivergences,
  requestDivergence,
} from './divergence.service.js';
import { getClaimComparison, takeOver, type ClaimComparison } from './takeover.service.js';
import { codesOf } from '../domain/enums.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const ItemParams = Type.Object({ itemId: Type.String({ maxLength: 64 }) });
const Code = Type.Object({ code: CatalogCode() });
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IMPORT_LIMIT = 20 * 1024 * 1024;

const VersionResponse = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  label: Type.String(),
  sourceLevel: Type.String(),
  docNo: Nullable(Type.String()),
  effectiveOn: Type.String(),
  entryCount: Type.Integer(),
  summary: Type.Object({
    added: Type.Integer(),
    removed: Type.Integer(),
    changed: Type.Integer(),
    unchanged: Type.Integer(),
    flagged: Type.Integer({ description: '标记为需复核的认领事项数' }),
  }),
  fileName: Nullable(Type.String()),
  fileFormat: Type.String(),
  importedAt: Type.String(),
});
const EntryResponse = Type.Object({
  catalogCode: Type.String(),
  localCatalogCode: Nullable(Type.String()),
  parentCode: Nullable(Type.String()),
  name: Type.String(),
  type: Type.String(),
  setBasis: Type.Array(Type.Unknown()),
  useLevels: Type.Array(Type.String()),
  status: Type.String(),
});
const Inherited = Type.Object({
  name: Type.String(),
  catalogCode: Type.String(),
  type: Type.String(),
  setBasis: Type.Array(Type.Unknown()),
});
const ComparisonResponse = Type.Object({
  itemId: Type.String(),
  itemName: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  taskCode: Type.String(),
  origin: Type.String(),
  workflowState: Type.String(),
  lifeState: Type.String(),
  // A claimed item's draft may still lack its type or basis (drafts save incomplete).
  local: Type.Object({
    name: Type.String(),
    catalogCode: Type.Optional(Type.String()),
    type: Type.Optional(Type.String()),
    setBasis: Type.Optional(Type.Array(Type.Unknown())),
  }),
  entry: Nullable(
    Type.Object({
      ...Inherited.properties,
      status: Type.String(),
      entryVersion: Type.Integer(),
      versionLabel: Nullable(Type.String()),
      effectiveOn: Nullable(Type.String()),
    }),
  ),
  differences: Type.Array(Type.String(), { description: '与基本目录不同的继承要素：name/catalogCode/type/setBasis' }),
  review: Nullable(
    Type.Object({
      id: Type.String(),
      versionId: Type.String(),
      versionLabel: Type.String(),
      fields: Type.Array(Type.String()),
      obligationId: Type.String(),
      obligationStatus: Type.String(),
      dueOn: Type.String(),
    }),
  ),
  takeOverBlocked: Nullable(Type.String({ description: '不能“采用新文本”的原因；null 表示可以' })),
});
const DivergenceResponse = Type.Object({
  id: Type.String(),
  itemId: Type.String(),
  itemName: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  catalogCode: Type.String(),
  field: Type.String(),
  fieldLabel: Type.String(),
  proposed: Type.String(),
  reason: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  answer: Nullable(Type.String()),
  createdAt: Type.String(),
  answeredAt: Nullable(Type.String()),
});

export function presentVersion(v: CatalogueVersionRow) {
  return {
    id: v.id,
    seq: v.seq,
    label: v.label,
    sourceLevel: v.source_level,
    docNo: v.doc_no,
    effectiveOn: v.effective_on,
    entryCount: v.entry_count,
    summary: {
      added: 0,
      removed: 0,
      changed: 0,
      unchanged: 0,
      flagged: 0,
      ...parseStored<Record<string, number>>(v.summary),
    },
    fileName: v.file_name,
    fileFormat: v.file_format,
    importedAt: v.imported_at,
  };
}
export function presentVersionEntry(e: CatalogueVersionEntryRow) {
  return {
    catalogCode: e.catalog_code,
    localCatalogCode: e.local_catalog_code,
    parentCode: e.parent_code,
    name: e.name,
    type: e.type,
    setBasis: parseStored<unknown[]>(e.set_basis),
    useLevels: parseStored<string[]>(e.use_levels),
    status: e.status,
  };
}
export function presentComparison(c: ClaimComparison) {
  return {
    itemId: c.item.id,
    itemName: c.item.name,
    unitId: c.item.unit_id,
    unitName: c.item.unit_name,
    taskCode: c.item.task_code,
    origin: c.item.origin,
    workflowState: c.item.workflow_state,
    lifeState: c.item.life_state,
    local: c.local,
    entry: c.entry,
    differences: c.differences,
    review: c.review,
    takeOverBlocked: c.takeOverBlocked,
  };
}
export function presentDivergence(d: DivergenceRequestRow & { item_name: string; unit_name: string }) {
  return {
    id: d.id,
    itemId: d.item_id,
    itemName: d.item_name,
    unitId: d.unit_id,
    unitName: d.unit_name,
    catalogCode: d.catalog_code,
    field: d.field,
    fieldLabel: DIVERGENCE_FIELDS[d.field] ?? d.field,
    proposed: d.proposed,
    reason: d.reason,
    status: d.status,
    statusLabel: DIVERGENCE_STATUSES[d.status] ?? d.status,
    answer: d.answer,
    createdAt: d.created_at,
    answeredAt: d.answered_at,
  };
}

/** Base-catalogue versions (import, snapshots, comparison), claims with inheritance, coverage and divergence requests. */
export function registerCatalogueVersionRoutes(app: App, ctx: AppContext): void {
  const tags = ['基本目录版本'];
  app.get(
    '/api/v1/catalogue/versions',
    {
      config: { access: 'catalogue.read' },
      schema: {
        tags,
        summary: '已导入的基本目录版本（新的在前）',
        response: { 200: Type.Object({ versions: Type.Array(VersionResponse) }) },
      },
    },
    async (request) => ({ versions: (await listVersions(ucOf(ctx, request))).map(presentVersion) }),
  );

  // The imports (20 MB) in their own plugin: the xlsx parser and the large limit apply to these two routes only.
  uploadRoutes(app, ctx.config, { raw: [XLSX_TYPE] }, (scope) => {
    scope.post(
      '/api/v1/catalogue/versions',
      {
        config: { access: 'catalogue.manage' },
        bodyLimit: IMPORT_LIMIT,
        schema: {
          tags,
          summary:
            '导入基本目录版本（JSON，格式见 docs/catalogue.md）：逐条校验，有错则全部不写入并返回 entries.<序号>.<字段>；变化的继承要素使认领事项标记为需复核并产生调整义务',
          body: CatalogueVersionBody,
          response: { 201: Type.Object({ version: VersionResponse }) },
        },
      },
      async (request, reply) => {
        const { version } = await importVersion(ucOf(ctx, request), parseJsonVersion(request.body));
        return reply.status(201).send({ version: presentVersion(version) });
      },
    );

    scope.post(
      '/api/v1/catalogue/versions/xlsx',
      {
        config: { access: 'catalogue.manage' },
        bodyLimit: IMPORT_LIMIT,
        schema: {
          tags,
          summary: `导入基本目录版本（xlsx，Content-Type: ${XLSX_TYPE}；版本信息放在查询参数中）：错误按单元格（如 C5）报告，有错则全部不写入`,
          querystring: Type.Object(
            { ...VersionMeta.properties, fileName: Type.Optional(Type.String({ maxLength: 200 })) },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ version: VersionResponse }) },
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body)) throw errors.field('content-type', `请以 ${XLSX_TYPE} 上传 xlsx 文件`);
        const { fileName, ...meta } = request.query;
        const input = await parseXlsxVersion(request.body, meta, fileName);
        const { version } = await importVersion(ucOf(ctx, request), input);
        return reply.status(201).send({ version: presentVersion(version) });
      },
    );
  });

  app.get(
    '/api/v1/catalogue/versions/:id',
    {
      config: { access: 'catalogue.read' },
      schema: {
        tags,
        summary: '版本详情及其条目快照',
        params: IdParams,
        response: { 200: Type.Object({ version: VersionResponse, entries: Type.Array(EntryResponse) }) },
      },
    },
    async (request) => {
      const { version, entries } = await getVersion(ucOf(ctx, request), request.params.id);
      return { version: presentVersion(version), entries: entries.map(presentVersionEntry) };
    },
  );

  app.get(
    '/api/v1/catalogue/versions/:id/compare',
    {
      config: { access: 'catalogue.read' },
      schema: {
        tags,
        summary: '与另一版本（默认上一版本）比较：新增、取消、逐字段变化（inherited=继承要素）',
        params: IdParams,
        querystring: Type.Object(
          { with: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Nullable(VersionResponse),
            to: VersionResponse,
            added: Type.Array(EntryResponse),
            removed: Type.Array(EntryResponse),
            unchanged: Type.Integer(),
            changed: Type.Array(
              Type.Object({
                catalogCode: Type.String(),
                name: Type.String(),
                changes: Type.Array(
                  Type.Object({
                    field: Type.String(),
                    label: Type.String(),
                    before: Type.Unknown(),
                    after: Type.Unknown(),
                    inherited: Type.Boolean(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const c = await compareVersions(ucOf(ctx, request), request.params.id, request.query.with);
      return {
        from: c.from ? presentVersion(c.from) : null,
        to: presentVersion(c.to),
        added: c.added.map(presentVersionEntry),
        removed: c.removed.map(presentVersionEntry),
        unchanged: c.unchanged,
        changed: c.changed,
      };
    },
  );

  const claimTags = ['认领'];
  app.post(
    '/api/v1/catalogue/:code/claim',
    {
      config: { access: 'catalogue.claim' },
      schema: {
        tags: claimTags,
        summary: '认领基本目录条目：生成本单位实施事项（草稿），事项名称、基本编码、类型和设定依据继承且只读',
        params: Code,
        body: Type.Object({ unitId: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
        response: { 201: ItemDetailResponse },
      },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const item = await claimEntry(uc, request.params.code, request.body);
      return reply.status(201).send(presentItemDetail(await getItemDetail(uc, item.id)));
    },
  );

  app.get(
    '/api/v1/catalogue/claims',
    {
      config: { access: 'catalogue.read' },
      schema: {
        tags: claimTags,
        summary: '认领的事项（needsReview=需复核）',
        querystring: Type.Object(
          {
            unitId: Type.Optional(Type.String({ maxLength: 64 })),
            needsReview: Type.Optional(Type.Boolean()),
            page: PageNumber(),
            pageSize: PageSize(200, 50),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            claims: Type.Array(
              Type.Object({
                itemId: Type.String(),
                name: Type.String(),
                taskCode: Type.String(),
                unitId: Type.String(),
                unitName: Type.String(),
                catalogCode: Type.String(),
                workflowState: Type.String(),
                lifeState: Type.String(),
                needsReview: Type.Boolean(),
              }),
            ),
            total: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const { rows, total } = await listClaims(ucOf(ctx, request), {
        unitId: q.unitId,
        needsReview: q.needsReview,
        offset: (q.page - 1) * q.pageSize,
        limit: q.pageSize,
      });
      return { claims: rows, total };
    },
  );

  app.get(
    '/api/v1/catalogue/claims/:itemId',
    {
      config: { access: 'catalogue.read' },
      schema: {
        tags: claimTags,
        summary: '继承要素与基本目录现行文本对照（需复核时的左右对照）',
        params: ItemParams,
        response: { 200: ComparisonResponse },
      },
    },
    async (request) => presentComparison(await getClaimComparison(ucOf(ctx, request), request.params.itemId)),
  );

  app.post(
    '/api/v1/catalogue/claims/:itemId/take-over',
    {
      config: { access: 'catalogue.claim' },
      schema: {
        tags: claimTags,
        summary:
          '采用新文本：把基本目录现行的名称、类型、设定依据写入待修改版本（已发布事项自动发起变更申请，应答复核义务）',
        params: ItemParams,
        body: Type.Object(
          { summary: Type.Optional(Type.String({ maxLength: 1000 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ comparison: ComparisonResponse, changeRequest: Nullable(ChangeRequestResponse) }),
        },
      },
    },
    async (request) => {
      const uc = ucOf(ctx, request);
      const { changeRequest } = await takeOver(uc, request.params.itemId, request.body);
      return {
        comparison: presentComparison(await getClaimComparison(uc, request.params.itemId)),
        changeRequest: changeRequest ? await getChangeRequest(uc, changeRequest.id) : null,
      };
    },
  );

  app.get(
    '/api/v1/catalogue/coverage',
    {
      config: { access: 'catalogue.read' },
      schema: {
        tags: claimTags,
        summary: '应认尽认：本级适用但尚无单位认领的基本目录条目',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            uncoveredOnly: Type.Boolean({ default: false, description: '只列没有任何事项（含自建）使用该编码的条目' }),
            page: PageNumber(),
            pageSize: PageSize(500, 100),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            level: Type.String(),
            applicable: Type.Integer(),
            claimed: Type.Integer(),
            total: Type.Integer(),
            uncovered: Type.Integer({ description: '没有任何事项实施的条目数' }),
            unclaimed: Type.Array(
              Type.Object({
                catalogCode: Type.String(),
                name: Type.String(),
                type: Type.String(),
                useLevels: Type.Array(Type.String()),
                selfItems: Type.Integer({ description: '使用该编码的自建（未认领）事项数' }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const r = await claimCoverage(ucOf(ctx, request), {
        q: q.q,
        uncoveredOnly: q.uncoveredOnly,
        offset: (q.page - 1) * q.pageSize,
        limit: q.pageSize,
      });
      return {
        ...r,
        unclaimed: r.unclaimed.map((e) => ({
          catalogCode: e.catalog_code,
          name: e.name,
          type: e.type,
          useLevels: parseStored<string[]>(e.use_levels),
          selfItems: e.self_items,
        })),
      };
    },
  );

  const divergenceTags = ['基本要素调整建议'];
  app.get(
    '/api/v1/catalogue/divergences',
    {
      config: { access: 'catalogue.read' },
      schema: {
        tags: divergenceTags,
        summary: '向上级提出的基本要素调整建议',
        response: { 200: Type.Object({ divergences: Type.Array(DivergenceResponse) }) },
      },
    },
    async (request) => ({ divergences: (await listDivergences(ucOf(ctx, request))).map(presentDivergence) }),
  );

  app.post(
    '/api/v1/catalogue/divergences',
    {
      config: { access: 'catalogue.claim' },
      schema: {
        tags: divergenceTags,
        summary: '对认领事项的继承要素提出调整建议（事项本身不变，由中心报送上级）',
        body: Type.Object(
          {
            itemId: Type.String({ maxLength: 64 }),
            field: Type.Enum(codesOf(DIVERGENCE_FIELDS), { type: 'string', title: '要素' }),
            proposed: Type.String({ title: '建议内容', minLength: 1, maxLength: 4000 }),
            reason: Type.String({ title: '理由和依据', minLength: 1, maxLength: 4000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: DivergenceResponse },
      },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const row = await requestDivergence(uc, request.body.itemId, request.body);
      const list = await listDivergences(uc);
      return reply.status(201).send(presentDivergence(list.find((d) => d.id === row.id)!));
    },
  );

  app.post(
    '/api/v1/catalogue/divergences/:id/answer',
    {
      config: { access: 'catalogue.manage' },
      schema: {
        tags: divergenceTags,
        summary: '记录报送上级及上级答复',
        params: IdParams,
        body: DivergenceAnswerBody,
        response: { 200: DivergenceResponse },
      },
    },
    async (request) => {
      const uc = ucOf(ctx, request);
      await answerDivergence(uc, request.params.id, request.body);
      return presentDivergence((await listDivergences(uc)).find((d) => d.id === request.params.id)!);
    },
  );
}
