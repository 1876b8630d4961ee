import { codesOf } from '../domain/enums.js';
import { errors } from '../shared/errors.js';
import type { Actor } from './actor.js';
import { UNIT_ROLES, type Role } from './roles.js';

/**
 * Authorization, declared per action in one place (AC-07, AC-10). Deny by default: an action not listed
 * here is refused, and every route must name its action (the route-matrix test fails otherwise).
 *
 * Two layers: the route hook checks "may this actor perform this action at all" with `can`; use cases
 * check "on this object" by querying within `unitScope(actor)` so another unit's object answers 404.
 */
const BUSINESS_READERS: Role[] = ['unit_clerk', 'unit_reviewer', 'verifier', 'publisher', 'supervisor'];
const CENTRE: Role[] = ['verifier', 'publisher'];

export const POLICY = {
  // 事项 (items)
  'item.read': { roles: BUSINESS_READERS, summary: '查看事项（单位角色仅限本单位）' },
  'item.create': { roles: ['unit_clerk'], summary: '录入本单位事项' },
  'item.update': { roles: ['unit_clerk'], summary: '修改本单位事项草稿' },
  'item.check': { roles: BUSINESS_READERS, summary: '运行规则检查' },
  'item.submit': { roles: ['unit_clerk'], summary: '提交审核/核验' },
  'item.unit_review': { roles: ['unit_reviewer'], summary: '单位负责人审核（通过/退回）' },
  'item.verify': { roles: ['verifier'], summary: '中心核验（通过/退回）' },
  'item.publish': { roles: ['publisher'], summary: '发布或定时发布' },
  'item.life': { roles: ['publisher'], summary: '暂停/恢复事项' },
  // 调整申请 (change requests, Art. 12–19)
  'change.read': { roles: BUSINESS_READERS, summary: '查看调整申请' },
  'change.create': { roles: ['unit_clerk'], summary: '发起调整申请（新增/变更/取消/合并/拆分）' },
  'obligation.read': { roles: BUSINESS_READERS, summary: '查看调整义务（单位角色仅限本单位）' },
  'obligation.resolve': { roles: ['unit_clerk'], summary: '处理调整义务（发起申请或说明无需调整）' },
  'obligation.confirm': { roles: CENTRE, summary: '确认“无需调整”说明' },
  // 单位、基本目录、法律法规库
  'unit.read': { roles: [...BUSINESS_READERS, 'sysadmin', 'secadmin'], summary: '查看实施单位' },
  'unit.manage': { roles: ['sysadmin'], summary: '新增/修改实施单位' },
  'catalogue.read': { roles: BUSINESS_READERS, summary: '查看基本目录' },
  'catalogue.manage': { roles: CENTRE, summary: '导入基本目录版本' },
  'catalogue.claim': { roles: ['unit_clerk'], summary: '认领基本目录事项' },
  'legal.read': { roles: BUSINESS_READERS, summary: '查看法律法规库' },
  'legal.manage': { roles: CENTRE, summary: '维护法律法规库、登记法律事件和上级决定' },
  'consistency.read': { roles: [...CENTRE, 'supervisor'], summary: '一致性报告' },
  // 公众说明解释 (Art. 21)
  'explanation.read': {
    roles: ['unit_clerk', 'unit_reviewer', 'supervisor', ...CENTRE],
    summary: '查看说明解释申请（申请人信息脱敏）',
  },
  'explanation.answer': { roles: ['unit_clerk', 'unit_reviewer'], summary: '答复说明解释申请' },
  'explanation.approve_faq': { roles: CENTRE, summary: '批准答复发布为常见问题' },
  // 渠道与发布 (Art. 20)
  'channel.manage': { roles: CENTRE, summary: '管理发布渠道、重新推送' },
  // 监督考核 (Art. 22, 23)
  'supervision.read': { roles: ['supervisor', ...CENTRE], summary: '超期与监督统计' },
  // 评估、问责、监督检查 (issue 15: Art. 10–11, 20, 22–23)
  'evaluation.read': {
    roles: ['supervisor', ...CENTRE],
    summary: '查看评估报告：问责报告、单位评分、网办率、渠道覆盖、链接检查、看板及导出',
  },
  'evaluation.manage': { roles: ['supervisor'], summary: '开展监督检查（登记、验收）、运行链接检查' },
  'spotcheck.read': { roles: BUSINESS_READERS, summary: '查看监督检查整改任务（单位角色仅限本单位）' },
  'spotcheck.answer': { roles: ['unit_clerk', 'unit_reviewer'], summary: '答复监督检查整改任务' },
  'campaign.read': { roles: BUSINESS_READERS, summary: '查看目录清理（单位角色仅见本单位事项）' },
  'campaign.manage': { roles: ['supervisor'], summary: '开展、结束目录清理' },
  'campaign.answer': { roles: ['unit_clerk'], summary: '目录清理中确认事项无变化、登记变更申请或提出取消' },
  // 个人工作台
  'inbox.read': { roles: BUSINESS_READERS, summary: '站内通知' },
  // 批量导入导出、与上级系统对账、迁移 (issue 14)
  'exchange.import': {
    roles: ['unit_clerk', ...CENTRE],
    summary: '批量导入事项（单位经办人仅限本单位，中心可导入任一单位）',
  },
  'exchange.migrate': { roles: CENTRE, summary: '初始迁移：批量导入的事项直接发布（记入审计）' },
  'exchange.export': {
    roles: BUSINESS_READERS,
    summary: '导出事项（模板、JSON Lines、全国交换格式、CPSV-AP；单位角色仅限本单位）',
  },
  'exchange.reconcile': { roles: CENTRE, summary: '与省级系统导出数据对账' },
  // 三员
  'account.manage': { roles: ['secadmin'], summary: '开设账号、分配角色、停用/解锁账号' },
  'security.policy': { roles: ['secadmin'], summary: '口令、锁定、会话策略' },
  'token.manage': { roles: ['secadmin'], summary: '签发/吊销 API 令牌' },
  'system.config': { roles: ['sysadmin'], summary: '系统配置（节假日安排等）' },
  'audit.read': { roles: ['auditadmin'], summary: '查询审计记录' },
  'audit.export': { roles: ['auditadmin'], summary: '导出审计记录' },
  // 本人
  // Art. 18(三): the centre records a unit's rename, merger, split or loss of items to another unit.
  'unit.reorganise': { roles: CENTRE, summary: '实施机构职能调整（单位更名、合并、拆分、事项划转）' },
  'self.account': {
    roles: ['unit_clerk', 'unit_reviewer', 'verifier', 'publisher', 'supervisor', 'sysadmin', 'secadmin', 'auditadmin'],
    summary: '修改本人口令、绑定动态口令',
  },
} as const satisfies Record<string, { roles: readonly Role[]; summary: string }>;

