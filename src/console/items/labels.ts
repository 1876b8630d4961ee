import { GRANULARITIES, ITEM_TYPES, LIFE_STATES, label } from '../../domain/enums.js';
import { VERSION_STATES } from '../../items/states.js';
import { html, type SafeHtml } from '../../web/html.js';

export const typeLabel = (code: string) => label(ITEM_TYPES, code);
export const granularityLabel = (code: string) => label(GRANULARITIES, code);

/** State badge: what the unit/centre sees in lists ("已发布（有修改待核验）" for a published item with a working version). */
export function stateBadge(item: {
  workflow_state: string;
  life_state: string;
  published_version_id: string | null;
  draft_version_id: string | null;
}): SafeHtml {
  const life =
    item.life_state !== 'active'
      ? html` <span class="badge badge-${item.life_state}">${label(LIFE_STATES, item.life_state)}</span>`
      : '';
  const wf = item.workflow_state;
  const pending = item.published_version_id && item.draft_version_id && wf !== 'published';
  return html`<span class="badge badge-${wf}">${pending ? `已发布（修改${label(VERSION_STATES, wf)}）` : label(VERSION_STATES, wf)}</span>${life}`;
}

export const findingsBadge = (errors: number, warnings: number): SafeHtml =>
  html`${errors ? html`<span class="badge badge-error" title="错误">${errors} 错误</span>` : ''}${warnings ? html` <span class="badge badge-warning" title="警告">${warnings} 警告</span>` : ''}${!errors && !warnings ? html`<span class="badge badge-ok">通过</span>` : ''}`;
