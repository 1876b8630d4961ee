import { chinaDay, prose } from '../portal/format.js';
import { breadcrumbs } from '../portal/layout.js';
import type { PortalLinks } from '../portal/links.js';
import type { PublicItem } from '../publishing/public.queries.js';
import { html, type HtmlValue, type SafeHtml } from '../web/html.js';
import { MIN_QUESTION_CHARS, type ExplanationReceipt, type TrackingView } from './explanation.service.js';

/** Public pages of explanation requests: the form on the guide, the receipt, the tracking page. */

export interface AskFormValues {
  name?: string;
  contact?: string;
  question?: string;
}

export const ASK_FIELDS = { question: { max: 2000 }, name: { max: 50 }, contact: { max: 100 } } as const;

/** The explanation-request section of a guide page (live portal), or a link to it (static export). */
export function askSection(o: {
  item: Pick<PublicItem, 'code' | 'name'>;
  links: PortalLinks;
  workingDays: number;
  token: string;
  values?: AskFormValues;
  errors?: Record<string, string>;
}): SafeHtml {
  const action = o.links.ask(o.item.code);
  const intro = html`<p>对本事项公布的内容有疑问的，可以申请实施单位予以说明和解释（《办法》第二十一条）。实施单位应在 ${o.workingDays} 个工作日内答复，您可以凭受理编号和查询码在“答复查询”页面查看答复。无需注册账号。</p>`;
  if (!action)
    return html`${intro}<p><a href="${o.links.live(`/items/${o.item.code}#ask`)}">到门户网站提交说明解释申请</a></p>`;
  const v = o.values ?? {};
  const e = o.errors ?? {};
  const err = (field: string) => (e[field] ? html`<p class="field-error" id="ask-${field}-error">${e[field]}</p>` : '');
  // One aria-describedby per field (a second attribute would be ignored): the error first, then any help text.
  const attrs = (field: string, help?: string) => {
    const describedBy = [e[field] ? `ask-${field}-error` : '', help ?? ''].filter(Boolean).join(' ');
    return html`${e[field] ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}`;
  };
  return html`${intro}
  ${Object.keys(e).length ? html`<div class="flash flash-error" role="alert">申请未提交：${Object.values(e).join('；')}</div>` : ''}
  <form class="ask-form" method="post" action="${action}">
    <input type="hidden" name="_form" value="${o.token}">
    <div class="field"><label for="ask-question">需要说明解释的内容（必填，不少于 ${MIN_QUESTION_CHARS} 个字）</label>
      <textarea id="ask-question" name="question" rows="5" minlength="${MIN_QUESTION_CHARS}" maxlength="${ASK_FIELDS.question.max}" required${attrs('question')}>${v.question ?? ''}</textarea>${err('question')}</div>
    <div class="field"><label for="ask-name">姓名（选填）</label>
      <input id="ask-name" name="name" maxlength="${ASK_FIELDS.name.max}" autocomplete="name" value="${v.name ?? ''}"${attrs('name')}>${err('name')}</div>
    <div class="field"><label for="ask-contact">联系电话或电子邮箱（选填）</label>
      <input id="ask-contact" name="contact" maxlength="${ASK_FIELDS.contact.max}" autocomplete="tel" value="${v.contact ?? ''}"${attrs('contact', 'ask-contact-help')}>
      <small class="help" id="ask-contact-help">手机、固定电话或电子邮箱均可。仅实施单位在需要时联系您使用，加密保存，不公开。</small>${err('contact')}</div>
    <p><button type="submit" class="primary">提交申请</button></p>
  </form>`;
}

/** The form alone (after a validation problem), with the guide one click away. */
export function askPage(item: PublicItem, links: PortalLinks, section: HtmlValue): SafeHtml {
  return html`${breadcrumbs([
    ['首页', links.home],
    [item.name, links.item(item.code)],
    ['申请说明解释', null],
  ])}
  <h1>申请说明解释：${item.name}</h1>${section}<p><a href="${links.item(item.code)}">返回办事指南</a></p>`;
}

export function receiptBody(r: ExplanationReceipt, links: PortalLinks): SafeHtml {
  return html`${breadcrumbs([
    ['首页', links.home],
    [r.itemName, links.item(r.code)],
    ['申请已受理', null],
  ])}
  <h1>说明解释申请已受理</h1>
  <div class="receipt" role="status">
    <p>您对“${r.itemName}”提出的说明解释申请已转交实施单位，答复期限为 <strong>${chinaDay(`${r.dueOn}T04:00:00Z`)}</strong>。</p>
    <dl class="facts">
      <div><dt>受理编号</dt><dd><code id="tracking-no">${r.trackingNo}</code></dd></div>
      <div><dt>查询码</dt><dd><code id="tracking-key">${r.key}</code></dd></div>
    </dl>
    <p><strong>请记下受理编号和查询码</strong>（查询码只显示这一次，系统不保存其明文）。凭二者可在<a href="${links.track}">答复查询</a>页面查看答复。</p>
  </div>`;
}

export function trackForm(links: PortalLinks, o: { trackingNo?: string; notFound?: boolean } = {}): SafeHtml {
  return html`<form class="track-form" method="post" action="${links.track}">
    ${o.notFound ? html`<div class="flash flash-error" role="alert">未找到该申请，请核对受理编号和查询码。</div>` : ''}
    <div class="field"><label for="track-no">受理编号</label><input id="track-no" name="trackingNo" maxlength="30" autocomplete="off" value="${o.trackingNo ?? ''}" required></div>
    <div class="field"><label for="track-key">查询码</label><input id="track-key" name="key" maxlength="30" autocomplete="off" required></div>
    <p><button type="submit" class="primary">查询</button></p>
  </form>`;
}

export function trackBody(links: PortalLinks, form: SafeHtml, view?: TrackingView, itemCode?: string): SafeHtml {
  return html`${breadcrumbs([
    ['首页', links.home],
    ['答复查询', null],
  ])}
  <h1>说明解释答复查询</h1>
  ${
    view
      ? html`<section class="tracking" aria-labelledby="track-h">
    <h2 id="track-h">受理编号 ${view.trackingNo}</h2>
    <dl class="facts">
      <div><dt>事项</dt><dd>${itemCode ? html`<a href="${links.item(itemCode)}">${view.itemName}</a>` : view.itemName}</dd></div>
      <div><dt>提交日期</dt><dd>${chinaDay(view.createdAt)}</dd></div>
      <div><dt>答复期限</dt><dd>${chinaDay(`${view.dueOn}T04:00:00Z`)}</dd></div>
      <div><dt>办理状态</dt><dd><strong class="status-${view.status}">${view.status === 'answered' ? '已答复' : '办理中'}</strong></dd></div>
    </dl>
    <h3>您的问题</h3>${prose(view.question)}
    <h3>实施单位答复</h3>${view.answer ? html`<div class="answer">${prose(view.answer)}<p class="muted">答复日期：${chinaDay(view.answeredAt)}</p>${view.isFaq ? html`<p>该答复已作为常见问题在办事指南中公布。</p>` : ''}</div>` : html`<p>实施单位正在办理。答复后即可在本页查看，最迟不晚于答复期限（${chinaDay(`${view.dueOn}T04:00:00Z`)}）。</p>`}
  </section>`
      : html`<p>请输入提交申请时获得的受理编号和查询码。</p>${form}`
  }`;
}
