import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { LEGAL_DOC_KINDS } from '../domain/enums.js';
import { Code, PageNumber, PageSize } from '../domain/schema-helpers.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { presentImpact } from '../obligations/impact.js';
import {
  getDirective,
  listDirectives,
  presentDirective,
  previewDirective,
  recordDirective,
} from './directive.service.js';
import { LEGAL_DOC_STATUSES } from './legal.enums.js';
import {
  getLegalEvent,
  listLegalEvents,
  presentLegalEvent,
  previewLegalEvent,
  recordLegalEvent,
} from './legal-event.service.js';
import {
  CitingItemResponse,
  DirectiveBody,
  DirectiveResponse,
  ImpactResponse,
  LegalDocumentBody,
  LegalDocumentResponse,
  LegalDocumentUpdateBody,
  LegalEventBody,
  LegalEventResponse,
} from './legal.schema.js';
import {
  createDocument,
  documentCitingItems,
  getDocument,
  listDocuments,
  presentDocument,
  updateDocument,
} from './legal.service.js';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Paging = { page: PageNumber(), pageSize: PageSize(200, 50) };

/** Legal-basis register, legal events (with impact preview) and upper-level directives. */
export function registerLegalRoutes(app: App, ctx: AppContext): void {
  const tags = ['法律法规库'];
  app.get(
    '/api/v1/legal/documents',
    {
      config: { access: 'legal.read' },
      schema: {
        tags,
        summary: '法律文件列表（名称包含、文号或编号等于；类型、状态筛选；含引用事项数）',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            kind: Type.Optional(Code(LEGAL_DOC_KINDS, '文件类型')),
            status: Type.Optional(Code(LEGAL_DOC_STATUSES, '状态')),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ documents: Type.Array(LegalDocumentResponse), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const q = request.query;
      const { rows, total } = await listDocuments(ucOf(ctx, request), {
        q: q.q,
        kind: q.kind,
        status: q.status,
        offset: (q.page - 1) * q.pageSize,
        limit: q.pageSize,
      });
      return { documents: rows.map((r) => presentDocument(r)), total };
    },
  );

  app.post(
    '/api/v1/legal/documents',
    {
      config: { access: 'legal.manage' },
      schema: {
        tags,
        summary: '登记法律文件（含条文）',
        body: LegalDocumentBody,
        response: { 201: LegalDocumentResponse },
      },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const row = await createDocument(uc, request.body);
      const { doc, articles } = await getDocument(uc, row.id);
      return reply.status(201).send(presentDocument(doc, articles));
    },
  );

  app.get(
    '/api/v1/legal/documents/:id',
    {
      config: { access: 'legal.read' },
      schema: { tags, summary: '法律文件详情（含条文）', params: IdParams, response: { 200: LegalDocumentResponse } },
    },
    async (request) => {
      const { doc, articles } = await getDocument(ucOf(ctx, request), request.params.id);
      return presentDocument(doc, articles);
    },
  );

  app.put(
    '/api/v1/legal/documents/:id',
    {
      config: { access: 'legal.manage' },
      schema: {
        tags,
        summary: '修改法律文件（乐观并发；状态只能通过法律事件改变）',
        params: IdParams,
        body: LegalDocumentUpdateBody,
        response: { 200: LegalDocumentResponse },
      },
    },
    async (request) => {
      const uc = ucOf(ctx, request);
      await updateDocument(uc, request.params.id, request.body);
      const { doc, articles } = await getDocument(uc, request.params.id);
      return presentDocument(doc, articles);
    },
  );

  app.get(
    '/api/v1/legal/documents/:id/items',
    {
      config: { access: 'legal.read' },
      schema: {
        tags,
        summary: '引用该文件的事项（按引用索引；单位角色仅见本单位）',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(CitingItemResponse) }) },
      },
    },
    async (request) => ({ items: await documentCitingItems(ucOf(ctx, request), request.params.id) }),
  );

  const eventTags = ['法律事件'];
  app.post(
    '/api/v1/legal/events/preview',
    {
      config: { access: 'legal.manage' },
      schema: {
        tags: eventTags,
        summary: '影响预览：登记前列出将涉及的事项、单位、调整种类、事由和期限（不写入任何数据）',
        body: LegalEventBody,
        response: { 200: ImpactResponse },
      },
    },
    async (request) => presentImpact(await previewLegalEvent(ucOf(ctx, request), request.body)),
  );

  app.post(
    '/api/v1/legal/events',
    {
      config: { access: 'legal.manage' },
      schema: {
        tags: eventTags,
        summary:
          '登记法律事件（废止/失效/修订/新立）：更新文件状态，为引用该文件的每个已发布事项产生调整义务（第十六至十八条），期限为生效日起3个工作日',
        body: LegalEventBody,
        response: { 201: Type.Object({ event: LegalEventResponse, impact: ImpactResponse }) },
      },
    },
    async (request, reply) => {
      const uc = ucOf(ctx, request);
      const { event, impact } = await recordLegalEvent(uc, request.body);
      return reply
        .status(201)
        .send({ event: presentLegalEvent(await getLegalEvent(uc, event.id)), impact: presentImpact(impact) });
    },
  );

  app.get(
    '/api/v1/legal/events',
    {
      config: { access: 'legal.read' },
      schema: {
        tags: eventTags,
        summary: '法律事件列表',
        querystring: Type.Object(
          { docId: Type.Optional(Type.String({ maxLength: 64 })), ...Paging },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ events: Type.Array(LegalEventResponse), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const q = request.query;
      const { rows, total } = await listLegalEvents(ucOf(ctx, request), {
        docId: q.docId,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { events: rows.map(presentLegalEvent), total };
    },
  );

  app.get(
    '/api/v1/legal/events/:id',
    {
      config: { access: 'legal.read' },
      schema: { tags: eventTags, summary: '法律事件详情', params: IdParams, response: { 200: LegalEventResponse } },
    },
    async (request) => presentLegalEvent(await getLegalEvent(ucOf(ctx, request), request.params.id)),
  );

  const directiveTags = ['上级决定'];
  app.post(
    '/api/v1/directives/preview',
    {
      config: { access: 'legal.manage' },
      schema: {
        tags: directiveTags,
        summary: '影响预览：上级决定将产生的调整义务（不写入任何数据）',
        body: DirectiveBody,
        response: { 200: ImpactResponse },
      },
    },
    async (request) => presentImpact(await previewDirective(ucOf(ctx, request), request.body)),
  );

  app.post(
    '/api/v1/directives',
    {
      config: { access: 'legal.manage' },
      schema: {
        tags: directiveTags,
        summary:
          '登记国务院/省/市取消、下放、调整事项的决定：为实施单位（下放为中心指定的承接单位）产生调整义务（第十六条第二项、第十七条第二项、第十八条）',
        body: DirectiveBody,
        response: { 201: Type.Object({ directive: DirectiveResponse, impact: ImpactResponse }) },
      },
    },
    async (request, reply) => {
      const { directive, impact } = await recordDirective(ucOf(ctx, request), request.body);
      return reply.status(201).send({ directive: presentDirective(directive), impact: presentImpact(impact) });
    },
  );

  app.get(
    '/api/v1/directives',
    {
      config: { access: 'legal.read' },
      schema: {
        tags: directiveTags,
        summary: '上级决定列表',
        querystring: Type.Object(Paging, { additionalProperties: false }),
        response: { 200: Type.Object({ directives: Type.Array(DirectiveResponse), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const q = request.query;
      const { rows, total } = await listDirectives(ucOf(ctx, request), {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { directives: rows.map(presentDirective), total };
    },
  );

  app.get(
    '/api/v1/directives/:id',
    {
      config: { access: 'legal.read' },
      schema: { tags: directiveTags, summary: '上级决定详情', params: IdParams, response: { 200: DirectiveResponse } },
    },
    async (request) => presentDirective(await getDirective(ucOf(ctx, request), request.params.id)),
  );
}
