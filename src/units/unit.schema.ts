import Type, { type Static } from 'typebox';
import { DEPT_NATURES } from '../domain/enums.js';
import { Code, Url } from '../domain/schema-helpers.js';

export const UnitBody = Type.Object(
  {
    name: Type.String({ title: '单位名称', minLength: 2, maxLength: 100 }),
    shortName: Type.Optional(Type.String({ title: '简称', maxLength: 50 })),
    uscc: Type.String({ title: '统一社会信用代码', minLength: 18, maxLength: 18 }),
    nature: Code(DEPT_NATURES, '实施主体性质'),
    regionCode: Type.String({ title: '行政区划代码', pattern: '^\\d{6}$', description: '应为 6 位数字' }),
    website: Type.Optional(Url('单位网站')),
    onlineSystemUrl: Type.Optional(Url('本单位网办系统')),
    address: Type.Optional(Type.String({ title: '地址', maxLength: 200 })),
    phone: Type.Optional(Type.String({ title: '电话', maxLength: 50 })),
    unitReviewEnabled: Type.Optional(Type.Boolean({ title: '提交前须经单位负责人审核' })),
  },
  { additionalProperties: false },
);
export type UnitBody = Static<typeof UnitBody>;

export const UnitUpdateBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), ...UnitBody.properties },
  { additionalProperties: false },
);
export type UnitUpdateBody = Static<typeof UnitUpdateBody>;

export const UnitResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  uscc: Type.String(),
  nature: Type.String(),
  regionCode: Type.String(),
  website: Type.Union([Type.String(), Type.Null()]),
  onlineSystemUrl: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  unitReviewEnabled: Type.Boolean(),
  active: Type.Boolean(),
  version: Type.Integer(),
  itemCount: Type.Optional(Type.Integer()),
});
