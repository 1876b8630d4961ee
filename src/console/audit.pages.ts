import Type from 'typebox';
import type { AppContext } from '../app/context.js';
import { listIssuedAccounts } from '../accounts/issued-accounts.queries.js';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '../audit/actions.js';
import {
  searchAudit,
  verifyChainAudited,
  type AuditFilter,
  type AuditRecordView,
} from '../audit/audit-query.service.js';
import { missingRecordsText } from '../audit/audit.service.js';
import { can } from '../auth/policy.js';
import { isRole, ROLES } from '../auth/roles.js';
import type { App } from '../http/app-type.js';
import { ucOf } from '../http/use-case.js';
import { isAppError, type FieldIssue } from '../shared/errors.js';
import { html, type SafeHtml } from '../web/html.js';
import { chinaTime, fieldError, issueList } from './common.js';
import { csrfField, sendPage } from './render.js';

const Form = Type.Record(Type.String(), Type.Unknown());
const Query = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 60 })),
  targetType: Type.Optional(Type.String({ maxLength: 60 })),
  targetId: Type.Optional(Type.String({ maxLength: 100 })),
  result: Type.Optional(Type.String({ maxLength: 10 })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  msg: Type.Optional(Type.String()),
});
const FILTER_KEYS = ['from', 'to', 'actor', 'action', 'targetType', 'targetId', 'result'] as const;
const LABELS = {
  from: '开始时间',
  to: '结束时间',
  actor: '操作者',
  action: '操作类型',
  targetType: '对象类型',
  targetId: '对象 ID',
  result: '结果',
};

const REASONS = {
  mac: '记录内容被修改（MAC 不符）',
  link: '链接断开（prev_mac 不符）',
  gap: '缺少记录（序号不连续：有记录被删除）',
  checkpoint: '与检查点不符（检查点签署的记录被改写）',
  truncated: '晚于检查点的记录被删除',
};

const roleName = (code: string | null) =>
  code && isRole(code) ? ROLES[code] : code === 'system' ? '系统' : code === 'public' ? '未登录' : (code ?? '—');

function recordRow(r: AuditRecordView): SafeHtml {
  return html`<tr class="${r.result === 'failure' ? 'failed' : ''}"><td>${r.seq}</td><td>${chinaTime(r.ts)}</td>
    <td>${r.actionLabel}<br><code>${r.action}</code></td><td>${r.result === 'success' ? '成功' : '失败'}${r.reason ? html`<br><small>${r.reason}</small>` : ''}</td>
    <td>${r.actorName ?? '—'}<br><small>${roleName(r.actorRole)}</small></td><td>${r.ip ?? ''}</td>
    <td>${r.targetType ? html`${AUDIT_TARGET_TYPES[r.targetType] ?? r.targetType}${r.targetName ? html`：${r.targetName}` : ''}<br><code class="id">${r.targetId ?? ''}</code>` : ''}</td>
    <td class="details">${r.details ? html`<code>${r.details}</code>` : ''}</td></tr>`;
}

/**
 * 审计记录 for the 审计管理员 (8.1.5.2 b): search by time range, actor, action, object and result, newest
 * first; CSV / xlsx export; chain verification. Each query, export and verification is itself audited.
 */
