import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../src/app/context.js';
import { inTransaction, type UseCaseContext } from '../../src/app/use-case.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { withBulkLoadSync } from '../../src/db/database.js';
import type { ItemContent } from '../../src/domain/item-content.js';
import { completeUscc, orgCodeCheckChar } from '../../src/domain/uscc.js';
import * as items from '../../src/items/item.repository.js';
import { composeTaskCode } from '../../src/domain/task-code.js';
import { importItems } from '../../src/exchange/import.service.js';
import { createItem } from '../../src/items/item.service.js';
import { itemCode } from '../../src/publishing/public.queries.js';
import { createUnit } from '../../src/units/unit.service.js';
import { publishVersion } from '../../src/workflow/publish.js';
// @ts-expect-error plain ESM generator without types
import { generateCatalog, UNITS } from './gen-catalog.mjs';

/** One generated item (bench/lib/gen-catalog.mjs). */
export interface GenItem {
  code: string;
  name: string;
  type: string;
  unit: string;
  legalBasis: string[];
  conditions: string;
  materials: Array<{ name: string; form: string; copies: number; required: boolean; source: string; note: string }>;
  process: string;
  legalDays: number;
  promisedDays: number;
  fee: boolean;
  feeBasis: string;
  onlineUrl: string;
  hallAddress: string;
  consultPhone: string;
  targetType: string;
  status: 'published' | 'draft' | 'archived';
}

export interface LoadedItem {
  code: string;
  itemId: string;
  unitId: string;
  name: string;
  conditions: string;
  published: boolean;
}

const TYPE_CODES: Record<string, ItemContent['type']> = {
  行政许可: '01',
  行政处罚: '02',
  行政强制: '03',
  行政征收: '04',
  行政给付: '05',
  行政检查: '06',
  行政确认: '07',
  行政奖励: '08',
  行政裁决: '09',
  其他行政权力: '10',
  公共服务: '20',
};
const OBJECTS: Record<string, string> = {
  自然人: '1',
  企业法人: '2',
  事业单位法人: '3',
  社会组织法人: '4',
  非法人企业: '5',
};
const FORMS: Record<string, '1' | '2' | '3'> = {
  原件: '1',
  复印件: '1',
  原件及复印件: '1',
  电子证照: '2',
  电子材料: '2',
};
const SOURCES: Record<string, '1' | '2' | '3' | '4'> = {
  申请人自备: '1',
  政府部门核发: '2',
  中介机构出具: '3',
  电子证照库调取: '4',
};
const PERSON_THEMES = ['社会保障', '户籍办理', '婚姻生育', '就业创业', '出境入境', '医疗卫生', '住房保障', '交通出行'];
const CORPORATE_THEMES = [
  '准营准办',
  '设立变更',
  '资质认证',
  '年检年审',
  '税收财务',
  '环保绿化',
  '安全生产',
  '注销清算',
];

/** The 12-character 基本编码 of a generated item: its type letters, sequence and sub-item number (unique). */
const catalogCodeOf = (g: GenItem, region: string) =>
  `${g.code.slice(8, 10)}${g.code.slice(10)}${String(Number(g.code.slice(2, 8)) - Number(region)).padStart(2, '0')}`;

/** ItemContent for a generated item: the generator's facts in the 实施清单 model. */
export function contentOf(g: GenItem, i: number, region = '330106'): ItemContent {
  const objects = [...new Set(g.targetType.split(',').map((t) => OBJECTS[t] ?? '9'))];
  const basis = g.legalBasis.map((b) => {
    const m = /^(《[^》]+》)(.*)$/.exec(b);
    return { title: m?.[1] ?? b, article: m?.[2] || undefined };
  });
  return {
    name: g.name,
    catalogCode: catalogCodeOf(g, region),
    type: TYPE_CODES[g.type] ?? '20',
    setBasis: basis,
    useLevels: ['4'],
    powerSource: '1',
    deptNature: '1',
    acceptCondition: g.conditions,
    legalLimit: { value: g.legalDays, unit: '1' },
    promiseLimit: { value: g.promisedDays, unit: '1' },
    projectType: g.legalDays ? '2' : '1',
    serviceObjects: objects as ItemContent['serviceObjects'],
    handleForms: ['1', '2'],
    sceneVisits: 1,
    isFee: g.fee,
    ...(g.fee
      ? {
          feeBasis: g.feeBasis,
          fees: [{ name: '工本费', standard: '按核定标准', basis: g.feeBasis, reducible: false }],
        }
      : {}),
    flow: g.process
      .split('\n')
      .map((line) => ({ name: line.replace(/^\d+\.\s*/, '').split('：')[0]!, description: line.split('：')[1] })),
    transactAddr: g.hallAddress,
    transactTime: '工作日上午9:00-12:00，下午13:30-17:00',
    consult: { phone: g.consultPhone },
    supervise: { phone: '12345' },
    online: { channel: 'platform', url: g.onlineUrl },
    ext: {
      ...(objects.includes('1') ? { personThemes: [PERSON_THEMES[i % PERSON_THEMES.length]!] } : {}),
      ...(objects.some((o) => o !== '1') ? { corporateThemes: [CORPORATE_THEMES[i % CORPORATE_THEMES.length]!] } : {}),
    },
    materials: g.materials.map((m) => ({
      name: m.name,
      necessity: m.required ? '1' : '2',
      kind: '3',
      form: FORMS[m.form] ?? '3',
      paperCopies: m.copies,
      source: SOURCES[m.source] ?? '1',
      ...(m.note ? { remark: m.note } : {}),
    })),
  } as ItemContent;
}

