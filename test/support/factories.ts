import type { AppContext } from '../../src/app/context.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { issueAccount } from '../../src/accounts/account.service.js';
import { hashFor } from '../../src/accounts/hashing.js';
import { newTotpSecret } from '../../src/accounts/totp.js';
import type { Role } from '../../src/auth/roles.js';
import { completeUscc } from '../../src/domain/uscc.js';
import type { ItemContent } from '../../src/domain/item-content.js';
import { newId } from '../../src/shared/ids.js';
import type { UnitRow } from '../../src/units/unit.table.js';

let unitSeq = 0;

/** A unit with a valid, unique USCC (机关 of 平鲁区). */
export async function makeUnit(ctx: AppContext, overrides: Partial<UnitRow> = {}): Promise<UnitRow> {
  unitSeq++;
  const now = ctx.clock.now().toISOString();
  const body17 = `11140603${String(10_000_000 + unitSeq * 7919).slice(-8)}0`;
  const row: UnitRow = {
    id: newId(),
    name: `测试单位${unitSeq}-${newId().slice(0, 4)}`,
    short_name: null,
    uscc: completeUscc(body17),
    nature: '1',
    region_code: '140603',
    website: null,
    online_system_url: null,
    address: null,
    phone: null,
    unit_review_enabled: 0,
    active: 1,
    successor_unit_id: null,
    lock_version: 1,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
  await ctx.db.kysely.insertInto('units').values(row).execute();
  return row;
}

export interface TestAccount {
  id: string;
  username: string;
  password: string;
  totpSecret?: string;
  roles: Role[];
  unitId: string | null;
}

let accountSeq = 0;
export const TEST_PASSWORD = 'Correct-Horse-42';

/**
 * An account issued through the real issuance path, then made ready to sign in: its password is set to
 * TEST_PASSWORD and, for roles that need it, TOTP is enrolled with a known secret (`enrolled: false` leaves
 * the account in its first-login state instead).
 */
export async function makeAccount(
  ctx: AppContext,
  roles: Role[],
  unitId: string | null = null,
  opts: { enrolled?: boolean; username?: string } = {},
): Promise<TestAccount & { initialPassword: string }> {
  accountSeq++;
  const username = opts.username ?? `u${accountSeq}${newId().slice(0, 6)}`;
  const issued = await issueAccount(
    { app: ctx, actor: SYSTEM_ACTOR, meta: {} },
    { username, displayName: `测试用户${accountSeq}`, unitId, roles },
  );
  if (opts.enrolled === false)
    return {
      id: issued.account.id,
      username,
      password: issued.initialPassword,
      initialPassword: issued.initialPassword,
      roles,
      unitId,
    };
  const totpSecret = roles.some((r) => r !== 'unit_clerk' && r !== 'unit_reviewer') ? newTotpSecret() : undefined;
  await ctx.db.kysely
    .updateTable('users')
    .set({
      password_hash: await hashFor(ctx, TEST_PASSWORD),
      must_change_password: 0,
      initial_password_expires_at: null,
      ...(totpSecret
        ? { mfa_enabled: 1, mfa_secret: ctx.fieldCrypto.encrypt(totpSecret, `users.mfa_secret:${issued.account.id}`) }
        : {}),
    })
    .where('id', '=', issued.account.id)
    .execute();
  return {
    id: issued.account.id,
    username,
    password: TEST_PASSWORD,
    totpSecret,
    roles,
    unitId,
    initialPassword: issued.initialPassword,
  };
}

/** A complete, clean 行政许可 item content (passes every rule with area code 0349). */
export function licenceContent(overrides: Partial<ItemContent> = {}): ItemContent {
  return {
    name: '食品经营许可（新办）',
    catalogCode: '000117051000',
    type: '01',
    setBasis: [{ title: '《中华人民共和国食品安全法》', article: '第三十五条', paragraph: '第一款' }],
    useLevels: ['4'],
    implBasis: [{ title: '《食品经营许可和备案管理办法》', article: '第五条' }],
    powerSource: '1',
    deptNature: '1',
    acceptCondition: '申请人持有合法有效的营业执照，具有与经营的食品品种、数量相适应的经营场所。',
    legalLimit: { value: 20, unit: '1' },
    promiseLimit: { value: 10, unit: '1' },
    projectType: '2',
    serviceObjects: ['2', '5'],
    handleForms: ['1', '2'],
    sceneVisits: 0,
    isFee: false,
    flow: [{ name: '受理' }, { name: '审核' }, { name: '审批' }, { name: '办结' }, { name: '送达' }],
    transactAddr: '平鲁区政务服务中心二楼12号窗口',
    transactTime: '工作日上午8:30-12:00，下午14:30-17:30',
    consult: { phone: '0349-6012345' },
    supervise: { phone: '0349-6012399' },
    specialProcedure: '现场核查（不计入承诺时限）',
    online: { channel: 'platform' },
    ext: {
      inHall: true,
      express: true,
      onlineDepths: ['1', '2', '3', '4'],
      resultType: '1',
      resultName: '食品经营许可证',
      corporateThemes: ['准营准办'],
      resultSample: { name: '许可证样本', url: 'https://example.gov.cn/sample.pdf' },
    },
    materials: [
      {
        name: '食品经营许可申请书',
        necessity: '1',
        kind: '2',
        form: '3',
        paperCopies: 1,
        source: '1',
        basis: '《食品经营许可和备案管理办法》第十二条',
      },
      {
        name: '营业执照',
        necessity: '1',
        kind: '1',
        form: '2',
        source: '4',
        sourceNote: '通过电子证照库调取',
        basis: '《食品经营许可和备案管理办法》第十二条',
      },
    ],
    faqs: [{ question: '办理需要多长时间？', answer: '承诺10个工作日内办结。' }],
    ...overrides,
  };
}
