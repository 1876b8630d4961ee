import { html, type SafeHtml } from '../../web/html.js';

/** Shown on a claimed item's edit page: why four elements are locked, and the way to ask for a change. */
export const inheritedNotice = (itemId: string): SafeHtml =>
  html`<p class="note note-info" role="note">事项名称、基本编码、事项类型和设定依据继承自基本目录，不能在本地修改（第八条）。如需调整，请在<a href="/console/catalogue/claims/${itemId}">与基本目录对照</a>页面向上级提出调整建议。</p>`;