/** A valid 统一社会信用代码 for the n-th generated unit (机关 12, region, organisation code with its check). */
export function usccOf(n: number, region: string): string {
  const body = String(10_000_000 + n * 7919).slice(-8);
  return completeUscc(`11${region}${body}${orgCodeCheckChar(body)}`);
}

export interface LoadResult {
  units: Map<string, string>;
  items: LoadedItem[];
  seconds: number;
}

/** The actor and request metadata the loaders write as. */
export function loaderContext(ctx: AppContext): UseCaseContext {
  return { app: ctx, actor: { ...SYSTEM_ACTOR, name: '基准数据载入' }, meta: { userAgent: 'shixiang bench' } };
}

/** The generator's units, created through `createUnit`: ids and 统一社会信用代码 by name. */
export async function createUnits(uc: UseCaseContext, region: string) {
  const units = new Map<string, string>();
  const usccs = new Map<string, string>();
  for (const [k, name] of (UNITS as string[]).entries()) {
    const uscc = usccOf(k + 1, region);
    const row = await createUnit(uc, {
      name,
      uscc,
      nature: '1',
      regionCode: region,
      address: `${name}办公楼`,
      phone: '0571-12345678',
    });
    units.set(name, row.id);
    usccs.set(name, uscc);
  }
  return { units, usccs };
}

/** Items per importItems call: each call is one transaction and holds its file in memory. */
const IMPORT_CHUNK = 5000;

/**
 * Loads `n` generated items through the project's bulk path, the exchange import (`shixiang import FILE
 * --apply --as-published`, the centre's initial migration): units by `createUnit`, then the generator's
 * items written as JSON Lines files in `dir` (`published-NN.jsonl`, `drafts-NN.jsonl`) and imported chunk by
 * chunk with `importItems` — published ones as published (publication hook: public documents, search index),
 * drafts as drafts; archived items are left out. `dir/all.jsonl` holds every line for `shixiang check`.
 */
export async function importCatalogue(
  ctx: AppContext,
  n: number,
  dir: string,
  region = '330106',
  progress?: (done: number) => void,
): Promise<LoadResult> {
  const uc = loaderContext(ctx);
  const start = performance.now();
  return withBulkLoadSync(ctx.db, async () => {
    const { units, usccs } = await createUnits(uc, region);
    const loaded: LoadedItem[] = [];
    const all = fs.openSync(path.join(dir, 'all.jsonl'), 'w');
    const pending = { published: [] as string[], draft: [] as string[] };
    let done = 0;
    const flush = async (kind: 'published' | 'draft') => {
      const lines = pending[kind];
      if (!lines.length) return;
      pending[kind] = [];
      const name = `${kind}-${String(loaded.length).padStart(7, '0')}.jsonl`;
      const data = Buffer.from(lines.join('\n'));
      fs.writeFileSync(path.join(dir, name), data);
      const report = await importItems(uc, [{ name, data }], { apply: true, asPublished: kind === 'published' });
      if (!report.applied)
        throw new Error(`import of ${name} not applied: ${JSON.stringify(report.problems.slice(0, 5))}`);
      done += lines.length;
      progress?.(done);
    };
    let i = 0;
    for (const g of generateCatalog({ n, seed: 42, region }) as Iterable<GenItem>) {
      i++;
      if (g.status === 'archived') continue;
      const content = contentOf(g, i, region);
      const taskCode = composeTaskCode({
        uscc: usccs.get(g.unit)!,
        level: ctx.config.jurisdiction.level,
        catalogCode: content.catalogCode!,
      });
      const line = JSON.stringify({ taskCode, granularity: 'main', content });
      fs.writeSync(all, `${line}\n`);
      const kind = g.status === 'published' ? 'published' : 'draft';
      pending[kind].push(line);
      loaded.push({
        code: taskCode,
        itemId: '',
        unitId: units.get(g.unit)!,
        name: g.name,
        conditions: g.conditions,
        published: kind === 'published',
      });
      if (pending[kind].length >= IMPORT_CHUNK) await flush(kind);
    }
    await flush('published');
    await flush('draft');
    fs.closeSync(all);
    return { units, items: loaded, seconds: (performance.now() - start) / 1000 };
  });
}

/** Distinguishes the items `publishOne` adds in this run from those of earlier runs on the same data (--data). */
const RUN_TAG = String(Date.now() % 10_000_000).padStart(7, '0');

/** One more item published now (the publish → visible measurement), with a fresh 基本编码. */
export async function publishOne(ctx: AppContext, unitId: string, k: number): Promise<{ code: string; seq: number }> {
  const uc: UseCaseContext = { app: ctx, actor: SYSTEM_ACTOR, meta: {} };
  const g = [...generateCatalog({ n: 1, seed: 1000 + k })][0] as GenItem;
  const content = {
    ...contentOf(g, k),
    name: `基准新增事项${k}`,
    catalogCode: `Z${RUN_TAG}${String(k).padStart(4, '0')}`,
  };
  const row = await createItem(uc, { unitId, granularity: 'main', content });
  const seq = await inTransaction(uc, async (trx) => {
    await trx.updateTable('item_versions').set({ state: 'verified' }).where('id', '=', row.draft_version_id!).execute();
    const item = (await items.findItem(trx, { kind: 'all' }, row.id))!;
    const version = (await items.findVersion(trx, row.draft_version_id!))!;
    return (await publishVersion(ctx, trx, {
      item,
      version,
      from: ['verified'],
      publishedBy: null,
      now: ctx.clock.now().toISOString(),
    }))!;
  });
  return { code: itemCode(row.task_code, row.handling_code), seq };
}
