import { html, type HtmlValue, type SafeHtml } from '../web/html.js';
import type { PortalLinks } from './links.js';

export interface PortalPageOptions {
  title: string;
  links: PortalLinks;
  /** 平鲁区 (the jurisdiction's short name). */
  jurisdiction: string;
  /** The publication sequence the page shows; absent on an error page that read none (not shown as 0). */
  seq?: number;
  body: HtmlValue;
  /** Key of the active navigation entry. */
  active?: 'home' | 'units' | 'items' | 'adjustments' | 'track' | 'search';
  /** Hide the header search (the home page has its own large one). */
  hideSearch?: boolean;
  /** Current search text, kept in the header box. */
  query?: string;
  description?: string;
  /** A CSP to carry in the page itself (static export: the hosting site sets no headers of ours). */
  csp?: string;
}

/**
 * The public portal's page frame: works without JavaScript, one stylesheet (screen and print), landmarks
 * and a skip link (WCAG 2.1 AA), the publication sequence in a meta tag and the footer (同源: a channel or
 * a citizen can see which publication a page shows).
 */
export function portalPage(o: PortalPageOptions): SafeHtml {
  const l = o.links;
  const nav: Array<[NonNullable<PortalPageOptions['active']>, string, string]> = [
    ['home', '首页', l.home],
    ['units', '按部门查找', l.units],
    ['items', '全部事项', l.browse({})],
    ['adjustments', '最近调整', l.adjustments()],
    ['track', '答复查询', l.track],
  ];
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
${o.csp ? html`<meta http-equiv="Content-Security-Policy" content="${o.csp}">\n` : ''}<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · ${o.jurisdiction}政务服务事项</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
${o.seq === undefined ? '' : html`<meta name="publication-seq" content="${o.seq}">`}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${l.css}">
<link rel="alternate" type="application/atom+xml" title="事项调整（Atom）" href="${l.feedAtom}">
<link rel="alternate" type="application/feed+json" title="事项调整（JSON Feed）" href="${l.feedJson}">
</head>
<body class="portal">
<a class="skip" href="#main">跳到主要内容</a>
<header class="site">
  <div class="wrap site-bar">
    <p class="site-name"><a href="${l.home}">${o.jurisdiction}政务服务事项目录</a></p>
    ${
      o.hideSearch
        ? ''
        : html`<form class="site-search" method="get" action="${l.search}" role="search" aria-label="站内搜索">
      <label for="site-q" class="visually-hidden">搜索事项</label>
      <input id="site-q" name="q" type="search" value="${o.query ?? ''}" maxlength="100" placeholder="输入事项名称，如“社保”">
      <button type="submit">搜索</button>
    </form>`
    }
  </div>
  <nav class="site-nav" aria-label="门户导航"><ul class="wrap">
    ${nav.map(([key, text, href]) => html`<li><a href="${href}"${key === o.active ? html` aria-current="page"` : ''}>${text}</a></li>`)}
  </ul></nav>
</header>
<main id="main" class="wrap" tabindex="-1">
${o.body}
</main>
<footer class="site-foot"><div class="wrap">
  <p>本目录由${o.jurisdiction}各政务服务事项实施单位录入，经区营商环境促进中心核验后统一发布，区政府门户网站及各单位网站同源同步公示（《政务服务事项动态管理办法（试行）》第二十条）。</p>
  <p>${o.seq === undefined ? '' : html`当前发布序号 <span class="seq" data-publication-seq="${o.seq}">${o.seq}</span> · `}
    订阅调整：<a href="${l.feedAtom}">Atom</a> / <a href="${l.feedJson}">JSON Feed</a> ·
    <a href="${l.api}">开放接口</a></p>
</div></footer>
</body>
</html>`;
}

/** A page heading with an optional lead paragraph. */
export const pageHead = (title: HtmlValue, lead?: HtmlValue) =>
  html`<h1>${title}</h1>${lead ? html`<p class="lead">${lead}</p>` : ''}`;

/** Breadcrumbs (nav landmark with its own label). */
export function breadcrumbs(trail: Array<[string, string | null]>): SafeHtml {
  return html`<nav class="crumbs" aria-label="当前位置"><ol>${trail.map(
    ([text, href], i) =>
      html`<li>${href && i < trail.length - 1 ? html`<a href="${href}">${text}</a>` : html`<span aria-current="page">${text}</span>`}</li>`,
  )}</ol></nav>`;
}

/** Previous/next page links. */
/** The last page of `total` entries (1 when there are none): requested pages beyond it are clamped to it. */
export const lastPage = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

export function pager(page: number, pages: number, href: (page: number) => string): HtmlValue {
  if (pages <= 1) return '';
  return html`<nav class="pager" aria-label="分页"><ul>
    ${page > 1 ? html`<li><a href="${href(page - 1)}" rel="prev">上一页</a></li>` : ''}
    <li><span aria-current="page">第 ${page} / ${pages} 页</span></li>
    ${page < pages ? html`<li><a href="${href(page + 1)}" rel="next">下一页</a></li>` : ''}
  </ul></nav>`;
}
