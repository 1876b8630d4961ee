import type { Actor } from '../auth/actor.js';
import { ROLES } from '../auth/roles.js';
import { can, type Action } from '../auth/policy.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

export interface ConsolePageOptions {
  title: string;
  /** The signed-in account (null on sign-in pages). */
  actor: Actor | null;
  unitName?: string | null;
  csrfToken?: string;
  /** Key of the active navigation entry. */
  active?: string;
  body: HtmlValue;
  /** One-off message after a redirect (PRG): saved, submitted … */
  flash?: { kind: 'ok' | 'error' | 'info'; text: string } | null;
  /** Extra scripts under /static (progressive enhancement). */
  scripts?: string[];
  /** False while the account is still completing sign-in (second factor, password change): no navigation. */
  signedIn?: boolean;
  jurisdiction: string;
}

interface NavEntry {
  key: string;
  label: string;
  href: string;
  /** Shown when the actor may perform this action. */
  action: Action;
}

/** The console's navigation; entries appear only for actors whose roles allow them (abilities serialised to the view). */
export const NAV: NavEntry[] = [
  { key: 'work', label: '工作台', href: '/console/work', action: 'inbox.read' },
  { key: 'items', label: '事项', href: '/console/items', action: 'item.read' },
  { key: 'changes', label: '调整申请', href: '/console/changes', action: 'change.read' },
  { key: 'catalogue', label: '基本目录', href: '/console/catalogue', action: 'catalogue.read' },
  { key: 'legal', label: '法律法规库', href: '/console/legal', action: 'legal.read' },
  { key: 'obligations', label: '调整义务', href: '/console/obligations', action: 'obligation.read' },
  { key: 'consistency', label: '一致性检查', href: '/console/consistency', action: 'consistency.read' },
  { key: 'explanations', label: '说明解释', href: '/console/explanations', action: 'explanation.read' },
  { key: 'faq-approvals', label: '常见问题审批', href: '/console/faq-approvals', action: 'explanation.approve_faq' },
  { key: 'channels', label: '发布渠道', href: '/console/channels', action: 'channel.manage' },
  { key: 'supervision', label: '监督检查', href: '/console/supervision', action: 'supervision.read' },
  { key: 'evaluation', label: '评估与问责', href: '/console/evaluation', action: 'evaluation.read' },
  { key: 'campaigns', label: '目录清理', href: '/console/campaigns', action: 'campaign.read' },
  { key: 'units', label: '实施单位', href: '/console/units', action: 'unit.read' },
  { key: 'exchange', label: '导入导出', href: '/console/exchange', action: 'exchange.export' },
  { key: 'accounts', label: '账号管理', href: '/console/accounts', action: 'account.manage' },
  { key: 'security', label: '安全策略', href: '/console/security', action: 'security.policy' },
  { key: 'tokens', label: 'API 令牌', href: '/console/tokens', action: 'token.manage' },
  { key: 'audit', label: '审计记录', href: '/console/audit', action: 'audit.read' },
  { key: 'system', label: '系统配置', href: '/console/system', action: 'system.config' },
];

export function consolePage(o: ConsolePageOptions): SafeHtml {
  const nav = o.actor && o.signedIn !== false ? NAV.filter((n) => can(o.actor!, n.action)) : [];
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · 事项通</title>
<link rel="stylesheet" href="/static/console.css">
${(o.scripts ?? []).map((s) => html`<script src="/static/${s}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">跳到主要内容</a>
<header class="top">
  <div class="brand"><a href="/console">事项通</a><span class="sub">${o.jurisdiction}政务服务事项动态管理</span></div>
  ${
    o.actor
      ? html`<div class="who" aria-label="当前账号">
    <span class="who-name">${o.actor.name}</span>
    <span class="who-role">${o.actor.roles.map((r) => ROLES[r]).join('、')}</span>
    ${o.unitName ? html`<span class="who-unit">${o.unitName}</span>` : ''}
    <a href="/console/account">账号设置</a>
    <form method="post" action="/console/logout" class="inline"><input type="hidden" name="_csrf" value="${o.csrfToken ?? ''}"><button type="submit" class="link">退出</button></form>
  </div>`
      : ''
  }
</header>
${nav.length ? html`<nav class="main-nav" aria-label="主导航"><ul>${nav.map((n) => html`<li><a href="${n.href}"${n.key === o.active ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>` : ''}
<main id="main" tabindex="-1">
${o.flash ? html`<div class="flash flash-${o.flash.kind}" role="status">${o.flash.text}</div>` : ''}
${o.body}
</main>
<footer class="foot">事项通 shixiang · 依据《${o.jurisdiction}政务服务事项动态管理办法（试行）》</footer>
</body>
</html>`;
}

/** Error page for console navigations (the JSON API answers with the error body instead). */
export function errorPage(status: number, message: string, jurisdiction: string, actor: Actor | null): SafeHtml {
  return consolePage({
    title: `${status}`,
    actor,
    jurisdiction,
    body: html`<h1>${status === 404 ? '未找到' : status === 403 ? '无权访问' : '出错了'}</h1><p>${message}</p><p><a href="/console">返回工作台</a></p>`,
  });
}
