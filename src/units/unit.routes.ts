import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { registerReorganisationRoutes } from './reorganisation.routes.js';
import { UnitBody, UnitResponse, UnitUpdateBody } from './unit.schema.js';
import { createUnit, getUnit, listUnits, updateUnit } from './unit.service.js';
import type { UnitRow } from './unit.table.js';

const tags = ['实施单位'];
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export function presentUnit(u: UnitRow & { item_count?: number }) {
  return {
    id: u.id,
    name: u.name,
    shortName: u.short_name,
    uscc: u.uscc,
    nature: u.nature,
    regionCode: u.region_code,
    website: u.website,
    onlineSystemUrl: u.online_system_url,
    address: u.address,
    phone: u.phone,
    unitReviewEnabled: u.unit_review_enabled === 1,
    active: u.active === 1,
    version: u.lock_version,
    ...(u.item_count !== undefined ? { itemCount: Number(u.item_count) } : {}),
  };
}

export function registerUnitRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/units',
    {
      config: { access: 'unit.read' },
      schema: {
        tags,
        summary: '实施单位列表',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: { 200: Type.Object({ units: Type.Array(UnitResponse) }) },
      },
    },
    async (request) => ({ units: (await listUnits(ucOf(ctx, request), request.query.q)).map(presentUnit) }),
  );

  app.get(
    '/api/v1/units/:id',
    {
      config: { access: 'unit.read' },
      schema: { tags, summary: '实施单位详情', params: IdParams, response: { 200: UnitResponse } },
    },
    async (request) => presentUnit(await getUnit(ucOf(ctx, request), request.params.id)),
  );

  app.post(
    '/api/v1/units',
    {
      config: { access: 'unit.manage' },
      schema: {
        tags,
        summary: '新增实施单位（统一社会信用代码含校验位检查）',
        body: UnitBody,
        response: { 201: UnitResponse },
      },
    },
    async (request, reply) => reply.status(201).send(presentUnit(await createUnit(ucOf(ctx, request), request.body))),
  );

  registerReorganisationRoutes(app, ctx);

  app.put(
    '/api/v1/units/:id',
    {
      config: { access: 'unit.manage' },
      schema: {
        tags,
        summary: '修改实施单位（乐观并发）',
        params: IdParams,
        body: UnitUpdateBody,
        response: { 200: UnitResponse },
      },
    },
    async (request) => presentUnit(await updateUnit(ucOf(ctx, request), request.params.id, request.body)),
  );
}
