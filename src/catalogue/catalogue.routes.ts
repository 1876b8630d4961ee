import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { ITEM_TYPES } from '../domain/enums.js';
import { CatalogCode, Code, PageNumber, PageSize } from '../domain/schema-helpers.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { parseStored } from '../shared/json.js';
import { CatalogueEntryBody, CatalogueEntryResponse } from './catalogue.schema.js';
import { getCatalogueEntry, listCatalogue, saveCatalogueEntry } from './catalogue.service.js';
import type { CatalogueEntryRow } from './catalogue.table.js';

const tags = ['基本目录'];

export function presentEntry(r: CatalogueEntryRow & { claim_count?: number }) {
  return {
    catalogCode: r.catalog_code,
    localCatalogCode: r.local_catalog_code,
    parentCode: r.parent_code,
    name: r.name,
    type: r.type,
    setBasis: parseStored(r.set_basis) as never,
    useLevels: parseStored(r.use_levels) as never,
    sourceLevel: r.source_level as never,
    status: r.status,
    entryVersion: r.entry_version,
    updatedAt: r.updated_at,
    ...(r.claim_count !== undefined ? { claimCount: Number(r.claim_count) } : {}),
  };
}

export function registerCatalogueRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/catalogue',
    {
      config: { access: 'catalogue.read' },
      schema: {
        tags,
        summary: '基本目录条目（含认领数）',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            type: Type.Optional(Code(ITEM_TYPES, '事项类型')),
            page: PageNumber(),
            pageSize: PageSize(200, 50),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ entries: Type.Array(CatalogueEntryResponse), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const q = request.query;
      const { rows, total } = await listCatalogue(ucOf(ctx, request), {
        q: q.q,
        type: q.type,
        offset: (q.page - 1) * q.pageSize,
        limit: q.pageSize,
      });
      return { entries: rows.map(presentEntry), total };
    },
  );

  app.get(
    '/api/v1/catalogue/:code',
    {
      config: { access: 'catalogue.read' },
      schema: {
        tags,
        summary: '基本目录条目',
        params: Type.Object({ code: CatalogCode() }),
        response: { 200: CatalogueEntryResponse },
      },
    },
    async (request) => presentEntry(await getCatalogueEntry(ucOf(ctx, request), request.params.code)),
  );

  app.put(
    '/api/v1/catalogue/:code',
    {
      config: { access: 'catalogue.manage' },
      schema: {
        tags,
        summary: '写入一个上级基本目录条目',
        params: Type.Object({ code: CatalogCode() }),
        body: CatalogueEntryBody,
        response: { 200: CatalogueEntryResponse },
      },
    },
    async (request) =>
      presentEntry(await saveCatalogueEntry(ucOf(ctx, request), { ...request.body, catalogCode: request.params.code })),
  );
}