export function registerAuditPages(app: App, ctx: AppContext): void {
  app.get(
    '/console/audit',
    { config: { access: 'audit.read' }, schema: { hide: true, querystring: Query } },
    async (request, reply) => {
      const q = request.query;
      const filter: AuditFilter = Object.fromEntries(FILTER_KEYS.filter((k) => q[k]).map((k) => [k, q[k]]));
      let issues: FieldIssue[] = [];
      let result: Awaited<ReturnType<typeof searchAudit>> | null = null;
      try {
        result = await searchAudit(ucOf(ctx, request), filter, { before: q.before });
      } catch (e) {
        if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e;
        issues = e.issues;
      }
      const params = (extra: Record<string, string>) => new URLSearchParams({ ...filter, ...extra }).toString();
      const e = (path: string) => fieldError(issues, path);
      const text = (key: keyof typeof LABELS, type = 'text') =>
        html`<div class="field"><label for="${key}">${LABELS[key]}</label><input id="${key}" name="${key}" type="${type}" value="${q[key] ?? ''}"${e(key).attrs}>${e(key).note}</div>`;
      return sendPage(ctx, request, reply, {
        title: '审计记录',
        active: 'audit',
        status: issues.length ? 400 : 200,
        body: html`<div class="page-head"><h1>审计记录</h1>
        <a href="/console/audit/accounts">账号开设清单</a>
        <form method="post" action="/console/audit/verify" class="inline"><input type="hidden" name="_csrf" value="${csrfField(request)}"><button type="submit">校验审计链</button></form></div>
      <p class="muted">审计记录只增不改，以 HMAC-SM3 链式校验，至少保存 180 天；个人信息已脱敏显示。每次查询和导出本身也记入审计。</p>
      ${issueList(issues, LABELS)}
      <form method="get" action="/console/audit" class="filters" role="search" aria-label="查询审计记录">
        ${text('from', 'date')}${text('to', 'date')}${text('actor')}
        <div class="field"><label for="action">${LABELS.action}</label><select id="action" name="action"${e('action').attrs}><option value="">全部</option>
          ${Object.entries(AUDIT_ACTIONS).map(([code, label]) => html`<option value="${code}"${code === q.action ? html` selected` : ''}>${label}（${code}）</option>`)}</select>${e('action').note}</div>
        <div class="field"><label for="targetType">${LABELS.targetType}</label><select id="targetType" name="targetType"${e('targetType').attrs}><option value="">全部</option>
          ${Object.entries(AUDIT_TARGET_TYPES).map(([code, label]) => html`<option value="${code}"${code === q.targetType ? html` selected` : ''}>${label}</option>`)}</select>${e('targetType').note}</div>
        ${text('targetId')}
        <div class="field"><label for="result">${LABELS.result}</label><select id="result" name="result"><option value="">全部</option>
          <option value="success"${q.result === 'success' ? html` selected` : ''}>成功</option><option value="failure"${q.result === 'failure' ? html` selected` : ''}>失败</option></select></div>
        <button type="submit" class="primary">查询</button>
      </form>
      ${
        result
          ? html`
        <p>${can(request.actor, 'audit.export') ? html`<a class="button" href="/api/v1/audit/export?${params({ format: 'csv' })}" download>导出 CSV（全部符合条件的记录）</a> <a class="button" href="/api/v1/audit/export?${params({ format: 'xlsx' })}" download>导出 Excel</a>` : ''}</p>
        ${
          result.records.length
            ? html`<table class="list audit"><caption class="visually-hidden">审计记录（按时间倒序）</caption>
          <thead><tr><th scope="col">序号</th><th scope="col">时间（北京时间）</th><th scope="col">操作</th><th scope="col">结果</th><th scope="col">操作者</th><th scope="col">IP 地址</th><th scope="col">对象（当前名称）</th><th scope="col">详情</th></tr></thead>
          <tbody>${result.records.map(recordRow)}</tbody></table>`
            : html`<p>没有符合条件的记录。</p>`
        }
        <nav class="pager" aria-label="分页">${q.before ? html`<a href="/console/audit?${params({})}">最新记录</a>` : ''}${result.nextBefore ? html`<a href="/console/audit?${params({ before: String(result.nextBefore) })}" rel="next">更早的记录</a>` : ''}</nav>`
          : ''
      }`,
      });
    },
  );

  // 三员分立: the security administrator issues accounts; the audit administrator checks every issuance.
  app.get(
    '/console/audit/accounts',
    { config: { access: 'audit.read' }, schema: { hide: true } },
    async (request, reply) => {
      const accounts = await listIssuedAccounts(ucOf(ctx, request));
      const status = (s: string) => (s === 'pending' ? '待确认' : s === 'active' ? '正常' : '已停用');
      return sendPage(ctx, request, reply, {
        title: '账号开设清单',
        active: 'audit',
        body: html`<div class="page-head"><h1>账号开设清单</h1><a href="/console/audit">返回审计记录</a></div>
      <p class="muted">每个账号及其开设者，新开设的在前。三员账号须由开设者以外的安全管理员（或服务器上的命令行）确认后才能登录。“命令行”表示在服务器上开设。请与书面开设申请逐一核对。</p>
      <table class="list"><caption class="visually-hidden">账号开设清单</caption>
        <thead><tr><th scope="col">开设时间</th><th scope="col">用户名</th><th scope="col">姓名</th><th scope="col">角色</th><th scope="col">实施单位</th><th scope="col">开设者</th><th scope="col">确认者</th><th scope="col">状态</th><th scope="col">动态口令</th><th scope="col">上次登录</th></tr></thead>
        <tbody>${accounts.map(
          (
            a,
          ) => html`<tr><td>${chinaTime(a.createdAt)}</td><td>${a.username}</td><td>${a.displayName}</td><td>${a.roles.map((r) => ROLES[r]).join('、')}</td>
          <td>${a.unitName ?? '—'}</td><td>${a.issuedBy ?? '命令行'}</td><td>${a.confirmedBy ?? '—'}</td><td>${status(a.status)}</td><td>${a.mfaEnabled ? '已绑定' : '未绑定'}</td><td>${chinaTime(a.lastLoginAt)}</td></tr>`,
        )}</tbody></table>`,
      });
    },
  );

  app.post(
    '/console/audit/verify',
    { config: { access: 'audit.read' }, schema: { hide: true, body: Form } },
    async (request, reply) => {
      const { verdict, checkpoint } = await verifyChainAudited(ucOf(ctx, request));
      const anchor = 'newest' in checkpoint ? checkpoint.newest : null;
      return sendPage(ctx, request, reply, {
        title: '审计链校验',
        active: 'audit',
        body: html`<div class="narrow"><h1>审计链校验</h1>
        ${
          verdict.ok
            ? html`<div class="flash flash-ok" role="status">审计链完整：已校验 ${verdict.count} 条记录，未发现修改、删除或重新链接${anchor ? html`；与 ${chinaTime(anchor.at)} 的检查点（第 ${anchor.seq} 条）一致` : ''}。</div>`
            : verdict.reason === 'truncated'
              ? html`<div class="flash flash-error" role="alert">${missingRecordsText(verdict.brokenSeq, verdict.lastMissing!)}。已读取 ${verdict.count} 条记录。请立即报告安全管理员并保全数据库。</div>`
              : html`<div class="flash flash-error" role="alert">审计链在第 ${verdict.brokenSeq} 条记录处断开：${REASONS[verdict.reason]}。已读取 ${verdict.count} 条记录。请立即报告安全管理员并保全数据库。</div>`
        }
        ${'forgedLine' in checkpoint ? html`<div class="flash flash-error" role="alert">检查点文件第 ${checkpoint.forgedLine} 行的签名无效：检查点被篡改。</div>` : ''}
        <p class="muted">与命令 <code>shixiang audit verify</code> 的校验相同。本次校验已记入审计。</p>
        <p><a href="/console/audit">返回审计记录</a></p></div>`,
      });
    },
  );
}