export type Action = keyof typeof POLICY;
/** What a route declares: an action, `public` (no account needed) or `session` (any signed-in account). */
export type RouteAccess = Action | 'public' | 'session';

export const isAction = (a: string): a is Action => a in POLICY;

/**
 * The actions any of these roles may perform, in policy order. An API token's scopes must come from this
 * list for its owner's roles (the console offers exactly these).
 */
export function actionsAllowed(roles: readonly Role[]): Action[] {
  return codesOf(POLICY).filter((a) => POLICY[a].roles.some((r) => roles.includes(r)));
}

/** May the actor perform the action at all (before looking at a particular object)? */
export function can(actor: Actor, action: Action): boolean {
  // Scheduled jobs act as the system (e.g. a scheduled publication); no request can produce this actor.
  if (actor.kind === 'system') return true;
  const allowed: readonly Role[] = POLICY[action].roles;
  if (!actor.roles.some((r) => allowed.includes(r))) return false;
  if (actor.kind === 'token') return actor.scopes?.includes(action) ?? false;
  return actor.kind === 'user';
}

export function authorize(actor: Actor, action: Action): void {
  if (!can(actor, action)) {
    throw actor.kind === 'public' ? errors.unauthenticated() : errors.forbidden();
  }
}

/**
 * Which units' objects the actor can see: unit roles their own unit, everyone else all units.
 * Repositories turn this into a WHERE clause, so another unit's object is simply "not found".
 */
export type UnitScope = { kind: 'all' } | { kind: 'unit'; unitId: string } | { kind: 'none' };

/** The unit a unit scope is limited to (for a query's `$if`, where the kind check does not narrow the callback). */
export const scopedUnitId = (scope: UnitScope): string | undefined =>
  scope.kind === 'unit' ? scope.unitId : undefined;

export function unitScope(actor: Actor): UnitScope {
  if (actor.kind === 'system') return { kind: 'all' };
  if (actor.roles.length === 0) return { kind: 'none' };
  const onlyUnitRoles = actor.roles.every((r) => UNIT_ROLES.includes(r));
  if (onlyUnitRoles) return actor.unitId ? { kind: 'unit', unitId: actor.unitId } : { kind: 'none' };
  return { kind: 'all' };
}

export function inScope(scope: UnitScope, unitId: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'unit' && scope.unitId === unitId);
}

/** The unit of a unit scope, for a query's `$if(scope.kind === 'unit', …)` branch (where TypeScript no longer narrows); '' otherwise. */
export const unitOf = (scope: UnitScope): string => (scope.kind === 'unit' ? scope.unitId : '');
