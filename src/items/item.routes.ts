import { attestationsOf } from '../workflow/attestation.queries.js';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { authorize, inScope, unitScope } from '../auth/policy.js';
import { errors } from '../shared/errors.js';
import { findingsFor } from './findings.js';
import { compareVersions, getItemDetail, itemHistory, listItems } from './item.queries.js';
import { presentItemDetail, presentList, presentVersion } from './item.presenter.js';
import {
  DiffQuery,
  DiffResponse,
  FindingsResponse,
  IdParams,
  ItemCheckBody,
  ItemCreateBody,
  ItemDetailResponse,
  ItemListQuery,
  ItemListResponse,
  ItemUpdateBody,
  VersionSummary,
} from './item.schema.js';
import { createItem, updateItem } from './item.service.js';
import Type from 'typebox';

const tags = ['事项'];

/** Staff API for items: thin handlers — parse, call one use case, present. */
export function registerItemRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/items',
    {
      config: { access: 'item.read' },
      schema: {
        tags,
        summary: '事项列表（筛选、分页；单位角色仅见本单位）',
        querystring: ItemListQuery,
        response: { 200: ItemListResponse },
      },
    },
    async (request) => {
      const q = request.query;
      const { rows, total } = await listItems(ucOf(ctx, request), {
        ...q,
        offset: (q.page - 1) * q.pageSize,
        limit: q.pageSize,
      });
      return { items: presentList(rows), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.post(
    '/api/v1/items',
    {
      config: { access: 'item.create' },
      schema: {
        tags,
        summary: '录入事项（生成草稿版本 1）',
        body: ItemCreateBody,
        response: { 201: ItemDetailResponse },
      },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const row = await createItem(uc, request.body);
      return reply.status(201).send(presentItemDetail(await getItemDetail(uc, row.id)));
    },
  );

  app.get(
    '/api/v1/items/:id',
    {
      config: { access: 'item.read' },
      schema: {
        tags,
        summary: '事项详情（当前工作版本、已发布版本、检查结果）',
        params: IdParams,
        response: { 200: ItemDetailResponse },
      },
    },
    async (request) => presentItemDetail(await getItemDetail(ucOf(ctx, request), request.params.id)),
  );

  app.put(
    '/api/v1/items/:id',
    {
      config: { access: 'item.update' },
      schema: {
        tags,
        summary: '保存草稿（乐观并发：version 过期返回 409）',
        params: IdParams,
        body: ItemUpdateBody,
        response: { 200: ItemDetailResponse },
      },
    },
    async (request) => {
      const uc = ucOf(ctx, request);
      await updateItem(uc, request.params.id, request.body);
      return presentItemDetail(await getItemDetail(uc, request.params.id));
    },
  );

  app.post(
    '/api/v1/items/:id/check',
    {
      config: { access: 'item.check' },
      schema: { tags, summary: '对事项当前版本运行规则检查', params: IdParams, response: { 200: FindingsResponse } },
    },
    async (request) => (await getItemDetail(ucOf(ctx, request), request.params.id)).findings,
  );

  app.post(
    '/api/v1/items/check',
    {
      config: { access: 'item.check' },
      schema: {
        tags,
        summary: '检查未保存的事项内容（编辑页实时检查）',
        body: ItemCheckBody,
        response: { 200: FindingsResponse },
      },
    },
    async (request) => {
      authorize(request.actor, 'item.check');
      const scope = unitScope(request.actor);
      const unitId = scope.kind === 'unit' ? scope.unitId : request.body.unitId;
      if (!unitId || !inScope(scope, unitId)) throw errors.field('unitId', '实施单位不存在');
      const { granularity, taskCode, handlingCode, content } = request.body;
      return findingsFor(ctx.db.kysely, ctx.config, { granularity, taskCode, handlingCode, unitId }, content);
    },
  );

  app.get(
    '/api/v1/items/:id/versions',
    {
      config: { access: 'item.read' },
      schema: {
        tags,
        summary: '版本历史（谁、何时、为何）',
        params: IdParams,
        response: { 200: Type.Object({ versions: Type.Array(VersionSummary) }) },
      },
    },
    async (request) => {
      const versions = await itemHistory(ucOf(ctx, request), request.params.id);
      const attested = await attestationsOf(ctx.db.kysely, request.params.id);
      return {
        versions: versions.map((v) => ({
          ...presentVersion(v),
          attestations: attested
            .filter((a) => a.version_id === v.id)
            .map((a) => ({ stage: a.stage, statement: a.statement, name: a.user_name, at: a.attested_at })),
        })),
      };
    },
  );

  app.get(
    '/api/v1/items/:id/diff',
    {
      config: { access: 'item.read' },
      schema: {
        tags,
        summary: '两个版本之间的字段级差异（材料、收费逐行比较）',
        params: IdParams,
        querystring: DiffQuery,
        response: { 200: DiffResponse },
      },
    },
    async (request) => {
      const r = await compareVersions(ucOf(ctx, request), request.params.id, request.query.from, request.query.to);
      return { from: presentVersion(r.from), to: presentVersion(r.to), changes: r.changes };
    },
  );
}
