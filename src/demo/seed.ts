import type { AppContext } from '../app/context.js';
import type { UseCaseContext } from '../app/use-case.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { saveCatalogueEntry } from '../catalogue/catalogue.service.js';
import { createDocument } from '../legal/legal.service.js';
import { withBulkLoadSync } from '../db/database.js';
import { chinaDate } from '../shared/clock.js';
import { createUnit } from '../units/unit.service.js';
import { countUnits } from '../units/unit.repository.js';
import { countUsers, readSetting, writeSetting } from '../accounts/account.repository.js';
import { accountsTable, issueDemoAccounts, writeAccountsFile } from './accounts.js';
import { generateDemoData } from './data/index.js';
import { seedItems } from './seed-items.js';
import { seedLegal } from './seed-legal.js';
import { seedPublishing } from './seed-publishing.js';
import { seedReorganisation } from './seed-reorganisation.js';
import { seedEvaluation } from './seed-evaluation.js';

export interface SeedResult {
  /** Printed once by `npm start`: the demo accounts and their one-time passwords. */
  banner: string;
  counts: { units: number; catalogue: number; items: number; accounts: number };
}

const MARKER = 'demo_seed';

/**
 * Loads the demo data into an empty database (no units, no accounts) outside production; returns null
 * otherwise. A load interrupted half-way (the marker says "started") is reported instead of being mistaken
 * for real data.
 */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<SeedResult | null> {
  if (ctx.config.env === 'production') return null;
  const [units, users] = await Promise.all([countUnits(ctx.db.kysely), countUsers(ctx.db.kysely)]);
  // Accounts without units are a real deployment being set up (`create-account` first): never mix demo data in.
  if (users > 0 && units === 0) return null;
  if (units > 0) {
    const marker = await readSetting(ctx.db.kysely, MARKER);
    if (marker === '"started"')
      ctx.log.warn(
        '演示数据上次载入中断，数据不完整：请删除数据目录（DATA_DIR）或数据库后重新启动 (the demo data load was interrupted; start from an empty database)',
      );
    return null;
  }
  return seedDemo(ctx);
}

async function setMarker(ctx: AppContext, value: 'started' | 'done'): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await writeSetting(ctx.db.kysely, MARKER, JSON.stringify(value), now, null);
}

/**
 * The product's shop window: 平鲁区's units, base catalogue and ~300 items driven through the real use
 * cases (so the audit trail, publication log, notifications and deadlines are all genuine), plus one demo
 * account per role.
 */
export async function seedDemo(ctx: AppContext): Promise<SeedResult> {
  await setMarker(ctx, 'started');
  const result = await withBulkLoadSync(ctx.db, () => load(ctx));
  await setMarker(ctx, 'done');
  return result;
}

async function load(ctx: AppContext): Promise<SeedResult> {
  const data = generateDemoData();
  const uc: UseCaseContext = {
    app: ctx,
    actor: { ...SYSTEM_ACTOR, name: '演示数据载入' },
    meta: { userAgent: 'shixiang seed-demo' },
  };
  const unitIds = new Map<string, string>();
  for (const u of data.units) {
    const row = await createUnit(uc, {
      name: u.name,
      shortName: u.shortName,
      uscc: u.uscc,
      nature: u.nature,
      regionCode: u.regionCode,
      address: u.address,
      phone: u.phone,
      unitReviewEnabled: u.unitReview,
      ...(u.website ? { website: u.website } : {}),
      ...(u.onlineSystemUrl ? { onlineSystemUrl: u.onlineSystemUrl } : {}),
    });
    unitIds.set(u.key, row.id);
  }
  for (const e of data.catalogue) {
    await saveCatalogueEntry(uc, {
      catalogCode: e.catalogCode,
      name: e.name,
      type: e.type,
      setBasis: e.setBasis,
      useLevels: e.useLevels,
      sourceLevel: e.sourceLevel,
      ...(e.parentCode ? { parentCode: e.parentCode } : {}),
    });
  }
  for (const law of data.laws) {
    await createDocument(uc, {
      id: law.key,
      kind: law.kind,
      title: law.title,
      issuer: law.issuer,
      status: law.status,
      publishedOn: law.publishedOn,
      effectiveOn: law.effectiveOn,
      articles: law.articles,
      ...(law.docNo ? { docNo: law.docNo } : {}),
      ...(law.amendedOn ? { amendedOn: law.amendedOn } : {}),
      ...(law.repealedOn ? { repealedOn: law.repealedOn } : {}),
    });
  }
  const today = chinaDate(ctx.clock.now());
  const seeded = await seedItems(uc, data, unitIds, today);
  const byKey = new Map(data.units.map((u) => [u.key, u]));
  const clerkUnit = data.units.find((u) => !u.unitReview && seeded.itemCountByUnit.get(u.key)! >= 10) ?? data.units[0]!;
  const reviewUnit = data.units.find((u) => u.unitReview) ?? data.units[1]!;
  const accounts = await issueDemoAccounts(uc, {
    clerkUnit: { id: unitIds.get(clerkUnit.key)!, name: byKey.get(clerkUnit.key)!.name },
    reviewUnit: { id: unitIds.get(reviewUnit.key)!, name: byKey.get(reviewUnit.key)!.name },
  });
  const units = { clerkUnitId: unitIds.get(clerkUnit.key)!, reviewUnitId: unitIds.get(reviewUnit.key)! };
  const reorganised = await seedReorganisation(uc, { unitIds: [...unitIds.values()], ...units, today });
  const legal = await seedLegal(uc, { ...units, today });
  const publishing = await seedPublishing(uc, units);
  // issue 15: history for the accountability report, spot checks, a campaign in progress, broken links
  await seedEvaluation(uc, units);
  const url = ctx.config.http.publicBaseUrl;
  const file = writeAccountsFile(ctx.config.dataDir, accounts, url);
  const banner = [
    '',
    `已载入演示数据：${data.units.length} 个实施单位、${data.catalogue.length} 条基本目录、${seeded.items} 个事项，${publishing.channels} 个发布渠道、${publishing.explanations} 件说明解释申请。`,
    `法律法规修订、上级决定和新版基本目录已生成 ${legal.eventObligations + legal.directiveObligations + legal.flagged} 项调整义务（其中 ${legal.flagged} 个认领事项需复核）。`,
    `演示进行中的调整：${reorganised.split ? '一个子项拆分为业务办理项；' : ''}${reorganised.merged ? `一个实施单位并入另一单位（${reorganised.merged} 个事项待划转）。` : ''}`,
    `管理端：${url}/console/login    公众门户：${url}/`,
    '演示账号（一次性初始口令，仅显示这一次；首次登录先绑定动态口令，再修改口令）：',
    accountsTable(accounts),
    `（口令同时写入 ${file}，仅所有者可读）`,
    '',
  ].join('\n');
  return {
    banner,
    counts: {
      units: data.units.length,
      catalogue: data.catalogue.length,
      items: seeded.items,
      accounts: accounts.length,
    },
  };
}
