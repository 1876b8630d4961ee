import { html, type SafeHtml } from '../web/html.js';
import { VOTE_REASON_MAX } from './feedback.js';

/**
 * "这个指南对您有帮助吗？" on a guide page: a plain form (works without JavaScript) with two submit buttons and an
 * optional reason, carrying the page's signed form token (no session, no account).
 */
export function voteSection(o: { action: string; token: string; reason?: string; error?: string }): SafeHtml {
  return html`${o.error ? html`<div class="flash flash-error" role="alert">${o.error}</div>` : ''}
  <form class="vote-form" method="post" action="${o.action}">
    <input type="hidden" name="_form" value="${o.token}">
    <fieldset><legend class="visually-hidden">这个指南对您有帮助吗？</legend>
      <div class="field"><label for="vote-reason">原因（选填，不超过 ${VOTE_REASON_MAX} 字）</label>
        <textarea id="vote-reason" name="reason" rows="2" maxlength="${VOTE_REASON_MAX}" aria-describedby="vote-reason-help">${o.reason ?? ''}</textarea>
        <small class="help" id="vote-reason-help">只记录评价和原因，不记录您的身份、地址或联系方式；请不要在原因中填写姓名、电话等个人信息。需要实施单位答复的问题请使用上方的“申请说明解释”。</small></div>
      <p class="actions"><button type="submit" name="helpful" value="yes">有帮助</button> <button type="submit" name="helpful" value="no">没帮助</button></p>
    </fieldset>
  </form>`;
}

/** The page after a vote. */
export const thanksBody = (o: {
  itemName: string;
  itemHref: string;
  helpful: boolean;
  already?: boolean;
}): SafeHtml => html`<h1>${o.already ? '您今天已评价过本指南' : '感谢您的评价'}</h1>
  <p>${o.already ? '同一指南每天只记录一次评价。' : o.helpful ? '您的评价已记录。' : '您的评价已记录，我们会据此改进办事指南。'}</p>
  ${!o.helpful && !o.already ? html`<p>如需实施单位答复具体问题，可以<a href="${o.itemHref}#ask">申请说明解释</a>。</p>` : ''}
  <p><a href="${o.itemHref}">返回《${o.itemName}》办事指南</a></p>`;
