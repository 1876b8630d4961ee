import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENUMS, label, type Enum } from '../domain/enums.js';
import type { ItemContent } from '../domain/item-content.js';
import { REAL_GUIDES } from '../../test/support/real-guides.js';
import { escapeHtml } from '../web/html.js';
import { guideBody } from './guide.view.js';
import { liveLinks } from './links.js';

/** Coded elements and the enumeration that labels them: the page shows the label, not the code. */
const CODED: Readonly<Record<string, Enum>> = {
  type: ENUMS.ITEM_TYPES,
  useLevels: ENUMS.USE_LEVELS,
  powerSource: ENUMS.POWER_SOURCES,
  deptNature: ENUMS.DEPT_NATURES,
  serviceObjects: ENUMS.SERVICE_OBJECTS,
  projectType: ENUMS.PROJECT_TYPES,
  handleForms: ENUMS.HANDLE_FORMS,
  necessity: ENUMS.MATERIAL_NECESSITIES,
  kind: ENUMS.MATERIAL_KINDS,
  form: ENUMS.MATERIAL_FORMS,
  paperCopyKind: ENUMS.PAPER_COPY_KINDS,
  source: ENUMS.MATERIAL_SOURCES,
  universalScope: ENUMS.UNIVERSAL_SCOPES,
  onlineDepths: ENUMS.ONLINE_DEPTHS,
  onlineLevel: ENUMS.ONLINE_LEVELS,
  resultType: ENUMS.RESULT_TYPES,
};

/** What the page must show for each element of `value`: text as written (line by line), codes as labels, numbers. */
function expectedTexts(value: unknown, key = ''): string[] {
  if (typeof value === 'string') {
    const e = CODED[key];
    return e
      ? [label(e, value)]
      : value
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean);
  }
  if (typeof value === 'number') return [String(value)];
  if (typeof value === 'boolean') return [];
  if (Array.isArray(value)) return value.flatMap((v) => expectedTexts(v, key));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...(key === 'extra' ? [k] : []), ...expectedTexts(v, k)]);
  }
  return [];
}

function render(content: ItemContent): string {
  const links = liveLinks('https://portal.example.gov.cn');
  const item = {
    itemId: 'i1',
    code: 'CODE',
    taskCode: 'CODE',
    handlingCode: '',
    parentCode: null,
    name: content.name,
    type: content.type ?? '20',
    granularity: 'main',
    lifeState: 'active',
    unit: { id: 'u1', name: '实施单位', website: null },
    version: 1,
    publishedAt: '2026-12-01T00:00:00Z',
    contentHash: 'a'.repeat(64),
    lastPublication: { seq: 1, kind: 'add', at: '2026-12-01T00:00:00Z', note: null },
    content,
  };
  return String(
    guideBody({
      item,
      unit: undefined,
      online: { channel: 'platform', url: 'https://www.sxzwfw.gov.cn/', reason: null },
      links,
      children: [],
      ask: '',
    }),
  );
}

describe('the portal guide page shows every element of real guides', () => {
  for (const guide of REAL_GUIDES) {
    it(`${guide.content.name}（${guide.province}）`, () => {
      const page = render(guide.content);
      const missing = expectedTexts(guide.content).filter((text) => !page.includes(escapeHtml(text)));
      assert.deepEqual(missing, []);
    });
  }

  it('in the order of provincial portals: 基本信息, 办理地点和时间, 受理条件, 申请材料, 办理流程, 收费标准, 依据, 常见问题, 咨询和监督投诉', () => {
    const page = render(REAL_GUIDES.find((g) => g.content.name === '结婚登记')!.content);
    const order = [
      'id="basic"',
      'id="place"',
      'id="conditions"',
      'id="materials"',
      'id="flow"',
      'id="fees"',
      'id="basis"',
      'id="faq"',
      'id="contacts"',
    ].map((id) => page.indexOf(id));
    assert.ok(
      order.every((at) => at >= 0),
      JSON.stringify(order),
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
  });
});
