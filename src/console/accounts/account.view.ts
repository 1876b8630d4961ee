import type { AccountView } from '../../accounts/account-view.js';
import { ADMIN_ROLES, CENTRE_ROLES, ROLES, UNIT_ROLES, type Role } from '../../auth/roles.js';
import type { FieldIssue } from '../../shared/errors.js';
import { html, type SafeHtml } from '../../web/html.js';
import { chinaTime } from '../common.js';

/** Markup of the account pages that the unit page reuses (a unit's accounts). */

/** Role names joined for display: 中心核验员、中心发布员. */
export const rolesText = (roles: readonly Role[]) => roles.map((r) => ROLES[r]).join('、') || '—';

const GROUPS: Array<{ legend: string; roles: readonly Role[] }> = [
  { legend: '单位角色（须选择实施单位）', roles: UNIT_ROLES },
  { legend: '中心与管理局角色', roles: [...CENTRE_ROLES, 'supervisor'] },
  { legend: '三员（只能单独担任）', roles: ADMIN_ROLES },
];

/** Role checkboxes, grouped, limited to `offered`; errors on `roles` are tied to the group. */
export function roleChoices(selected: Set<string>, offered: readonly Role[], issues: FieldIssue[]): SafeHtml {
  const errors = issues.filter((i) => i.path === 'roles');
  return html`<fieldset class="field roles" id="roles"${errors.length ? html` aria-describedby="roles-error"` : ''}><legend>角色</legend>
    ${GROUPS.map((g) => {
      const roles = g.roles.filter((r) => offered.includes(r));
      return roles.length
        ? html`<div class="role-group"><p class="role-group-title">${g.legend}</p>
        ${roles.map((r) => html`<label class="check"><input type="checkbox" name="roles[]" value="${r}"${selected.has(r) ? html` checked` : ''}> ${ROLES[r]}</label>`)}</div>`
        : '';
    })}
    ${errors.length ? html`<p class="note note-error" id="roles-error">${errors.map((i) => i.message).join('；')}</p>` : ''}
  </fieldset>`;
}

/** The 三员 rules as the security administrator reads them next to the role choices (AC-06). */
export const ROLE_RULES = html`<details class="rules" open><summary>角色规则（三员分立）</summary><ul>
  <li>系统管理员、安全管理员、审计管理员（三员）互斥：一个账号只能担任其中一个，且不得兼任任何业务角色。</li>
  <li>三员角色只能在开设账号时授予，不能追加给已有账号，也不能从三员账号上去掉；任何管理员都不能变更本人账号。</li>
  <li>单位经办人、单位负责人必须属于一个实施单位，且不得兼任中心或管理局角色；中心、管理局和三员账号不属于实施单位。</li>
  <li>中心核验员和中心发布员可以由同一人担任。</li>
</ul></details>`;

/** Status badge: disabled, locked, awaiting first sign-in, or normal. */
export function accountStatus(a: AccountView, now: string): SafeHtml {
  if (a.status === 'pending') return html`<span class="badge badge-draft">待确认</span>`;
  if (a.status !== 'active') return html`<span class="badge badge-cancelled">已停用</span>`;
  if (a.lockedUntil && a.lockedUntil > now) return html`<span class="badge badge-warning">已锁定</span>`;
  if (a.mustChangePassword) return html`<span class="badge badge-draft">待首次登录</span>`;
  return html`<span class="badge badge-ok">正常</span>`;
}

/** The accounts list (account page, unit page); each username links to the account. */
export function accountTable(accounts: AccountView[], unitName: (id: string | null) => string, now: string): SafeHtml {
  if (!accounts.length) return html`<p>没有符合条件的账号。</p>`;
  return html`<table class="list"><caption class="visually-hidden">账号列表</caption>
    <thead><tr><th scope="col">用户名</th><th scope="col">姓名</th><th scope="col">实施单位</th><th scope="col">角色</th><th scope="col">状态</th><th scope="col">动态口令</th><th scope="col">上次登录</th></tr></thead>
    <tbody>${accounts.map(
      (
        a,
      ) => html`<tr><td><a href="/console/accounts/${a.id}">${a.username}</a></td><td>${a.displayName}</td><td>${unitName(a.unitId)}</td>
      <td>${rolesText(a.roles)}</td><td>${accountStatus(a, now)}</td><td>${a.mfaEnabled ? '已绑定' : '未绑定'}</td><td>${chinaTime(a.lastLoginAt)}</td></tr>`,
    )}</tbody></table>`;
}
